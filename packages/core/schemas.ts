// The output contract: one zod schema per public file. Types are inferred from these, never hand-written.
import { z } from "zod";

export const SCHEMA_VERSION = "1";

export const DataType = z.enum(["US_SSN", "US_DRIVERS_LICENSE"]);
export type DataType = z.infer<typeof DataType>;

export const Severity = z.enum(["critical", "high", "medium", "low", "info"]);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

export const Environment = z.enum(["production", "non-production", "unknown"]);
export type Environment = z.infer<typeof Environment>;

export const EnvironmentRule = z.enum(["config", "tags", "account", "name", "none"]);
export type EnvironmentRule = z.infer<typeof EnvironmentRule>;

export const RealData = z.enum(["confirmed", "likely", "unlikely"]);
export type RealData = z.infer<typeof RealData>;

/** How the values of a field are stored: `plaintext` is the exposure; the rest are protected forms. */
export const Exposure = z.enum(["plaintext", "masked", "hashed", "encrypted", "tokenized"]);
export type Exposure = z.infer<typeof Exposure>;

export const Format = z.enum(["csv", "json", "jsonl", "parquet", "text", "sql"]);
export type Format = z.infer<typeof Format>;

/** Why a listed unit was not (fully) scanned. Stable strings: dashboards group by them. */
export const SkipReason = z.enum([
  "empty",
  "binary",
  "unsupported-format",
  "decompression-limit",
  "truncated-compressed",
  "malformed",
  "line-too-long",
  "too-large",
  "unknown-encoding",
  "read-error",
  "access-denied",
  "not-found",
  "wrong-region",
  "archived-storage-class",
  "excluded",
  "timeout",
]);
export type SkipReason = z.infer<typeof SkipReason>;

export const EnvironmentDecision = z.object({
  environment: Environment,
  rule: EnvironmentRule,
  detail: z.string().describe("What decided it, e.g. 'name part \"qa\"' or 'tag Environment=prod'."),
});
export type EnvironmentDecision = z.infer<typeof EnvironmentDecision>;

export const Location = z.object({
  store: z.string().describe("The data store URI, e.g. s3://acme-qa-exports or file:///data/exports."),
  container: z.string().describe("Bucket name or directory name."),
  object: z.string().describe("Object key or path relative to the store."),
  field: z.string().nullable().describe("Column name or dotted JSON path; null for free text."),
});
export type Location = z.infer<typeof Location>;

export const Finding = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/)
    .describe("Stable across runs: derived from location and data type."),
  dataType: DataType,
  location: Location,
  format: Format,
  exposure: Exposure,
  protection: z
    .object({ weak: z.boolean(), note: z.string() })
    .nullable()
    .describe("For protected fields: how strong the protection looks."),
  matchCount: z.number().int().nonnegative().describe("Values in the field that hold a valid match."),
  valueCount: z.number().int().nonnegative().describe("Non-empty values examined in the field."),
  distinctCount: z.number().int().nonnegative().describe("Distinct matched values (approximate above 100k)."),
  testValueCount: z
    .number()
    .int()
    .nonnegative()
    .describe("Matches that are well-known example or test values."),
  invalidCount: z
    .number()
    .int()
    .nonnegative()
    .describe("Shaped like the data type but never issued/invalid."),
  confidence: z.enum(["high", "medium", "low"]),
  environment: Environment,
  environmentRule: EnvironmentRule,
  environmentDetail: z.string(),
  realData: RealData,
  realDataReasons: z.array(z.string()),
  productionMatches: z
    .object({
      matched: z.number().int().nonnegative(),
      checked: z.number().int().nonnegative(),
    })
    .nullable()
    .describe(
      "Outside production: of the field's distinct valid, non-test values looked up (checked), how many match keyed production fingerprints (matched). Null when not compared (production stores, protected fields, no production fingerprints on file). Counts past 100k distinct values are approximate.",
    ),
  severity: Severity,
  severityReasons: z.array(z.string()),
  evidence: z
    .array(z.string().max(64))
    .max(5)
    .describe("Redacted samples only, e.g. ***-**-6789. Never a full value."),
  states: z.array(z.string().length(2)).describe("Issuing states seen for license numbers."),
  remediation: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const UnitStatus = z.enum(["scanned", "partial", "skipped"]);
