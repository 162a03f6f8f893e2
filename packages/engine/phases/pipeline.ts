// The one-machine pipeline: the same plan → scan → finalize as the serverless stack, in one process
// with a pool of batch workers, partial results kept in the report store like in the cloud.
import pLimit from "p-limit";
import type { EnvironmentConfig } from "../../assessment/index.ts";
import type { Source } from "../../connectors/index.ts";
import type { ReadLimits, UnitCoverage } from "../../core/index.ts";
import {
  chooseKeyProvider,
  type FingerprintKey,
  type KeyProvider,
  type StateStorage,
} from "../../fingerprints/index.ts";
import type { ReportOptions, ReportStore } from "../../report/index.ts";
import type { FingerprintOptions } from "../real-data.ts";
import type { UnitScanOptions } from "../scan-unit.ts";
import type { Selection } from "../select.ts";
import type { TargetOptions } from "../targets.ts";
import { type FinalizeResult, finalizeRun } from "./finalize.ts";
import { planRun } from "./plan.ts";
import { openBatchRealData, readBatchPartials, scanBatch, writePartial } from "./scan-batch.ts";
import { scanStateStorage } from "./scan-state.ts";
import type { Batch, WorkPlan } from "./schemas.ts";

export interface PipelineOptions {
  targets: string[];
  reportStore: ReportStore;
  sources?: Source[];
  targetOptions?: TargetOptions;
  environments?: EnvironmentConfig;
  limits?: Partial<ReadLimits>;
  select?: Selection;
  unit?: Pick<UnitScanOptions, "sampleRanges" | "attempts" | "retryDelayMs">;
  fingerprints?: FingerprintOptions;
  stateDir?: string | null;
  report?: ReportOptions;
  /** Batches scanned at once. */
  workers?: number;
  /** Units scanned at once within a batch. */
  concurrency?: number;
  maxBatchBytes?: number;
  maxBatchUnits?: number;
  /** Where the scan state of incremental runs is kept: default, the report store's state area; null: none. */
  scanState?: StateStorage | null;
  /** Read every object, whatever the scan state says. */
  full?: boolean;
  onBatch?: (done: number, total: number) => void;
  /** Units listed, done and bytes read so far, after each unit. */
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanProgress {
  listed: number;
  done: number;
  bytesRead: number;
}

export interface PipelineResult extends FinalizeResult {
  plan: WorkPlan;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const stateDir = options.stateDir ?? null;
  // One key for every phase: an ephemeral key must not change between batches.
  const keyProvider = onceKey(
    options.fingerprints?.keyProvider ?? chooseKeyProvider({ stateDir: stateDir ?? undefined }),
  );
  const scanState =
    options.scanState === undefined ? scanStateStorage(options.reportStore) : options.scanState;
  const plan = await planRun({ ...options, scanState, keyProvider });
  const fingerprints = { ...options.fingerprints, keyProvider, keepKeyed: plan.incremental?.keep ?? false };
  const pool = pLimit(options.workers ?? 4);
  let done = 0;
  const carried = plan.carried.reduce((n, c) => n + c.units.length, 0);
  const progress: ScanProgress = {
    listed: plan.batches.reduce((n, b) => n + b.units.length, carried),
    done: carried,
    bytesRead: 0,
  };
  const onUnit = (coverage: UnitCoverage) => {
    progress.done++;
    progress.bytesRead += coverage.bytesRead;
    options.onProgress?.(progress);
  };
  const sourceOf = (batch: Batch) => options.sources?.[plan.stores.findIndex((s) => s.store === batch.store)];
  const scanAll = async (batches: Batch[]) =>
    Promise.all(
      batches.map((batch) =>
        pool(async () => {
          const realData = await openBatchRealData(batch, fingerprints, stateDir, new Date(), () =>
            readBatchPartials(options.reportStore, plan.runId),
          );
          const source = sourceOf(batch);
          const outcome = await scanBatch(batch, {
            ...options,
            ...(source ? { source } : {}),
            realData,
            concurrency: options.concurrency ?? 2,
            onUnit,
          });
          await writePartial(options.reportStore, outcome.partial);
          options.onBatch?.(++done, plan.batches.length);
        }),
      ),
    );
  // Production first, to the end: non-production batches look up the fingerprints it leaves.
  await scanAll(plan.batches.filter((b) => b.phase === "production"));
  await scanAll(plan.batches.filter((b) => b.phase === "other"));
  const partials = await readBatchPartials(options.reportStore, plan.runId);
  const result = await finalizeRun({ ...options, fingerprints, plan, partials, stateDir, scanState });
  return { ...result, plan };
}

/** A provider that loads its key once (per run, or per Lambda container) and then hands out the same key. */
export function onceKey(provider: KeyProvider): KeyProvider {
  let key: Promise<FingerprintKey> | null = null;
  return {
    source: provider.source,
    persistent: provider.persistent,
    load: () => {
      key ??= provider.load();
      return key;
    },
  };
}
