// The run summary: totals, coverage of every listed unit, stores, methodology.
import {
  DataType,
  type Finding,
  type FingerprintSummary,
  type Incremental,
  type ReadLimits,
  RealData,
  SCHEMA_VERSION,
  Severity,
  type SkipReason,
  Summary,
} from "../core/index.ts";
import { DETECTORS } from "../detectors/index.ts";
import type { ScannedStore } from "./build-findings.ts";

export interface RunInfo {
  runId: string;
  version: string;
  startedAt: Date;
  finishedAt: Date;
  targets: string[];
  limits: ReadLimits;
  fingerprints?: FingerprintSummary | null;
  incremental?: Incremental;
}

export function buildSummary(run: RunInfo, stores: ScannedStore[], findings: Finding[]): Summary {
  const units = stores.flatMap((s) => s.units.map((u) => u.coverage));
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  for (const unit of units) {
    if (unit.status === "skipped" && unit.reason) {
      skippedByReason[unit.reason] = (skippedByReason[unit.reason] ?? 0) + 1;
    }
  }
  const nonProductionWithRealData = [
    ...new Set(
      findings
        .filter(
          (f) =>
            f.environment === "non-production" &&
            f.exposure === "plaintext" &&
            (f.realData === "confirmed" || f.realData === "likely"),
        )
        .map((f) => f.location.store),
    ),
  ];
  return Summary.parse({
    schemaVersion: SCHEMA_VERSION,
    runId: run.runId,
    version: run.version,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
    targets: run.targets,
    totals: {
      findings: findings.length,
      bySeverity: countBy(Severity.options, findings, (f) => f.severity),
      byDataType: countBy(DataType.options, findings, (f) => f.dataType),
      byRealData: countBy(
        RealData.options,
        findings.filter((f) => f.exposure === "plaintext"),
        (f) => f.realData,
      ),
      nonProductionWithRealData,
    },
    coverage: {
      listed: units.length,
      scanned: units.filter((u) => u.status === "scanned").length,
      partial: units.filter((u) => u.status === "partial").length,
      skipped: units.filter((u) => u.status === "skipped").length,
      sampled: units.filter((u) => u.sampled).length,
      bytesRead: units.reduce((n, u) => n + u.bytesRead, 0),
      carried: units.filter((u) => u.carriedFrom).length,
      skippedByReason,
      units,
    },
    stores: stores.map((s) => ({
      store: s.info.store,
      container: s.info.container,
      environment: s.environment.environment,
      environmentRule: s.environment.rule,
      environmentDetail: s.environment.detail,
      posture: s.info.posture,
      objects: s.units.length,
      findings: findings.filter((f) => f.location.store === s.info.store).length,
      error: s.error ?? null,
    })),
    methodology: {
      detectors: DETECTORS.map((d) => ({
        dataType: d.dataType,
        version: d.version,
        description: d.description,
      })),
      limits: { ...run.limits },
    },
    fingerprints: run.fingerprints ?? null,
    ...(run.incremental ? { incremental: run.incremental } : {}),
  });
}

function countBy<K extends string>(keys: readonly K[], findings: Finding[], key: (f: Finding) => K) {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const f of findings) counts[key(f)]++;
  return counts;
}
