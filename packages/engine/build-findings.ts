// Turns field verdicts into canonical findings: assessment, severity, then the ordered post-processing steps.

import type { ProductionComparison } from "../assessment/index.ts";
import { assessRealData, remediationFor, severityOf } from "../assessment/index.ts";
import type { FieldVerdict, TypeStats } from "../classifier/index.ts";
import { fieldVerdicts } from "../classifier/index.ts";
import type { StoreInfo } from "../connectors/index.ts";
import {
  type EnvironmentDecision,
  Finding,
  findingId,
  SCHEMA_VERSION,
  SEVERITY_ORDER,
  type StoreError,
} from "../core/index.ts";
import type { TypeStatsJson } from "./phases/schemas.ts";
import type { UnitScan } from "./scan-unit.ts";

export interface ScannedStore {
  info: StoreInfo;
  environment: EnvironmentDecision;
  units: UnitScan[];
  /** The store could not be listed (at all, or to the end). */
  error?: StoreError;
}

/** What findings need from the real-data assessment (live, or rebuilt from partial results). */
export interface RealDataView {
  comparisonFor(stats: TypeStats): ProductionComparison | null;
  fingerprinted(stats: TypeStats): boolean;
  /** Keyed fingerprints kept for the scan state (incremental runs). */
  keyedFor?(stats: TypeStats): TypeStatsJson["keyed"];
}

export function buildFindings(stores: ScannedStore[], realData: RealDataView | null = null): Finding[] {
  const raw: Finding[] = [];
  for (const store of stores) {
    for (const unit of store.units) {
      if (!unit.coverage.format) continue;
      for (const field of unit.fields) {
        for (const verdict of fieldVerdicts(field, unit.namedAs.get(field.field) ?? "other")) {
          raw.push(toFinding(store, unit, verdict, realData));
        }
      }
    }
  }
  return POST_PROCESSING.reduce((findings, step) => step(findings), raw);
}

function toFinding(
  store: ScannedStore,
  unit: UnitScan,
  verdict: FieldVerdict,
  realData: RealDataView | null,
): Finding {
  const { stats } = verdict;
  const location = {
    store: store.info.store,
    container: store.info.container,
    object: unit.coverage.object,
    field: verdict.field,
  };
  const plaintext = verdict.exposure === "plaintext";
  const comparison = plaintext ? (realData?.comparisonFor(stats) ?? null) : null;
  const real = plaintext
    ? assessRealData(stats, comparison)
    : { realData: "unlikely" as const, reasons: ["no plaintext values: the field is protected"] };
  if (realData?.fingerprinted(stats)) {
    real.reasons.push("production values: fingerprinted (keyed HMAC) to find copies outside production");
  }
  const allTestValues = stats.matchCount > 0 && stats.testValueCount === stats.matchCount;
  const severity = severityOf({
    exposure: verdict.exposure,
    environment: store.environment.environment,
    realData: real.realData,
    weakProtection: verdict.protection?.weak ?? false,
    allTestValues,
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    id: findingId(verdict.dataType, location),
    dataType: verdict.dataType,
    location,
    format: unit.coverage.format ?? "text",
    exposure: verdict.exposure,
    protection: verdict.protection,
    matchCount: verdict.exposure === "plaintext" ? stats.matchCount : stats.protectedTotal,
    valueCount: verdict.valueCount,
    distinctCount: stats.distinctCount,
    testValueCount: stats.testValueCount,
    invalidCount: stats.invalidCount,
    confidence: verdict.confidence,
    environment: store.environment.environment,
    environmentRule: store.environment.rule,
    environmentDetail: store.environment.detail,
    realData: real.realData,
    realDataReasons: real.reasons,
    productionMatches:
      comparison && comparison.productionValues > 0
        ? { matched: comparison.matched, checked: comparison.checked }
        : null,
    severity: severity.severity,
    severityReasons: severity.reasons,
    evidence: [...stats.samples],
    states: [...stats.states].sort(),
    remediation: remediationFor(verdict.exposure, store.environment.environment),
  };
}

type Step = (findings: Finding[]) => Finding[];

const dedupe: Step = (findings) => [...new Map(findings.map((f) => [f.id, f])).values()];

// Suppression rules (config-driven) arrive with the config file; the step is already in its place.
const suppress: Step = (findings) => findings;

const REDACTED = /^[*]{3}-[*]{2}-\d{4}$|^[*]{3,}[0-9A-Z]{1,2}$/;
/** Last line of defence: any evidence not in a redacted shape is dropped, never written. */
const redact: Step = (findings) =>
  findings.map((f) => ({ ...f, evidence: f.evidence.filter((e) => REDACTED.test(e)) }));

const sort: Step = (findings) =>
  [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.location.store.localeCompare(b.location.store) ||
      a.location.object.localeCompare(b.location.object) ||
      (a.location.field ?? "").localeCompare(b.location.field ?? "") ||
      a.dataType.localeCompare(b.dataType),
  );

const validate: Step = (findings) => findings.map((f) => Finding.parse(f));

const POST_PROCESSING: Step[] = [dedupe, suppress, redact, sort, validate];
