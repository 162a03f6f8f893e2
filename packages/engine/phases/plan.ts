// Plan: describe every target, decide its environment, list its units and cut them into batches by
// bytes. Production batches come first (phase "production"): their fingerprints are in place before
// any non-production value is looked up. With a scan state, objects unchanged since the run that read
// them are not put into batches: they are carried (their results written as a partial of their own).
import pLimit from "p-limit";
import { decideEnvironment, type EnvironmentConfig } from "../../assessment/index.ts";
import { type Source, StoreAccessError } from "../../connectors/index.ts";
import type { Environment } from "../../core/index.ts";
import type { KeyProvider, StateStorage } from "../../fingerprints/index.ts";
import type { ReportStore } from "../../report/index.ts";
import { newRunId } from "../run-id.ts";
import { sourcesFor, type TargetOptions } from "../targets.ts";
import { SCANNER_VERSION } from "../version.ts";
import { writePartial } from "./scan-batch.ts";
import {
  configFingerprint,
  loadScanState,
  type ResultInputs,
  type ScanStateUnit,
  sameObject,
} from "./scan-state.ts";
import {
  type Batch,
  type CarriedUnits,
  type PartialResult,
  type PlanIncremental,
  type PlannedStore,
  type UnitRefJson,
  WorkPlan,
} from "./schemas.ts";
import { type SplitOptions, splitUnit } from "./split-plan.ts";

export const DEFAULT_BATCH_BYTES = 512 * 1024 ** 2;
export const DEFAULT_BATCH_UNITS = 1000;
/** Stores listed at once (each S3 store also fans its listing out; see connectors/s3/list-objects.ts). */
export const DEFAULT_STORE_CONCURRENCY = 4;

export interface PlanOptions {
  targets: string[];
  sources?: Source[];
  targetOptions?: TargetOptions;
  environments?: EnvironmentConfig;
  /** A batch closes once it holds this many bytes (a unit is never split). */
  maxBatchBytes?: number;
  /** …or this many units (small objects cost a request each). */
  maxBatchUnits?: number;
  /** Stores listed at once. */
  storeConcurrency?: number;
  runId?: string;
  now?: Date;
  /** Split large text objects into parts scanned as units of their own (see split-plan.ts); off by default. */
  split?: SplitOptions | null;
  /** Incremental runs: where the scan state is (null or absent: every object is read). */
  scanState?: StateStorage | null;
  /** Where carried objects' results are written, as a partial of the run. */
  reportStore?: ReportStore;
  /** The fingerprint key: a state is only valid under the key it was made with. */
  keyProvider?: KeyProvider;
  /** Read every object, whatever the state says (the state is still written for the next run). */
  full?: boolean;
}

export async function planRun(options: PlanOptions & ResultInputs): Promise<WorkPlan> {
  const startedAt = options.now ?? new Date();
  const runId = options.runId ?? newRunId(startedAt);
  const sources = options.sources ?? (await sourcesFor(options.targets, options.targetOptions));
  const maxBytes = options.maxBatchBytes ?? DEFAULT_BATCH_BYTES;
  const maxUnits = options.maxBatchUnits ?? DEFAULT_BATCH_UNITS;
  const infos = await Promise.all(sources.map((s) => s.describe()));
  const stores: PlannedStore[] = [];
  const storeBatches: Batch[][] = infos.map(() => []);
  const storeCarried: (CarriedUnits | null)[] = infos.map(() => null);
  const incremental = await openIncremental(options);
  const limit = pLimit(options.storeConcurrency ?? DEFAULT_STORE_CONCURRENCY);
  // Stores are listed concurrently; each keeps its own batches, joined in store order below.
  const listing = infos.map((info, index) => {
    const batches = storeBatches[index] as Batch[];
    const environment = decideEnvironment(info, options.environments);
    const planned: PlannedStore = {
      target: options.targets[index] ?? info.store,
      store: info.store,
      container: info.container,
      tags: info.tags,
      posture: info.posture,
      ...(info.accountId ? { accountId: info.accountId } : {}),
      environment,
      ...(info.error ? { error: info.error } : {}),
    };
    stores.push(planned);
    if (info.error) return Promise.resolve();
    const production = environment.environment === "production";
    let units: UnitRefJson[] = [];
    let bytes = 0;
    let n = 0;
    let at = 0;
    const close = () => {
      if (units.length === 0) return;
      batches.push({
        runId,
        batchId: `${index}-${n++}`,
        phase: production ? "production" : "other",
        target: planned.target,
        store: info.store,
        production,
        units,
        bytes,
      });
      units = [];
      bytes = 0;
    };
    return limit(async () => {
      const previous = await incremental.previous(info.store, environment.environment);
      const carriedRefs: UnitRefJson[] = [];
      const carriedUnits: ScanStateUnit[] = [];
      try {
        for await (const unit of (sources[index] as Source).list()) {
          const ref: UnitRefJson = {
            key: unit.key,
            size: unit.size,
            ...(unit.storageClass ? { storageClass: unit.storageClass } : {}),
            ...(unit.etag ? { etag: unit.etag } : {}),
            ...(unit.stamp ? { stamp: unit.stamp } : {}),
            at: at++,
          };
          const entry = previous?.get(unit.key);
          if (entry && sameObject(entry, ref)) {
            carriedRefs.push(ref);
            carriedUnits.push(entry);
            continue;
          }
          const parts = options.split ? await splitUnit(sources[index] as Source, ref, options.split) : [ref];
          if (parts.length > 1) {
            // Each part is a batch of its own, so the parts of one object spread over the workers.
            close();
            for (const part of parts) {
              units.push(part);
              bytes += part.part ? part.part.end - part.part.start : 0;
              close();
            }
            continue;
          }
          units.push(ref);
          bytes += unit.size ?? 0;
          if (bytes >= maxBytes || units.length >= maxUnits) close();
        }
      } catch (error) {
        if (!(error instanceof StoreAccessError)) throw error;
        planned.error = { reason: error.reason, message: error.message };
      }
      close();
      if (carriedUnits.length > 0 && options.reportStore) {
        // No batch (every listed object carried) and every kept object listed: nothing to rewrite.
        const stateUnchanged = n === 0 && !planned.error && carriedUnits.length === previous?.size;
        storeCarried[index] = { store: info.store, units: carriedRefs, stateUnchanged };
        await writePartial(
          options.reportStore,
          carriedPartial(runId, index, info.store, production, carriedUnits),
        );
      }
    });
  });
  await Promise.all(listing);
  const batches = storeBatches.flat();
  batches.sort((a, b) => (a.phase === b.phase ? 0 : a.phase === "production" ? -1 : 1));
  return WorkPlan.parse({
    runId,
    startedAt: startedAt.toISOString(),
    targets: options.targets,
    stores,
    batches,
    carried: storeCarried.filter((c): c is CarriedUnits => c !== null),
    incremental: incremental.decision,
  });
}

