// How runPipeline runs its batches: in worker threads (one machine, all its cores), or in this thread
// with a bounded number of batches at once. Both run scanBatch, the code the scan Lambda runs, and
// give the same partial results. Threads need everything to be rebuildable from plain data; a caller
// that passes objects that cannot cross threads (pre-built sources, a custom fingerprint store, a
// retry-delay function, an S3 client without its options) gets the in-process executor.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";
import { isS3Uri } from "../../connectors/s3/uri.ts";
import type { UnitCoverage } from "../../core/index.ts";
import type { KeyProvider } from "../../fingerprints/index.ts";
import type { FingerprintOptions } from "../real-data.ts";
import type { ProductionHandoff } from "./handoff.ts";
import type { PipelineOptions } from "./pipeline.ts";
import { openBatchRealData, scanBatch } from "./scan-batch.ts";
import type { Batch, PartialResult, WorkPlan } from "./schemas.ts";
import { ThreadPool } from "./threads/pool.ts";
import { type BatchJob, BatchReply, type WorkerSettings } from "./threads/protocol.ts";
import { batchWorkerBundle } from "./threads/worker-bundle.ts";

export type ExecutorKind = "threads" | "in-process";

/** Units of one batch scanned at once inside a batch (overlaps I/O waits). */
const UNITS_PER_BATCH = 2;

export interface BatchExecutor {
  readonly kind: ExecutorKind;
  /** Batches run at once (threads, or in-process slots). */
  readonly workers: number;
  /** Why threads were not used, when they were asked for or would have been the default. */
  readonly fallback: string | null;
  scan(batch: Batch): Promise<PartialResult>;
  close(): Promise<void>;
}

export class BatchWorkerError extends Error {
  override name = "BatchWorkerError";
}

export const defaultWorkers = (): number => availableParallelism();

/** Null when the options can be rebuilt in a worker thread; else why not. */
export function threadBlocker(options: PipelineOptions): string | null {
  if (options.sources) return "pre-built sources cannot cross threads";
  if (options.fingerprints?.storage) return "a custom fingerprint store cannot cross threads";
  if (options.unit?.retryDelayMs) return "a retry-delay function cannot cross threads";
  const s3 = options.targetOptions?.s3ClientOptions;
  if (options.targets.some(isS3Uri) && !s3) return "S3 targets need targetOptions.s3ClientOptions in threads";
  if (s3?.credentials && typeof s3.credentials === "function")
    return "a credentials provider function cannot cross threads";
  return null;
}

export interface ExecutorContext {
  plan: WorkPlan;
  /** The run's key provider (loads once). */
  keyProvider: KeyProvider;
  fingerprints: FingerprintOptions;
  stateDir: string | null;
  now: Date;
  /** The run's sealed production fingerprints; null before the seal or when the run has no production. */
  handoff: () => Promise<ProductionHandoff | null>;
  /** Called for each unit done (in-process: as it ends; threads: when its batch comes back). */
  onUnit?: (coverage: UnitCoverage) => void;
}

/**
 * Threads when `executor` is "threads", or by default when more than one worker is wanted and the
 * options allow it; in-process otherwise.
 */
export async function openExecutor(
  options: PipelineOptions,
  context: ExecutorContext,
): Promise<BatchExecutor> {
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
  const wanted = options.executor ?? (workers > 1 ? "threads" : "in-process");
  const blocker = wanted === "threads" ? threadBlocker(options) : null;
  if (wanted === "threads" && !blocker) return threadExecutor(options, context, workers);
  return inProcessExecutor(options, context, workers, blocker);
}

function inProcessExecutor(
  options: PipelineOptions,
  context: ExecutorContext,
  workers: number,
  fallback: string | null,
): BatchExecutor {
  const pool = pLimit(workers);
  const sourceOf = (batch: Batch) => options.sources?.[context.plan.targets.indexOf(batch.target)];
  return {
    kind: "in-process",
    workers,
    fallback,
    scan: (batch) =>
      pool(async () => {
        const realData = await openBatchRealData(
          batch,
          { ...context.fingerprints, keyProvider: context.keyProvider },
          context.stateDir,
          context.now,
          context.handoff,
        );
        const source = sourceOf(batch);
        try {
          const outcome = await scanBatch(batch, {
            ...options,
            ...(source ? { source } : {}),
            realData,
            concurrency: options.concurrency ?? UNITS_PER_BATCH,
            ...(context.onUnit ? { onUnit: context.onUnit } : {}),
          });
          return outcome.partial;
        } finally {
          realData.dispose();
        }
      }),
    close: async () => {},
  };
}

