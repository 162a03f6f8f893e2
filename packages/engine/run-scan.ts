// The one-machine pipeline: list every target, scan units with bounded concurrency, assess, report.
import pLimit from "p-limit";
import { decideEnvironment, type EnvironmentConfig } from "../assessment/index.ts";
import { type Source, StoreAccessError, type StoreInfo, type UnitRef } from "../connectors/index.ts";
import { DEFAULT_READ_LIMITS, type Finding, type ReadLimits, type Summary } from "../core/index.ts";
import { buildFindings, type ScannedStore } from "./build-findings.ts";
import { buildSummary } from "./build-summary.ts";
import { writeRunToDirectory } from "./report-location.ts";
import { newRunId } from "./run-id.ts";
import { scanUnit, type UnitScanOptions } from "./scan-unit.ts";
import { keySelector, type Selection } from "./select.ts";
import { sourcesFor, type TargetOptions } from "./targets.ts";
import { SCANNER_VERSION } from "./version.ts";

export interface ScanProgress {
  listed: number;
  done: number;
  bytesRead: number;
}

export interface ScanOptions {
  targets: string[];
  reportDir?: string;
  limits?: Partial<ReadLimits>;
  /** Units scanned at once. */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
  /** Sources for targets, when the caller builds them (tests, other stores). */
  sources?: Source[];
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
  summary: Summary;
  runDir: string | null;
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
  const stores: ScannedStore[] = [];
  for (const [index, source] of sources.entries()) {
    const info = infos[index] as StoreInfo;
    const store: ScannedStore = {
      info,
      environment: decideEnvironment(info, options.environments),
      units: [],
      ...(info.error ? { error: info.error } : {}),
    };
    stores.push(store);
    if (info.error) continue;
    const pending: Promise<void>[] = [];
    const scanOne = async (unit: UnitRef, slot: number) => {
      const scan = await scanUnit(source, info.store, unit, limits, undefined, unitOptions);
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
  if (!options.reportDir) return { findings, summary, runDir: null, files: [] };
  const written = await writeRunToDirectory(options.reportDir, { findings, summary });
  return { findings, summary, ...written };
}
