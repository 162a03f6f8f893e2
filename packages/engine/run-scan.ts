// The one-machine scan behind the CLI and the bench: the phases pipeline (plan → scan batches →
// finalize, as in the serverless stack) with the CLI's defaults. With no report location the run is
// kept in memory: nothing is written, nothing is kept for the next run.
import type { EnvironmentConfig } from "../assessment/index.ts";
import type { Source } from "../connectors/index.ts";
import type { Finding, ReadLimits, Summary } from "../core/index.ts";
import {
  LocalDirectoryReportStore,
  MemoryReportStore,
  type ReportOptions,
  type ReportStore,
} from "../report/index.ts";
import { runPipeline, type ScanProgress } from "./phases/pipeline.ts";
import type { FingerprintOptions } from "./real-data.ts";
import type { UnitScanOptions } from "./scan-unit.ts";
import type { Selection } from "./select.ts";
import { stateDirectory } from "./state-location.ts";
import type { TargetOptions } from "./targets.ts";

export type { ScanProgress };

export interface ScanOptions {
  targets: string[];
  /** A local report directory; shorthand for `reportStore: new LocalDirectoryReportStore(dir)`. */
  reportDir?: string;
  /** Where the run is published (runs/<date>/<run-id>/ + latest.json): a directory or a report bucket. */
  reportStore?: ReportStore;
  /** Options of the report writers (e.g. ASFF account and region). */
  report?: ReportOptions;
  limits?: Partial<ReadLimits>;
  /** Units scanned at once within a batch. */
  concurrency?: number;
  /** Batches at once: worker threads when more than 1 (the CLI passes the machine's cores); default 1. */
  workers?: number;
  onProgress?: (progress: ScanProgress) => void;
  /** Sources for targets, when the caller builds them (tests, other stores). */
  sources?: Source[];
  /** Production fingerprints: key, where they are kept, how long. */
  fingerprints?: FingerprintOptions;
  /** What `s3://` targets need (the client): see sourcesFor. */
  targetOptions?: TargetOptions;
  /** Explicit environments (stores, accounts) from the configuration. */
  environments?: EnvironmentConfig;
  /** Include/exclude globs over object keys; excluded objects are recorded as skipped. */
  select?: Selection;
  /** Sampling of objects over `limits.maxBytes`, and retries of units whose bytes stopped arriving. */
  unit?: Pick<UnitScanOptions, "sampleRanges" | "attempts" | "retryDelayMs">;
  /** Read every object, whatever the scan state kept in the report location says. */
  full?: boolean;
}

export interface ScanResult {
  findings: Finding[];
  /** With the comparison against the previous run and the trend when the run was published. */
  summary: Summary;
  /** Where the run's prefix is (a path or an s3:// URI); null when no report location was given. */
  runDir: string | null;
  /** Where each written file is, latest.json last. */
  files: string[];
}

export async function runScan(options: ScanOptions): Promise<ScanResult> {
  const located =
    options.reportStore ?? (options.reportDir ? new LocalDirectoryReportStore(options.reportDir) : null);
  const reportStore = located ?? new MemoryReportStore();
  const result = await runPipeline({
    ...options,
    reportStore,
    stateDir: options.reportDir ? stateDirectory(options.reportDir) : null,
    // Nothing outlives a run without a report location: no scan state.
    ...(located ? {} : { scanState: null }),
    // Default: one batch at a time in this thread, `concurrency` units at once.
    workers: options.workers ?? 1,
    concurrency: options.concurrency ?? 4,
  });
  return {
    findings: result.findings,
    summary: result.summary,
    runDir: located ? located.locate(result.prefix.slice(0, -1)) : null,
    files: located ? result.keys.map((key) => located.locate(key)) : [],
  };
}
