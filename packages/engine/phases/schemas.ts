// The plan → scan → finalize contract: plain JSON that crosses Lambda and Step Functions boundaries.
// Partials hold counts, redacted samples and keyed fingerprints (hex): never a plaintext value.
import { z } from "zod";
import { DataType, EnvironmentDecision, StoreError, UnitCoverage } from "../../core/index.ts";

/** One part of a large object split at record boundaries (see formats/parts.ts). */
export const PartRef = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  format: z.enum(["csv", "jsonl", "text"]),
  delimiter: z.string().optional(),
  header: z.number().int().nonnegative(),
});
export type PartRef = z.infer<typeof PartRef>;

export const UnitRefJson = z.object({
  key: z.string(),
  size: z.number().int().nonnegative().nullable(),
  storageClass: z.string().optional(),
  etag: z.string().optional(),
  part: PartRef.optional(),
  /** What says the bytes are unchanged: see changeStamp. */
  stamp: z.string().optional(),
  /** Position in the store's listing (units of a store keep their listing order in the report). */
  at: z.number().int().nonnegative().optional(),
});
export type UnitRefJson = z.infer<typeof UnitRefJson>;

export const PlannedStore = z.object({
  target: z.string(),
  store: z.string(),
  container: z.string(),
  tags: z.record(z.string(), z.string()),
  posture: z.record(z.string(), z.string()),
  accountId: z.string().optional(),
  environment: EnvironmentDecision,
  error: StoreError.optional(),
});
export type PlannedStore = z.infer<typeof PlannedStore>;

/** Production batches run first: their fingerprints are what non-production values are looked up in. */
export const Phase = z.enum(["production", "other"]);
export type Phase = z.infer<typeof Phase>;

export const Batch = z.object({
  runId: z.string(),
  /** Stable within a run: `<store index>-<batch index>`, `@<offset>` for a continuation. */
  batchId: z.string(),
  phase: Phase,
  target: z.string(),
  store: z.string(),
  production: z.boolean(),
  units: z.array(UnitRefJson),
  bytes: z.number().int().nonnegative(),
});
export type Batch = z.infer<typeof Batch>;

/** Units of a store not put into batches: unchanged since the run that read them (see scan-state.ts). */
export const CarriedUnits = z.object({
  store: z.string(),
  units: z.array(UnitRefJson),
  /** Every object the state holds was listed again unchanged, and nothing else: the state stays as it is. */
  stateUnchanged: z.boolean().default(false),
});
export type CarriedUnits = z.infer<typeof CarriedUnits>;

/** What the plan decided about the scan state; finalize writes the next state with the same stamps. */
export const PlanIncremental = z.object({
  /** The state is written at the end of the run. */
  keep: z.boolean(),
  /** Hash of what changes results (scanner and detector versions, limits, selection, sampling). */
  config: z.string(),
  keyId: z.string().nullable(),
  notes: z.array(z.string()),
});
export type PlanIncremental = z.infer<typeof PlanIncremental>;

export const WorkPlan = z.object({
  runId: z.string(),
  startedAt: z.string(),
  targets: z.array(z.string()),
  stores: z.array(PlannedStore),
  batches: z.array(Batch),
  carried: z.array(CarriedUnits).default([]),
  incremental: PlanIncremental.nullable().default(null),
});
export type WorkPlan = z.infer<typeof WorkPlan>;

const Strengths = z.object({ strong: z.number(), medium: z.number(), weak: z.number() });
const ProtectedCounts = z.object({
  masked: z.number(),
  hashed: z.number(),
  encrypted: z.number(),
  tokenized: z.number(),
});

export const TypeStatsJson = z.object({
  dataType: DataType,
  matchCount: z.number().int(),
  testValueCount: z.number().int(),
  invalidCount: z.number().int(),
  contextual: z.number().int(),
  byStrength: Strengths,
  distinctCount: z.number().int(),
  distinctOverflow: z.boolean(),
  /** Whether the distinct values count up (a synthetic sign), decided where the values were seen. */
  sequential: z.boolean(),
  samples: z.array(z.string()),
  states: z.array(z.string()),
  protectedCounts: ProtectedCounts,
  /** Non-production: distinct values looked up in production fingerprints, and matches. */
  comparison: z.object({ checked: z.number(), matched: z.number(), productionValues: z.number() }).nullable(),
  /** Production: the field's values went into the fingerprints. */
  fingerprinted: z.boolean(),
  /** Kept for incremental runs (keyed fingerprints, 16 hex digits each; never a value). Production: the
   * field's fingerprints, so a carried object keeps them fresh in the set. Elsewhere: each looked-up
   * value's lookup fingerprints (values joined by ","), so a carried object is looked up again in a
   * later production set; null when there were more than could be kept. */
  keyed: z
    .object({ production: z.string().optional(), lookups: z.string().nullable().optional() })
    .optional(),
});
export type TypeStatsJson = z.infer<typeof TypeStatsJson>;

export const FieldJson = z.object({
  field: z.string().nullable(),
  valueCount: z.number().int(),
  namedAs: z.enum(["ssn", "license", "other"]),
  types: z.array(TypeStatsJson),
});

/**
 * What merging a part's statistics with its siblings' needs beyond counts, per field and data type:
 * keyed fingerprints (16 hex digits each, sorted) of its distinct values, of those with a numeric
 * tail and of that number and the next (the "sequential" signal), of the values looked up in
 * production and those that matched, and (production) the value fingerprints not yet kept.
 */
export const PartTypeState = z.object({
  field: z.string().nullable(),
  dataType: DataType,
  distinct: z.string(),
  parsed: z.string(),
  numbers: z.string(),
  next: z.string(),
  checked: z.string(),
  matched: z.string(),
  pending: z.string(),
});
export type PartTypeState = z.infer<typeof PartTypeState>;

export const PartJson = z.object({
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  startAt: z.number().int().nonnegative(),
  endAt: z.number().int().nonnegative(),
  straddle: z.boolean(),
  types: z.array(PartTypeState),
});
export type PartJson = z.infer<typeof PartJson>;

export const UnitJson = z.object({
  coverage: UnitCoverage,
  fields: z.array(FieldJson),
  /** Set on a part of a split object; finalize merges the parts into one unit. */
  part: PartJson.optional(),
});
export type UnitJson = z.infer<typeof UnitJson>;

export const PartialResult = z.object({
  runId: z.string(),
  batchId: z.string(),
  store: z.string(),
  phase: Phase,
  units: z.array(UnitJson),
  /** Production fingerprints collected in this batch, per data type: 16 hex digits each, sorted. */
  fingerprints: z.partialRecord(DataType, z.string()),
  /** Set when the store could not be read further while this batch ran. */
  error: StoreError.optional(),
});
export type PartialResult = z.infer<typeof PartialResult>;
