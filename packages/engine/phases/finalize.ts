// Finalize: merge the partial results (by batch id, last write wins; each unit counted once), rebuild
// field statistics, assess real data, build findings and the summary, publish the run and latest.json.
import {
  DEFAULT_READ_LIMITS,
  type Finding,
  type Incremental,
  type ReadLimits,
  type Summary,
} from "../../core/index.ts";
import type { StateStorage } from "../../fingerprints/index.ts";
import { publishRun, type ReportOptions, type ReportStore } from "../../report/index.ts";
import { buildFindings, type ScannedStore } from "../build-findings.ts";
import { buildSummary } from "../build-summary.ts";
import { type FingerprintOptions, RealDataAssessment } from "../real-data.ts";
import type { UnitScan } from "../scan-unit.ts";
import { SCANNER_VERSION } from "../version.ts";
import { RebuiltRealData, unitFromJson } from "./codec.ts";
import { productionFingerprints } from "./handoff.ts";
import { isPart, keptFingerprints, mergeParts } from "./merge-parts.ts";
import { carryable, changeStamp, type ScanStateUnit, saveScanState } from "./scan-state.ts";
import {
  type PartialResult,
  type TypeStatsJson,
  type UnitJson,
  type UnitRefJson,
  WorkPlan,
} from "./schemas.ts";

export interface FinalizeOptions {
  plan: WorkPlan;
  partials: readonly PartialResult[];
  reportStore: ReportStore;
  report?: ReportOptions;
  limits?: Partial<ReadLimits>;
  fingerprints?: FingerprintOptions;
  stateDir?: string | null;
  /** Where the scan state is written for the next run, when the plan says to keep it. */
  scanState?: StateStorage | null;
  now?: Date;
}

export interface FinalizeResult {
  findings: Finding[];
  summary: Summary;
  prefix: string;
  keys: string[];
}

export async function finalizeRun(options: FinalizeOptions): Promise<FinalizeResult> {
  const plan = WorkPlan.parse(options.plan);
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const byBatch = new Map<string, PartialResult>();
  for (const p of options.partials) if (p.runId === plan.runId) byBatch.set(p.batchId, p);

  // A unit's place is its place in its store's listing; a unit reported by two partials (a rerun cut at
  // another point) is counted once.
  const refs = new Map<string, UnitRefJson & { at: number }>();
  let n = 0;
  const place = (store: string, u: UnitRefJson) =>
    refs.set(`${store}\u0000${u.key}`, { ...u, at: u.at ?? n++ });
  for (const b of plan.batches) for (const u of b.units) place(b.store, u);
  for (const c of plan.carried) for (const u of c.units) place(c.store, u);

  const now = options.now ?? new Date();
  const realData = await RealDataAssessment.open(options.fingerprints ?? {}, options.stateDir ?? null, now);
  const seen = productionFingerprints([...byBatch.values()]);
  realData.seedProduction(seen.stores, seen.pairs);
  // A carried field's values are looked up again in this run's production fingerprints: a copy made
  // before its values reached production is confirmed once they do.
  const recheck = (t: TypeStatsJson) =>
    t.keyed?.lookups ? realData.recheck(t.dataType, t.keyed.lookups) : t.comparison;

  const rebuilt = new RebuiltRealData();
  const unitsByStore = new Map<string, Map<string, { at: number; scan: UnitScan; json: UnitJson }>>();
  const errors = new Map<string, PartialResult["error"]>();
  const parts: { unit: UnitJson; production: boolean }[] = [];
  for (const p of [...byBatch.values()].sort((a, b) => a.batchId.localeCompare(b.batchId))) {
    if (p.error) errors.set(p.store, p.error);
    let units = unitsByStore.get(p.store);
    if (!units) {
      units = new Map();
      unitsByStore.set(p.store, units);
    }
    for (const u of p.units) {
      if (isPart(u)) {
        parts.push({ unit: u, production: p.phase === "production" });
        continue;
      }
      const at = refs.get(`${p.store}\u0000${u.coverage.object}`)?.at ?? Number.MAX_SAFE_INTEGER;
      const scan = unitFromJson(u, rebuilt, u.coverage.carriedFrom ? recheck : undefined);
      units.set(u.coverage.object, { at, scan, json: u });
    }
  }
  // Parts of split objects become one unit each (counted once, statistics of the whole object).
  const production = new Set(parts.filter((p) => p.production).map((p) => p.unit.coverage.store));
  for (const merged of mergeParts(parts.map((p) => p.unit))) {
    const { store, object } = merged.unit.coverage;
    const unit = production.has(store) ? keptFingerprints(merged).unit : merged.unit;
    const at = refs.get(`${store}\u0000${object}`)?.at ?? Number.MAX_SAFE_INTEGER;
    let units = unitsByStore.get(store);
    if (!units) {
      units = new Map();
      unitsByStore.set(store, units);
    }
    units.set(object, { at, scan: unitFromJson(unit, rebuilt), json: unit });
  }
  const stores: ScannedStore[] = plan.stores.map((s) => {
    const units = [...(unitsByStore.get(s.store)?.values() ?? [])].sort((a, b) => a.at - b.at);
    const error = s.error ?? errors.get(s.store);
    return {
      info: {
        store: s.store,
        container: s.container,
        tags: s.tags,
        posture: s.posture,
        ...(s.accountId ? { accountId: s.accountId } : {}),
      },
      environment: s.environment,
      units: units.map((u) => u.scan),
      ...(error ? { error } : {}),
    };
  });

  const findings = buildFindings(stores, rebuilt);
  const fingerprints = await realData.finish(now);
  const incremental = await keepScanState(
    plan,
    options.scanState ?? null,
    fingerprints.keyId,
    refs,
    unitsByStore,
    now,
  );
  const summary = buildSummary(
    {
      runId: plan.runId,
      version: SCANNER_VERSION,
      startedAt: new Date(plan.startedAt),
      finishedAt: new Date(),
      targets: plan.targets,
      limits,
      fingerprints,
      incremental,
    },
    stores,
    findings,
  );
  const published = await publishRun(options.reportStore, { findings, summary }, options.report);
  return { findings, summary: published.summary, prefix: published.prefix, keys: published.keys };
}

