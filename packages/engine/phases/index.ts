export { hexToPairs, pairsToHex } from "./codec.ts";
export {
  type BatchExecutor,
  BatchWorkerError,
  defaultWorkers,
  type ExecutorKind,
  openExecutor,
  threadBlocker,
} from "./executor.ts";
export { type FinalizeOptions, type FinalizeResult, finalizeRun } from "./finalize.ts";
export {
  cachedHandoff,
  decodeHandoff,
  encodeHandoff,
  HANDOFF_NAME,
  handoffFromPartials,
  handoffKey,
  loadHandoff,
  type ProductionHandoff,
  ProductionHandoffError,
  ProductionHandoffHeader,
  productionFingerprints,
  sealProduction,
} from "./handoff.ts";
export { keptFingerprints, mergeParts } from "./merge-parts.ts";
export { onceKey, type PipelineOptions, type PipelineResult, runPipeline } from "./pipeline.ts";
export { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_UNITS, type PlanOptions, planRun } from "./plan.ts";
export {
  type BatchOutcome,
  DEFAULT_DEADLINE_MARGIN_MS,
  openBatchRealData,
  partialName,
  readBatchPartials,
  type ScanBatchOptions,
  scanBatch,
  writePartial,
} from "./scan-batch.ts";
export {
  changeStamp,
  configFingerprint,
  loadScanState,
  ReportStoreStateStorage,
  ScanState,
  scanStateKey,
  scanStateStorage,
} from "./scan-state.ts";
export * from "./schemas.ts";
export { DEFAULT_PART_BYTES, type SplitOptions, splitUnit } from "./split-plan.ts";
export { ThreadCrashError, ThreadPool } from "./threads/pool.ts";
export { batchWorkerBundle, WorkerBundleError } from "./threads/worker-bundle.ts";