/** Carried objects' results as a partial of the run: finalize and production lookups treat them as scanned. */
function carriedPartial(
  runId: string,
  index: number,
  store: string,
  production: boolean,
  units: readonly ScanStateUnit[],
): PartialResult {
  const fingerprints: PartialResult["fingerprints"] = {};
  for (const entry of units) {
    for (const field of entry.unit.fields) {
      for (const t of field.types) {
        if (production && t.keyed?.production)
          fingerprints[t.dataType] = (fingerprints[t.dataType] ?? "") + t.keyed.production;
      }
    }
  }
  return {
    runId,
    batchId: `${index}-carried`,
    store,
    phase: production ? "production" : "other",
    units: units.map((e) => ({ ...e.unit, coverage: { ...e.unit.coverage, carriedFrom: e.scannedIn } })),
    fingerprints,
  };
}

interface Incremental {
  decision: PlanIncremental | null;
  /** The store's carried-candidate objects by key, or null when every object is to be read. */
  previous(store: string, environment: Environment): Promise<Map<string, ScanStateUnit> | null>;
}

async function openIncremental(options: PlanOptions & ResultInputs): Promise<Incremental> {
  const none: Incremental = { decision: null, previous: async () => null };
  const storage = options.scanState;
  if (!storage || !options.reportStore) return none;
  const config = configFingerprint(options);
  const provider = options.keyProvider;
  if (!provider?.persistent) {
    return {
      decision: {
        keep: false,
        config,
        keyId: null,
        notes: [
          "the fingerprint key is not kept between runs: every object is read, and no scan state is kept",
        ],
      },
      previous: async () => null,
    };
  }
  const keyId = (await provider.load()).id;
  const notes: string[] = [];
  const decision: PlanIncremental = { keep: true, config, keyId, notes };
  if (options.full) {
    notes.push("full rescan requested: every object is read");
    return { decision, previous: async () => null };
  }
  return {
    decision,
    previous: async (store, environment) => {
      const { state, problem } = await loadScanState(storage, store);
      const why = problem
        ? `${problem}: starting over`
        : !state
          ? null
          : state.scanner !== SCANNER_VERSION
            ? `scanner version changed (${state.scanner} → ${SCANNER_VERSION})`
            : state.config !== config
              ? "detector configuration changed (detector versions, read limits, include/exclude or sampling)"
              : state.keyId !== keyId
                ? "the fingerprint key changed"
                : state.environment !== environment
                  ? `the store's environment changed (${state.environment} → ${environment})`
                  : null;
      if (why) notes.push(`${store}: ${why}; every object read again`);
      else if (!state) notes.push(`${store}: no scan state yet; every object read`);
      if (!state || why) return null;
      return new Map(state.units.map((u) => [u.key, u]));
    },
  };
}