/** Writes each listed store's scan state (when the plan keeps one) and says what the state saved. */
async function keepScanState(
  plan: WorkPlan,
  storage: StateStorage | null,
  keyId: string,
  refs: ReadonlyMap<string, UnitRefJson>,
  unitsByStore: ReadonlyMap<string, ReadonlyMap<string, { at: number; json: UnitJson }>>,
  now: Date,
): Promise<Incremental> {
  const decision = plan.incremental;
  const all = [...unitsByStore.values()].flatMap((units) => [...units.values()]);
  const carried = all.filter((u) => u.json.coverage.carriedFrom).length;
  const notes = [...(decision?.notes ?? [])];
  const keep = Boolean(decision?.keep && storage && decision.keyId === keyId);
  if (decision?.keep && storage && decision.keyId !== keyId) {
    notes.push("the fingerprint key changed during the run: no scan state kept");
  }
  if (keep && storage && decision) {
    for (const s of plan.stores) {
      // A store that could not be listed (to the end) keeps its previous state.
      if (s.error) continue;
      if (plan.carried.find((c) => c.store === s.store)?.stateUnchanged) continue;
      const units: ScanStateUnit[] = [];
      const listed = [...(unitsByStore.get(s.store)?.values() ?? [])].sort((a, b) => a.at - b.at);
      for (const { json } of listed) {
        const ref = refs.get(`${s.store}\u0000${json.coverage.object}`);
        const stamp = ref ? changeStamp(ref) : null;
        if (!ref || !stamp || !carryable(json)) continue;
        const { carriedFrom, ...coverage } = json.coverage;
        units.push({
          key: ref.key,
          stamp,
          size: ref.size,
          ...(ref.storageClass ? { storageClass: ref.storageClass } : {}),
          scannedIn: carriedFrom ?? plan.runId,
          unit: { ...json, coverage },
        });
      }
      try {
        await saveScanState(storage, {
          format: "exposure-audit-scan-state",
          version: 1,
          store: s.store,
          environment: s.environment.environment,
          scanner: SCANNER_VERSION,
          config: decision.config,
          keyId,
          updatedAt: now.toISOString(),
          units,
        });
      } catch (error) {
        notes.push(`${s.store}: scan state could not be saved (${(error as Error)?.name ?? "error"})`);
      }
    }
  }
  return { stateKept: keep, carried, rescanned: all.length - carried, notes };
}
