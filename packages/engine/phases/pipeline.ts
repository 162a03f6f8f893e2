// The one-machine pipeline: the same plan → scan → finalize as the serverless stack, in one process
// with a pool of batch workers, partial results kept in the report store like in the cloud.
import type { EnvironmentConfig } from "../../assessment/index.ts";
import type { Source } from "../../connectors/index.ts";
import { DEFAULT_READ_LIMITS, type ReadLimits, type UnitCoverage } from "../../core/index.ts";
import {
  chooseKeyProvider,
  type FingerprintKey,
  type KeyProvider,
  type StateStorage,
} from "../../fingerprints/index.ts";
import type { ReportOptions, ReportStore } from "../../report/index.ts";
import type { FingerprintOptions } from "../real-data.ts";
import type { UnitScanOptions } from "../scan-unit.ts";
import { keySelector, type Selection } from "../select.ts";
import type { TargetOptions } from "../targets.ts";
import { type ExecutorKind, openExecutor } from "./executor.ts";
import { type FinalizeResult, finalizeRun } from "./finalize.ts";
import { type ProductionHandoff, sealProduction } from "./handoff.ts";
import { planRun } from "./plan.ts";
import { readBatchPartials, writePartial } from "./scan-batch.ts";
import { scanStateStorage } from "./scan-state.ts";
import type { Batch, WorkPlan } from "./schemas.ts";
import { DEFAULT_PART_BYTES } from "./split-plan.ts";

/** Batch size on one machine: a few objects per batch keeps every worker busy to the end. */
export const LOCAL_BATCH_BYTES = 16 * 1024 ** 2;

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
  /** Batches scanned at once: worker threads, or in-process slots (default: the machine's cores). */
  workers?: number;
  /** Split large CSV, JSON lines and text objects into parts of about `partBytes` (default 64 MiB). Off by default. */
  split?: { partBytes?: number } | false;
  /** Default: worker threads when `workers` > 1 and the options can cross threads (see executor.ts). */
  executor?: ExecutorKind;
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
  const plan = await planRun({
    ...options,
    scanState,
    keyProvider,
    // One machine: small batches, so that objects spread over the workers (a part is a batch of its own).
    maxBatchBytes: options.maxBatchBytes ?? LOCAL_BATCH_BYTES,
    // Opt-in: the exact merge costs CPU (keyed fingerprints of each part's distinct values); see the README.
    split: options.split
      ? {
          partBytes: options.split.partBytes ?? DEFAULT_PART_BYTES,
          maxObjectBytes: { ...DEFAULT_READ_LIMITS, ...options.limits }.maxBytes,
          selected: keySelector(options.select ?? {}),
        }
      : null,
  });
  const fingerprints = { ...options.fingerprints, keyProvider, keepKeyed: plan.incremental?.keep ?? false };
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
  // Sealed once after the production phase, for every non-production batch (as the SealProduction state).
  let handoff: ProductionHandoff | null = null;
  const executor = await openExecutor(options, {
    plan,
    keyProvider,
    fingerprints,
    stateDir,
    now: new Date(),
    handoff: async () => handoff,
    onUnit,
  });
  let done = 0;
  const scanAll = (batches: Batch[]) =>
    Promise.all(
      batches.map(async (batch) => {
        const partial = await executor.scan(batch);
        await writePartial(options.reportStore, partial);
        options.onBatch?.(++done, plan.batches.length);
      }),
    );
  try {
    // Production first, to the end: non-production batches look up the fingerprints it leaves.
    await scanAll(plan.batches.filter((b) => b.phase === "production"));
    handoff = await sealProduction(options.reportStore, plan.runId);
    await scanAll(plan.batches.filter((b) => b.phase === "other"));
  } finally {
    await executor.close();
  }
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