export type UnitStatus = z.infer<typeof UnitStatus>;

export const UnitCoverage = z.object({
  store: z.string(),
  object: z.string(),
  status: UnitStatus,
  reason: SkipReason.nullable(),
  note: z.string().nullable().describe("Human-readable detail for a skip or a partial scan (never PII)."),
  format: Format.nullable(),
  compression: z.enum(["none", "gzip"]).nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  bytesRead: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  sampled: z.boolean(),
  carriedFrom: z
    .string()
    .optional()
    .describe(
      "Set when the object was unchanged since an earlier run and not read again: the id of the run that read it. Its results are carried forward from that run.",
    ),
});
export type UnitCoverage = z.infer<typeof UnitCoverage>;

/** Why a whole store could not be read (or listed to the end). Its listed units are still accounted for. */
export const StoreError = z.object({
  reason: SkipReason,
  message: z.string().describe("What failed, e.g. 'ListObjectsV2: AccessDenied (HTTP 403)' (never PII)."),
});
export type StoreError = z.infer<typeof StoreError>;

export const StoreSummary = z.object({
  store: z.string(),
  container: z.string(),
  environment: Environment,
  environmentRule: EnvironmentRule,
  environmentDetail: z.string(),
  posture: z.record(z.string(), z.string()).describe("Bucket posture facts; 'unknown' where not readable."),
  objects: z.number().int().nonnegative(),
  findings: z.number().int().nonnegative(),
  error: StoreError.nullable()
    .optional()
    .describe(
      "Set when the store could not be listed (at all or to the end): access denied, no such bucket, wrong region.",
    ),
});
export type StoreSummary = z.infer<typeof StoreSummary>;

const countsBy = <T extends z.ZodEnum>(keys: T) =>
  z.object(
    Object.fromEntries(keys.options.map((k) => [k, z.number().int().nonnegative()])) as {
      [K in z.infer<T> & string]: z.ZodNumber;
    },
  );

export const FingerprintSummary = z.object({
  keyId: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .describe(
      "HMAC of a fixed label under the fingerprint key: tells keys apart, reveals nothing of the key.",
    ),
  keySource: z.string().describe("Where the key came from (environment, key file, SSM, …), never the key."),
  persisted: z
    .boolean()
    .describe("Whether production fingerprints are kept between runs (false: this run only)."),
  maxAgeDays: z
    .number()
    .int()
    .positive()
    .describe("Fingerprints not seen in production for longer are dropped."),
  productionStores: z.array(z.string()).describe("Production stores fingerprinted in this run."),
  stored: countsBy(DataType).describe(
    "Production fingerprints on file after the run (a license counts twice).",
  ),
  added: z.number().int().nonnegative(),
  agedOut: z.number().int().nonnegative(),
  notes: z.array(z.string()).describe("Problems with the fingerprint state (never a value or the key)."),
});
export type FingerprintSummary = z.infer<typeof FingerprintSummary>;
const count = () => z.number().int().nonnegative();

/** A finding named in a comparison: where it is and what it was, never its values. */
export const ComparedFinding = z.object({
  id: z.string().regex(/^[0-9a-f]{24}$/),
  dataType: DataType,
  severity: Severity,
  location: Location,
});
export type ComparedFinding = z.infer<typeof ComparedFinding>;

const ChangeCounts = z.object({
  new: count().describe("In this run, not in the previous one."),
  resolved: count().describe(
    "In the previous run; gone from a unit this run read in full, or from a unit no longer listed.",
  ),
  persisting: count().describe("In both runs."),
  unverified: count().describe(
    "In the previous run, absent now, but its unit was skipped or only partly read this run, or its store was not scanned: not counted as resolved.",
  ),
});
export type ChangeCounts = z.infer<typeof ChangeCounts>;

