// Small factories for report tests. Evidence is redacted only: no full value ever appears in a fixture.
import { findingId } from "../../packages/core/ids.ts";
import {
  type DataType,
  type Finding,
  type Location,
  noComparison,
  type RealData,
  SCHEMA_VERSION,
  type Severity,
  type SkipReason,
  type StoreSummary,
  type Summary,
  type UnitCoverage,
} from "../../packages/core/schemas.ts";

export interface FindingInput extends Partial<Omit<Finding, "location">> {
  location?: Partial<Location>;
}

export function makeFinding(input: FindingInput = {}): Finding {
  const dataType: DataType = input.dataType ?? "US_SSN";
  const location: Location = {
    store: "s3://acme-qa-exports",
    container: "acme-qa-exports",
    object: "exports/customers.csv",
    field: "ssn",
    ...input.location,
  };
  const { location: _ignored, ...rest } = input;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: findingId(dataType, location),
    dataType,
    location,
    format: "csv",
    exposure: "plaintext",
    protection: null,
    matchCount: 980,
    valueCount: 1000,
    distinctCount: 975,
    testValueCount: 0,
    invalidCount: 3,
    confidence: "high",
    environment: "non-production",
    environmentRule: "name",
    environmentDetail: 'name part "qa"',
    realData: "likely",
    realDataReasons: ["values are SSA-valid and highly distinct"],
    productionMatches: null,
    severity: "critical",
    severityReasons: ["plaintext", "non-production store", "likely real data"],
    evidence: dataType === "US_SSN" ? ["***-**-6789", "***-**-1120"] : ["******42"],
    states: dataType === "US_DRIVERS_LICENSE" ? ["CA"] : [],
    remediation: "Remove or tokenize the column, and stop copying production data into QA.",
    ...rest,
  };
}

export function makeUnit(input: Partial<UnitCoverage> = {}): UnitCoverage {
  return {
    store: "s3://acme-qa-exports",
    object: "exports/customers.csv",
    status: "scanned",
    reason: null,
    note: null,
    format: "csv",
    compression: "none",
    sizeBytes: 2048,
    bytesRead: 2048,
    records: 1000,
    sampled: false,
    ...input,
  };
}

export function makeStore(input: Partial<StoreSummary> = {}): StoreSummary {
  return {
    store: "s3://acme-qa-exports",
    container: "acme-qa-exports",
    environment: "non-production",
    environmentRule: "name",
    environmentDetail: 'name part "qa"',
    posture: { defaultEncryption: "SSE-S3", publicAccessBlock: "all", versioning: "Enabled" },
    objects: 1,
    findings: 0,
    ...input,
  };
}

const count = <K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;

/** A summary whose totals and coverage counts are computed from the findings and units given. */
export function makeSummary(
  findings: readonly Finding[],
  input: { units?: UnitCoverage[]; stores?: StoreSummary[] } & Partial<Omit<Summary, "coverage">> = {},
): Summary {
  const { units = [makeUnit()], stores, comparison = noComparison(), trend, ...rest } = input;
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  for (const u of units)
    if (u.status === "skipped" && u.reason) skippedByReason[u.reason] = (skippedByReason[u.reason] ?? 0) + 1;
  const plaintext = findings.filter((f) => f.exposure === "plaintext");
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: "2025-03-01T02-00-00Z-ab12",
    version: "0.1.0",
    startedAt: "2025-03-01T02:00:00.000Z",
    finishedAt: "2025-03-01T02:03:05.000Z",
    durationMs: 185_000,
    targets: ["s3://acme-qa-exports"],
    totals: {
      findings: findings.length,
      bySeverity: count<Severity>(
        ["critical", "high", "medium", "low", "info"],
        findings.map((f) => f.severity),
      ),
      byDataType: count<DataType>(
        ["US_SSN", "US_DRIVERS_LICENSE"],
        findings.map((f) => f.dataType),
      ),
      byRealData: count<RealData>(
        ["confirmed", "likely", "unlikely"],
        plaintext.map((f) => f.realData),
      ),
      nonProductionWithRealData: [
        ...new Set(
          plaintext
            .filter((f) => f.environment === "non-production" && f.realData !== "unlikely")
            .map((f) => f.location.store),
        ),
      ],
    },
    coverage: {
      listed: units.length,
      scanned: units.filter((u) => u.status === "scanned").length,
      partial: units.filter((u) => u.status === "partial").length,
      skipped: units.filter((u) => u.status === "skipped").length,
      sampled: units.filter((u) => u.sampled).length,
      bytesRead: units.reduce((n, u) => n + u.bytesRead, 0),
      skippedByReason,
      units,
    },
    stores: stores ?? [makeStore({ findings: findings.length })],
    methodology: {
      detectors: [
        {
          dataType: "US_SSN",
          version: "1.0.0",
          description: "SSN shapes with context words and SSA validity rules.",
        },
        {
          dataType: "US_DRIVERS_LICENSE",
          version: "1.0.0",
          description: "Context-first license numbers with per-state formats.",
        },
      ],
      limits: { maxBytes: 4 * 1024 ** 3, maxCompressionRatio: 200, maxLineBytes: 8 * 1024 ** 2 },
    },
    fingerprints: null,
    comparison,
    trend: trend ?? [
      {
        runId: rest.runId ?? "2025-03-01T02-00-00Z-ab12",
        finishedAt: rest.finishedAt ?? "2025-03-01T02:03:05.000Z",
        findings: findings.length,
        bySeverity: count<Severity>(
          ["critical", "high", "medium", "low", "info"],
          findings.map((f) => f.severity),
        ),
      },
    ],
    ...rest,
  };
}

/** A varied, realistic set: every severity, both data types, free text, a protected field. */
export function sampleFindings(): Finding[] {
  return [
    makeFinding(),
    makeFinding({
      dataType: "US_DRIVERS_LICENSE",
      location: { field: "driver_license" },
      severity: "high",
      realData: "confirmed",
      realDataReasons: ["12 values match production fingerprints"],
    }),
    makeFinding({
      location: {
        store: "s3://acme-prod-data",
        container: "acme-prod-data",
        object: "notes/2024.txt",
        field: null,
      },
      format: "text",
      environment: "production",
      environmentRule: "tags",
      environmentDetail: "tag Environment=prod",
      severity: "medium",
      realData: "unlikely",
      realDataReasons: [],
      matchCount: 2,
      valueCount: 40,
      distinctCount: 2,
    }),
    makeFinding({
      location: { field: "customer.ssn_hash" },
      format: "json",
      exposure: "hashed",
      protection: { weak: true, note: "unsalted SHA-256: brute-forceable" },
      severity: "low",
      evidence: [],
    }),
    makeFinding({
      location: { field: "test_ssn" },
      severity: "info",
      realData: "unlikely",
      testValueCount: 10,
      matchCount: 10,
      valueCount: 10,
      distinctCount: 1,
    }),
  ];
}
