// Plan: describe every target, decide its environment, list its units and cut them into batches by
// bytes. Production batches come first (phase "production"): their fingerprints are in place before
// any non-production value is looked up.
import pLimit from "p-limit";
import { decideEnvironment, type EnvironmentConfig } from "../../assessment/index.ts";
import { type Source, StoreAccessError } from "../../connectors/index.ts";
import { newRunId } from "../run-id.ts";
import { sourcesFor, type TargetOptions } from "../targets.ts";
import { type Batch, type PlannedStore, type UnitRefJson, WorkPlan } from "./schemas.ts";
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
}

export async function planRun(options: PlanOptions): Promise<WorkPlan> {
  const startedAt = options.now ?? new Date();
  const runId = options.runId ?? newRunId(startedAt);
  const sources = options.sources ?? (await sourcesFor(options.targets, options.targetOptions));
  const maxBytes = options.maxBatchBytes ?? DEFAULT_BATCH_BYTES;
  const maxUnits = options.maxBatchUnits ?? DEFAULT_BATCH_UNITS;
  const infos = await Promise.all(sources.map((s) => s.describe()));
  const stores: PlannedStore[] = [];
  const storeBatches: Batch[][] = infos.map(() => []);
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
      try {
        for await (const unit of (sources[index] as Source).list()) {
          const ref: UnitRefJson = {
            key: unit.key,
            size: unit.size,
            ...(unit.storageClass ? { storageClass: unit.storageClass } : {}),
            ...(unit.etag ? { etag: unit.etag } : {}),
          };
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
  });
}