/** This run against the previous one (the run `latest.json` pointed at when this run began), by stable finding id. */
export const Comparison = z.object({
  previousRunId: z.string().nullable().describe("null when there is no previous run to compare with."),
  previousFinishedAt: z.iso.datetime().nullable(),
  note: z
    .string()
    .nullable()
    .describe("Why there is no comparison although a previous run exists (e.g. its files are unreadable)."),
  findings: ChangeCounts.describe("Counted by finding id."),
  findingSets: ChangeCounts.describe(
    "Counted by unit (store + object): a finding set is the findings of one object. Persisting: the object has findings in both runs.",
  ),
  new: z.array(ComparedFinding),
  resolved: z.array(ComparedFinding),
  unverified: z.array(ComparedFinding),
});
export type Comparison = z.infer<typeof Comparison>;

/** The comparison of a run that has nothing to compare with. */
export function noComparison(note: string | null = null): Comparison {
  const zero = { new: 0, resolved: 0, persisting: 0, unverified: 0 };
  return {
    previousRunId: null,
    previousFinishedAt: null,
    note,
    findings: { ...zero },
    findingSets: { ...zero },
    new: [],
    resolved: [],
    unverified: [],
  };
}

/** Incremental runs: unchanged objects are carried forward from the scan state kept in the report location. */
export const Incremental = z.object({
  stateKept: z
    .boolean()
    .describe(
      "Whether a scan state is kept for the next run (needs a report location and a kept fingerprint key).",
    ),
  carried: count().describe("Objects unchanged since an earlier run, not read again."),
  rescanned: count().describe(
    "Objects read in this run (new, changed, or not carried for a reason in notes).",
  ),
  notes: z
    .array(z.string())
    .describe("Why objects were read again although a state exists, e.g. a new scanner version or --full."),
});
export type Incremental = z.infer<typeof Incremental>;

/** Runs kept in a summary's trend, this run included. */
export const TREND_LENGTH = 12;

export const TrendPoint = z.object({
  runId: z.string(),
  finishedAt: z.iso.datetime(),
  findings: count(),
  bySeverity: countsBy(Severity),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const Summary = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  version: z.string().describe("Scanner version."),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  targets: z.array(z.string()),
  totals: z.object({
    findings: z.number().int().nonnegative(),
    bySeverity: countsBy(Severity),
    byDataType: countsBy(DataType),
    byRealData: countsBy(RealData),
    nonProductionWithRealData: z
      .array(z.string())
      .describe("Stores outside production holding confirmed or likely real data."),
  }),
  coverage: z.object({
    listed: z.number().int().nonnegative(),
    scanned: z.number().int().nonnegative(),
    partial: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    sampled: z.number().int().nonnegative(),
    bytesRead: z.number().int().nonnegative(),
    carried: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "Units unchanged since an earlier run, carried forward without being read (counted above too).",
      ),
    skippedByReason: z
      .partialRecord(SkipReason, z.number().int().nonnegative())
      .describe("Skipped units per reason; reasons with none may be omitted."),
    units: z.array(UnitCoverage),
  }),
  stores: z.array(StoreSummary),
  methodology: z.object({
    detectors: z.array(z.object({ dataType: DataType, version: z.string(), description: z.string() })),
    limits: z.record(z.string(), z.number()),
  }),
  fingerprints: FingerprintSummary.nullable().describe(
    "Keyed production fingerprints used to confirm real data outside production.",
  ),
  incremental: Incremental.optional().describe("What the scan state of earlier runs saved this run."),
  comparison: Comparison.default(() => noComparison()),
  trend: z
    .array(TrendPoint)
    .max(TREND_LENGTH)
    .default(() => [])
    .describe("Counts of the last runs, oldest first, this run last."),
});
export type Summary = z.infer<typeof Summary>;

/** `latest.json` at the report root: the newest complete run. Written last, after every file of the run. */
export const LatestPointer = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  prefix: z.string().describe("The run's prefix relative to the report root: runs/<YYYY-MM-DD>/<run-id>/."),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  files: z.array(z.string()).describe("File names under the prefix."),
});
export type LatestPointer = z.infer<typeof LatestPointer>;
