// The one-machine pipeline: list every target, scan units with bounded concurrency, assess, report.
import pLimit from "p-limit";
import { decideEnvironment } from "../assessment/index.ts";
import type { Source, StoreInfo, UnitRef } from "../connectors/index.ts";
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
import { newRunId } from "./run-id.ts";
import { scanUnit } from "./scan-unit.ts";
import { sourceFor } from "./targets.ts";
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
  const sources = options.sources ?? options.targets.map(sourceFor);
  const limit = pLimit(options.concurrency ?? 4);
  const progress: ScanProgress = { listed: 0, done: 0, bytesRead: 0 };

  // Every target is described before any is scanned: a bad target fails the run at once, not late.
  const infos = await Promise.all(sources.map((source) => source.describe()));
  const stores: ScannedStore[] = [];
  for (const [index, source] of sources.entries()) {
    const info = infos[index] as StoreInfo;
    const store: ScannedStore = { info, environment: decideEnvironment(info.container), units: [] };
    stores.push(store);
    const pending: Promise<void>[] = [];
    const scanOne = async (unit: UnitRef, slot: number) => {
      const scan = await scanUnit(source, info.store, unit, limits);
      store.units[slot] = scan;
      progress.done++;
      progress.bytesRead += scan.coverage.bytesRead;
      options.onProgress?.(progress);
    };
    let slot = 0;
    for await (const unit of source.list()) {
      progress.listed++;
      const at = slot++;
      pending.push(limit(() => scanOne(unit, at)));
    }
    await Promise.all(pending);
  }

  const findings = buildFindings(stores);
  const summary = buildSummary(
    {
      runId: newRunId(startedAt),
      version: SCANNER_VERSION,
      startedAt,
      finishedAt: new Date(),
      targets: options.targets,
      limits,
    },
    stores,
    findings,
  );
  const store =
    options.reportStore ?? (options.reportDir ? new LocalDirectoryReportStore(options.reportDir) : null);
  if (!store) return { findings, summary: withComparison(summary, findings, null), runDir: null, files: [] };
  const published = await publishRun(store, { findings, summary }, options.report);
  return {
    findings,
    summary: published.summary,
    runDir: store.locate(published.prefix.slice(0, -1)),
    files: published.keys.map((key) => store.locate(key)),
  };
}