async function threadExecutor(
  options: PipelineOptions,
  context: ExecutorContext,
  workers: number,
): Promise<BatchExecutor> {
  const key = await context.keyProvider.load();
  const s3 = options.targetOptions?.s3ClientOptions;
  const settings: WorkerSettings = {
    s3: s3
      ? {
          ...s3,
          credentials: s3.credentials as Exclude<typeof s3.credentials, (...args: never[]) => unknown>,
        }
      : null,
    ...(options.targetOptions?.accountIds ? { accountIds: { ...options.targetOptions.accountIds } } : {}),
    ...(options.targetOptions?.s3PageSize ? { s3PageSize: options.targetOptions.s3PageSize } : {}),
    ...(options.limits ? { limits: { ...options.limits } } : {}),
    select: {
      ...(options.select?.include ? { include: [...options.select.include] } : {}),
      ...(options.select?.exclude ? { exclude: [...options.select.exclude] } : {}),
    },
    unit: {
      ...(options.unit?.sampleRanges !== undefined ? { sampleRanges: options.unit.sampleRanges } : {}),
      ...(options.unit?.attempts !== undefined ? { attempts: options.unit.attempts } : {}),
    },
    fingerprints: {
      keep: context.fingerprints.storage !== null,
      keepKeyed: context.fingerprints.keepKeyed ?? false,
      ...(context.fingerprints.maxAgeDays !== undefined
        ? { maxAgeDays: context.fingerprints.maxAgeDays }
        : {}),
      ...(context.fingerprints.maxShardEntries !== undefined
        ? { maxShardEntries: context.fingerprints.maxShardEntries }
        : {}),
    },
    key: {
      source: context.keyProvider.source,
      persistent: context.keyProvider.persistent,
      material: key.forThread(),
    },
    stateDir: context.stateDir,
    concurrency: options.concurrency ?? UNITS_PER_BATCH,
  };
  // Before any thread starts: a bundling failure fails the run here, with its own error.
  const bundle = await batchWorkerBundle();
  const pool = new ThreadPool<BatchJob, unknown>(workers, () => spawnBatchWorker(bundle.url, settings));
  const productionSeen = async (): Promise<BatchJob["production"]> => {
    const sealed = await context.handoff();
    return sealed ? { stores: sealed.stores, pairs: [...sealed.pairs] } : null;
  };
  let next = 0;
  return {
    kind: "threads",
    workers,
    fallback: null,
    scan: async (batch) => {
      const job: BatchJob = {
        id: next++,
        batch,
        production: batch.production ? null : await productionSeen(),
        now: context.now.toISOString(),
      };
      let reply: BatchReply;
      try {
        reply = BatchReply.parse(await pool.run(job));
      } catch (error) {
        throw new BatchWorkerError(`batch ${batch.batchId} (${batch.store}): ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (!reply.ok) {
        throw new BatchWorkerError(
          `batch ${batch.batchId} (${batch.store}) failed in a worker thread: ${reply.error.name}: ${reply.error.message}`,
        );
      }
      if (context.onUnit) for (const unit of reply.partial.units) context.onUnit(unit.coverage);
      return reply.partial;
    },
    close: () => pool.close(),
  };
}

/** Module-loading options that load tsx: a worker running the bundle needs none of them. */
const TSX_PRELOAD = /^(--import|--require|-r|--loader|--experimental-loader)(=(.*))?$/;
const isTsx = (specifier: string) => /^tsx(\/|$)|[\\/]node_modules[\\/]tsx[\\/]/.test(specifier);
/** Options about the process's own entry (`node --input-type=module -e ...`), which a worker has not. */
const ENTRY_OPTION = /^(--eval|-e|--print|-p)$|^--input-type(=|$)/;

/**
 * The process's node options for a worker thread without those that load tsx (`node --import tsx`);
 * undefined (inherit them all) when there are none. Workers inherit execArgv, and tsx would cost each
 * one its loader and hooks thread for nothing. Listing options means dropping those about the entry.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] | undefined {
  const kept: string[] = [];
  let tsx = false;
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    const preload = TSX_PRELOAD.exec(arg);
    if (preload && preload[2] === undefined && isTsx(execArgv[i + 1] ?? "")) {
      tsx = true;
      i++;
    } else if (preload?.[3] !== undefined && isTsx(preload[3])) tsx = true;
    else if (ENTRY_OPTION.test(arg)) {
      if (!arg.includes("=")) i++; // its value
    } else kept.push(arg);
  }
  return tsx ? kept : undefined;
}

/** A worker thread running the bundled batch worker (see threads/worker-bundle.ts). */
export function spawnBatchWorker(entry: URL, settings: WorkerSettings): Worker {
  const execArgv = workerExecArgv(process.execArgv);
  try {
    return new Worker(entry, { workerData: settings, execArgv });
  } catch (error) {
    // Options that affect the whole process (--openssl-legacy-provider, V8 flags) are inherited but
    // refused when listed; Node names them in the error. Without them, or inheriting all as a last resort.
    if ((error as NodeJS.ErrnoException).code !== "ERR_WORKER_INVALID_EXEC_ARGV" || !execArgv) throw error;
    const refused = ((error as Error).message.split(": ")[1] ?? "").split(", ");
    const allowed = execArgv.filter((arg) => !refused.includes(arg.split("=")[0] as string));
    try {
      return new Worker(entry, { workerData: settings, execArgv: allowed });
    } catch {
      return new Worker(entry, { workerData: settings });
    }
  }
}
