// The one-machine pipeline: list every target, scan units with bounded concurrency, assess, report.
import pLimit from "p-limit";
import { decideEnvironment, type EnvironmentConfig } from "../assessment/index.ts";
import { type Source, StoreAccessError, type StoreInfo, type UnitRef } from "../connectors/index.ts";
import { DEFAULT_READ_LIMITS, type Finding, type ReadLimits, type Summary } from "../core/index.ts";
import {
  LocalDirectoryReportStore,
  publishRun,
  type ReportOptions,
  type ReportStore,
  withComparison,
} from "../report/index.ts";
import { buildFindings, type ScannedStore } from "./build-findings.ts";
import { buildSummary } from "./build-summary.ts";
import { type FingerprintOptions, RealDataAssessment } from "./real-data.ts";
import { newRunId } from "./run-id.ts";
import { scanUnit, type UnitScanOptions } from "./scan-unit.ts";
import { keySelector, type Selection } from "./select.ts";
import { stateDirectory } from "./state-location.ts";
import { sourcesFor, type TargetOptions } from "./targets.ts";
import { SCANNER_VERSION } from "./version.ts";

export interface ScanProgress {
  listed: number;
  done: number;
  bytesRead: number;
}

export interface ScanOptions {
  targets: string[];
  /** A local report directory; shorthand for `reportStore: new LocalDirectoryReportStore(dir)`. */
  reportDir?: string;
  /** Where the run is published (runs/<date>/<run-id>/ + latest.json): a directory or a report bucket. */
  reportStore?: ReportStore;
  /** Options of the report writers (e.g. ASFF account and region). */
  report?: ReportOptions;
  limits?: Partial<ReadLimits>;
  /** Units scanned at once. */
  concurrency?: number;
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
  const startedAt = new Date();
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const sources = options.sources ?? (await sourcesFor(options.targets, options.targetOptions));
  const selected = keySelector(options.select ?? {});
  const unitOptions: UnitScanOptions = { ...options.unit, ...(selected ? { selected } : {}) };
  const limit = pLimit(options.concurrency ?? 4);
  const progress: ScanProgress = { listed: 0, done: 0, bytesRead: 0 };

  // Every target is described before any is scanned: a bad target fails the run at once, not late.
  const infos = await Promise.all(sources.map((source) => source.describe()));
  const stores: ScannedStore[] = infos.map((info) => ({
    info,
    environment: decideEnvironment(info, options.environments),
    units: [],
    ...(info.error ? { error: info.error } : {}),
  }));
  const realData = await RealDataAssessment.open(
    options.fingerprints ?? {},
    options.reportDir ? stateDirectory(options.reportDir) : null,
    startedAt,
  );
  // Production first: its fingerprints are then in place when non-production values are looked up.
  const order = [...stores.keys()].sort(
    (a, b) => rank(stores[a] as ScannedStore) - rank(stores[b] as ScannedStore) || a - b,
  );
  for (const index of order) {
    const source = sources[index] as Source;
    const store = stores[index] as ScannedStore;
    const info: StoreInfo = store.info;
    if (info.error) continue;
    const pending: Promise<void>[] = [];
    const scanOne = async (unit: UnitRef, slot: number) => {
      const tap = realData.tapFor(store.environment.environment);
      const scan = await scanUnit(source, info.store, unit, limits, undefined, { ...unitOptions, tap });
      realData.afterUnit(tap, scan, info.store);
      store.units[slot] = scan;
      progress.done++;
      progress.bytesRead += scan.coverage.bytesRead;
      options.onProgress?.(progress);
    };
    let slot = 0;
    try {
      for await (const unit of source.list()) {
        progress.listed++;
        const at = slot++;
        pending.push(limit(() => scanOne(unit, at)));
      }
    } catch (error) {
      // A bucket that cannot be listed (further) is recorded on its store; what was listed is still scanned.
      if (!(error instanceof StoreAccessError)) throw error;
      store.error = { reason: error.reason, message: error.message };
    }
    await Promise.all(pending);
  }

  const findings = buildFindings(stores, realData);
  const fingerprints = await realData.finish(new Date());
  const summary = buildSummary(
    {
      runId: newRunId(startedAt),
      version: SCANNER_VERSION,
      startedAt,
      finishedAt: new Date(),
      targets: options.targets,
      limits,
      fingerprints,
    },
    stores,
    findings,
  );
  const reportStore =
    options.reportStore ?? (options.reportDir ? new LocalDirectoryReportStore(options.reportDir) : null);
  if (!reportStore) {
    return { findings, summary: withComparison(summary, findings, null), runDir: null, files: [] };
  }
  const published = await publishRun(reportStore, { findings, summary }, options.report);
  return {
    findings,
    summary: published.summary,
    runDir: reportStore.locate(published.prefix.slice(0, -1)),
    files: published.keys.map((key) => reportStore.locate(key)),
  };
}

const rank = (store: ScannedStore) => (store.environment.environment === "production" ? 0 : 1);
