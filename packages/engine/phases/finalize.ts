// Finalize: merge the partial results (by batch id, last write wins; each unit counted once), rebuild
// field statistics, assess real data, build findings and the summary, publish the run and latest.json.
import { DEFAULT_READ_LIMITS, type Finding, type ReadLimits, type Summary } from "../../core/index.ts";
import { publishRun, type ReportOptions, type ReportStore } from "../../report/index.ts";
import { buildFindings, type ScannedStore } from "../build-findings.ts";
import { buildSummary } from "../build-summary.ts";
import { type FingerprintOptions, RealDataAssessment } from "../real-data.ts";
import type { UnitScan } from "../scan-unit.ts";
import { SCANNER_VERSION } from "../version.ts";
import { RebuiltRealData, unitFromJson } from "./codec.ts";
import { isPart, keptFingerprints, mergeParts } from "./merge-parts.ts";
import { productionFingerprints } from "./scan-batch.ts";
import { type PartialResult, type UnitJson, WorkPlan } from "./schemas.ts";

export interface FinalizeOptions {
  plan: WorkPlan;
  partials: readonly PartialResult[];
  reportStore: ReportStore;
  report?: ReportOptions;
  limits?: Partial<ReadLimits>;
  fingerprints?: FingerprintOptions;
  stateDir?: string | null;
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

  // A unit's place is its place in the plan; a unit reported by two partials (a rerun cut at another
  // point) is counted once.
  const order = new Map<string, number>();
  let n = 0;
  for (const b of plan.batches) for (const u of b.units) order.set(`${b.store}\u0000${u.key}`, n++);
  const rebuilt = new RebuiltRealData();
  const unitsByStore = new Map<string, Map<string, { at: number; scan: UnitScan }>>();
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
      const at = order.get(`${p.store}\u0000${u.coverage.object}`) ?? Number.MAX_SAFE_INTEGER;
      units.set(u.coverage.object, { at, scan: unitFromJson(u, rebuilt) });
    }
  }
  // Parts of split objects become one unit each (counted once, statistics of the whole object).
  const production = new Set(parts.filter((p) => p.production).map((p) => p.unit.coverage.store));
  for (const merged of mergeParts(parts.map((p) => p.unit))) {
    const { store, object } = merged.unit.coverage;
    const unit = production.has(store) ? keptFingerprints(merged).unit : merged.unit;
    const at = order.get(`${store}\u0000${object}`) ?? Number.MAX_SAFE_INTEGER;
    let units = unitsByStore.get(store);
    if (!units) {
      units = new Map();
      unitsByStore.set(store, units);
    }
    units.set(object, { at, scan: unitFromJson(unit, rebuilt) });
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

  const now = options.now ?? new Date();
  const realData = await RealDataAssessment.open(options.fingerprints ?? {}, options.stateDir ?? null, now);
  const seen = productionFingerprints([...byBatch.values()]);
  realData.seedProduction(seen.stores, seen.pairs);
  const findings = buildFindings(stores, rebuilt);
  const fingerprints = await realData.finish(now);
  const summary = buildSummary(
    {
      runId: plan.runId,
      version: SCANNER_VERSION,
      startedAt: new Date(plan.startedAt),
      finishedAt: new Date(),
      targets: plan.targets,
      limits,
      fingerprints,
    },
    stores,
    findings,
  );
  const published = await publishRun(options.reportStore, { findings, summary }, options.report);
  return { findings, summary: published.summary, prefix: published.prefix, keys: published.keys };
}
