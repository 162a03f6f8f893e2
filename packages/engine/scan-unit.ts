// Scans one unit: format reader → detectors → field statistics, and accounts for it in coverage.

import type { NamedAs, TypeStats } from "../classifier/index.ts";
import { FieldStats, protectionOf } from "../classifier/index.ts";
import type { Source, UnitRef } from "../connectors/index.ts";
import {
  type Candidate,
  type DetectionContext,
  type Detector,
  ExposureAuditError,
  type FieldValue,
  type ReaderInput,
  type ReadLimits,
  type RecordSink,
  ROLE_BASE,
  ROLE_COUNT,
  ROLE_HITS,
  type ScanRecord,
  type SkipReason,
  TransientReadError,
  type UnitCoverage,
  UnitReadError,
} from "../core/index.ts";
import {
  DETECTORS,
  declaredKindOf,
  declaresKind,
  type FieldKind,
  fieldKind,
  fieldKindInRecord,
  fieldRole,
  isGenericIdField,
  mayHoldCandidate,
  stateHintForField,
} from "../detectors/index.ts";
import {
  DEFAULT_SAMPLE_RANGES,
  type PartSpec,
  type PartState,
  partInput,
  readUnit,
  type SampleState,
  samplingInput,
} from "../formats/index.ts";

const ARCHIVED_STORAGE_CLASSES = new Set(["GLACIER", "DEEP_ARCHIVE"]);

export interface UnitScan {
  coverage: UnitCoverage;
  fields: FieldStats[];
  /** How each field's name reads, for the classifier. */
  namedAs: Map<string | null, NamedAs>;
  /** For a part of a split object: the bytes it read (see formats/parts.ts). */
  part?: PartState;
}

/** Receives each valid, non-test value the first time its field shows it: real-data assessment. */
export interface ValueTap {
  value(stats: TypeStats, candidate: Candidate): void;
}

export interface UnitScanOptions {
  /** Real-data assessment's view of the values. Keyed by field statistics, so a retried attempt's
   * abandoned statistics are never counted. */
  tap?: ValueTap | null;
  /** Include/exclude decision per key; a key it rejects is recorded as skipped `excluded`, never read. */
  selected?: (key: string) => boolean;
  /** Spread ranges read (after the head) from units larger than `limits.maxBytes`. */
  sampleRanges?: number;
  /** Scans of one unit, the first included, when its bytes stop arriving for a passing reason. */
  attempts?: number;
  /** Pause before attempt n (n ≥ 2), in milliseconds; tests make it 0. */
  retryDelayMs?: (attempt: number) => number;
  /** Read only this part of the unit (a split object, see formats/parts.ts). */
  part?: PartSpec;
  /** Abandons the unit (a deadline): reading stops at once and scanUnit throws UnitAbortedError. */
  signal?: AbortSignal;
}

/** A unit abandoned through its signal: it has no result, and is scanned again whole later. */
export class UnitAbortedError extends ExposureAuditError {
  constructor() {
    super("unit scan abandoned before it finished");
  }
}

export const DEFAULT_UNIT_ATTEMPTS = 3;
const defaultRetryDelay = (attempt: number) => 100 * 2 ** (attempt - 2) * (0.5 + Math.random());

export async function scanUnit(
  source: Source,
  store: string,
  unit: UnitRef,
  limits: ReadLimits,
  detectors: readonly Detector[] = DETECTORS,
  options: UnitScanOptions = {},
): Promise<UnitScan> {
  if (options.selected && !options.selected(unit.key)) {
    return skipped(store, unit, "excluded", "excluded by the include/exclude patterns");
  }
  if (unit.storageClass && ARCHIVED_STORAGE_CLASSES.has(unit.storageClass)) {
    return skipped(
      store,
      unit,
      "archived-storage-class",
      `storage class ${unit.storageClass} needs a restore`,
    );
  }
  const attempts = Math.max(1, options.attempts ?? DEFAULT_UNIT_ATTEMPTS);
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new UnitAbortedError();
    // Every attempt starts over with fresh statistics: a retried unit is never counted twice.
    let transient: TransientReadError | null = null;
    const scan = await scanOnce(source, store, unit, limits, detectors, options, (error) => {
      if (error instanceof TransientReadError) transient ??= error;
    });
    // Whatever the reader made of the interruption, an abandoned unit's statistics are incomplete.
    if (signal?.aborted) throw new UnitAbortedError();
    const failure = transient as TransientReadError | null;
    if (!failure) {
      if (attempt > 1)
        addNote(scan.coverage, `read completely on attempt ${attempt} after a transient failure`);
      return scan;
    }
    if (attempt >= attempts) {
      const { coverage } = scan;
      if (coverage.status === "scanned") coverage.status = coverage.records > 0 ? "partial" : "skipped";
      coverage.reason = "read-error";
      coverage.note = `${failure.message}; gave up after ${attempts} attempts`;
      return scan;
    }
    const delay = (options.retryDelayMs ?? defaultRetryDelay)(attempt + 1);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function scanOnce(
  source: Source,
  store: string,
  unit: UnitRef,
  limits: ReadLimits,
  detectors: readonly Detector[],
  options: UnitScanOptions,
  onFailure: (error: unknown) => void,
): Promise<UnitScan> {
  const coverage = emptyCoverage(store, unit);
  const observer = new RecordObserver(detectors, detectors === DETECTORS, options.tap ?? null);
  let input = watched(source.open(unit), onFailure);
  if (options.signal) input = abortable(input, options.signal);
  const part = options.part ? partInput(input, options.part) : null;
  if (part) input = part.input;
  const done = (): UnitScan => ({
    // A part's bytes are its own records' (the header it is read behind belongs to part 0).
    coverage: {
      ...coverage,
      records: observer.records,
      ...(part ? { bytesRead: part.state.endAt - part.state.startAt } : {}),
    },
    fields: [...observer.fields.values()],
    namedAs: observer.namedAs,
    ...(part ? { part: { ...part.state } } : {}),
  });

  const sample =
    unit.size !== null && unit.size > limits.maxBytes
      ? samplingInput(input, {
          maxObjectBytes: limits.maxBytes,
          ranges: options.sampleRanges ?? DEFAULT_SAMPLE_RANGES,
        })
      : null;
  if (sample) {
    input = sample.input;
    coverage.sampled = true;
  }
  let bytesRead = () => 0;
  try {
    const result = await readUnit(input, limits, observer.screening ? observer : undefined);
    bytesRead = result.bytesRead;
    coverage.format = result.format;
    coverage.compression = result.compression;
    for await (const record of result.records) observer.observe(record);
    const first = result.notes[0];
    if (first) {
      coverage.status = "partial";
      coverage.reason = first.reason;
      coverage.note = result.notes
        .map((n) => n.message)
        .join("; ")
        .slice(0, 1000);
    }
  } catch (error) {
    const reason = error instanceof UnitReadError ? error.reason : "read-error";
    // Only our own errors carry a message we know to be free of scanned values; others may quote input.
    const note =
      error instanceof UnitReadError ? error.message : `read failed (${(error as Error)?.name ?? "error"})`;
    coverage.bytesRead = bytesRead();
    if (observer.records > 0) {
      coverage.status = "partial";
      coverage.reason = reason;
      coverage.note = note;
    } else {
      coverage.status = "skipped";
      coverage.reason = reason;
      coverage.note = note;
    }
    if (sample) describeSample(coverage, sample.state, unit.size);
    return done();
  }
  coverage.bytesRead = bytesRead();
  if (sample) describeSample(coverage, sample.state, unit.size);
  return done();
}

function emptyCoverage(store: string, unit: UnitRef): UnitCoverage {
  return {
    store,
    object: unit.key,
    status: "scanned",
    reason: null,
    note: null,
    format: null,
    compression: null,
    sizeBytes: unit.size,
    bytesRead: 0,
    records: 0,
    sampled: false,
  };
}

function skipped(store: string, unit: UnitRef, reason: SkipReason, note: string): UnitScan {
  const coverage = emptyCoverage(store, unit);
  coverage.status = "skipped";
  coverage.reason = reason;
  coverage.note = note;
  return { coverage, fields: [], namedAs: new Map() };
}

function addNote(coverage: UnitCoverage, note: string, first = false): void {
  const parts = first ? [note, coverage.note] : [coverage.note, note];
  coverage.note = parts
    .filter((p): p is string => Boolean(p))
    .join("; ")
    .slice(0, 1000);
}

const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MiB`;

/** Says how a unit over the cap was sampled and how much of it was read. */
function describeSample(coverage: UnitCoverage, state: SampleState, size: number | null): void {
  const of = `${mib(coverage.bytesRead)} of ${mib(size ?? 0)} examined`;
  if (state.mode === "ranges") {
    const spread = Math.max(0, state.rangesRead - 1);
    addNote(
      coverage,
      `sampled: the head and ${spread} of ${state.rangesPlanned - 1} spread ranges, cut to whole ${state.basis} records; ${of} (${mib(state.bytesFetched)} fetched)`,
      true,
    );
  } else {
    const why = state.basis ? ` (${state.basis})` : "";
    addNote(coverage, `sampled: read from the start up to the cap${why}; ${of}`, true);
  }
}

/** The same input, reporting every failure of its byte streams and ranged reads. */
function watched(input: ReaderInput, onFailure: (error: unknown) => void): ReaderInput {
  async function* watch(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      yield* stream;
    } catch (error) {
      onFailure(error);
      throw error;
    }
  }
  const { readRange, openRange } = input;
  return {
    ...input,
    open: () => watch(input.open()),
    ...(openRange ? { openRange: (start: number, end: number) => watch(openRange(start, end)) } : {}),
    ...(readRange
      ? {
          readRange: async (start: number, end: number) => {
            try {
              return await readRange(start, end);
            } catch (error) {
              onFailure(error);
              throw error;
            }
          },
        }
      : {}),
  };
}

/** The same input, its reads failing with UnitAbortedError as soon as the signal fires (even mid-read). */
function abortable(input: ReaderInput, signal: AbortSignal): ReaderInput {
  // One listener per pending read, removed when it settles: nothing accumulates over a long stream.
  const orAbort = <T>(read: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(new UnitAbortedError());
      const abort = () => reject(new UnitAbortedError());
      signal.addEventListener("abort", abort, { once: true });
      read().then(
        (value) => {
          signal.removeEventListener("abort", abort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", abort);
          reject(error);
        },
      );
    });
  async function* guard(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    const it = stream[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        const next = await orAbort(() => it.next());
        if (next.done) {
          finished = true;
          return;
        }
        yield next.value;
      }
    } finally {
      // Release the source's stream (an S3 body is destroyed); after an abort its pending read may
      // still be in flight, so this is not awaited.
      if (!finished) it.return?.().catch(() => undefined);
    }
  }
  const { readRange, openRange } = input;
  return {
    ...input,
    open: () => guard(input.open()),
    ...(openRange ? { openRange: (start: number, end: number) => guard(openRange(start, end)) } : {}),
    ...(readRange ? { readRange: (start: number, end: number) => orAbort(() => readRange(start, end)) } : {}),
  };
}

/** What the observer keeps per field path, so each value costs one map lookup. */
interface FieldPlan {
  readonly path: string | null;
  readonly fieldName: string | null;
  readonly stats: FieldStats;
  /** Screening role (ROLE_* bits). */
  readonly role: number;
  /** Decided once per field and unit, from the first record that has it (its siblings are cues). */
  kind: FieldKind | undefined;
  /** Generic names (`number`, `id_number`) may be typed per record by a sibling (`type: "DL"`). */
  generic: boolean;
}

/**
 * Feeds field values to the detectors and aggregates per field. Whole records go to `observe`; a
 * screening reader (RecordSink) hands over only the records that may matter as a whole, single
 * values that may hold a candidate, and counts for the rest. With the built-in detectors, values
 * that cannot hold a candidate are counted without calling the detectors (see detectors/screen.ts);
 * the outcome is the same as examining every value.
 */
class RecordObserver implements RecordSink {
  readonly fields = new Map<string | null, FieldStats>();
  readonly namedAs = new Map<string | null, NamedAs>();
  /** Records seen, whole or screened. */
  records = 0;
  private readonly plans = new Map<string | null, FieldPlan>();
  private readonly context: DetectionContext = {
    fieldPath: null,
    fieldName: null,
    stateHint: null,
    declaredKind: null,
  };

  constructor(
    private readonly detectors: readonly Detector[],
    /** True when the detectors are the built-in ones, whose needs screening knows. */
    readonly screening: boolean,
    private readonly tap: ValueTap | null,
  ) {}

  observe(record: ScanRecord): void {
    this.records++;
    for (const field of record.fields) this.observeField(record, field);
  }

  /** One field of a record, with the record as context (siblings: state, type, plate cues). */
  private observeField(record: ScanRecord, field: FieldValue): void {
    const value = field.value;
    if (value.length === 0) return;
    const plan = this.planOf(field.path);
    plan.stats.valueCount++;
    if (plan.kind === undefined) this.decideKind(plan, record);
    const path = plan.path;
    const declaredKind = plan.generic ? declaredKindOf(record, path as string) : null;
    if (declaredKind) this.namedAs.set(path, declaredKind);
    if (this.screening && declaredKind === null) {
      const base = plan.role & ROLE_BASE;
      if (base === ROLE_COUNT || (base === ROLE_HITS && !mayHoldCandidate(value))) return;
    }
    const named = declaredKind ?? namedAsOf(plan.kind as FieldKind);
    const stateHint = named === "license" ? stateHintForField(record, path) : null;
    this.examine(plan, value, named, stateHint, declaredKind);
  }

  // RecordSink: what screening readers call.

  role(path: string | null): number {
    return fieldRole(path);
  }

  declaresKind(value: string): boolean {
    return declaresKind(value);
  }

  record(record: ScanRecord): void {
    this.observe(record);
  }

  recordField(record: ScanRecord, index: number): void {
    const field = record.fields[index];
    if (field) this.observeField(record, field);
  }

  value(path: string | null, value: string): void {
    const plan = this.planOf(path);
    plan.stats.valueCount++;
    // Only fields whose kind does not depend on the record come here (not ROLE_RECORD).
    if (plan.kind === undefined) this.decideKind(plan, null);
    this.examine(plan, value, namedAsOf(plan.kind as FieldKind), null, null);
  }

  count(path: string | null, n: number): void {
    this.planOf(path).stats.valueCount += n;
  }

  screened(n: number): void {
    this.records += n;
  }

  private examine(
    plan: FieldPlan,
    value: string,
    named: NamedAs,
    stateHint: string | null,
    declaredKind: "ssn" | "license" | null,
  ): void {
    const context = this.context;
    context.fieldPath = plan.path;
    context.fieldName = plan.fieldName;
    context.stateHint = stateHint;
    context.declaredKind = declaredKind;
    const stats = plan.stats;
    for (const detector of this.detectors) {
      // A "license" column beside make/model/VIN or a product key is a plate or a software licence.
      if (plan.kind === "negative-license" && detector.dataType === "US_DRIVERS_LICENSE") continue;
      const candidates = detector.detect(value, context);
      if (candidates.length > 0) {
        const typeStats = stats.typeStats(detector.dataType);
        const fresh = typeStats.observeValue(candidates);
        if (this.tap) for (const c of fresh) this.tap.value(typeStats, c);
      } else if (namedFor(named) === detector.dataType) {
        const protection = protectionOf(value);
        if (protection) stats.typeStats(detector.dataType).observeProtected(protection);
      }
    }
  }

  private planOf(path: string | null): FieldPlan {
    let plan = this.plans.get(path);
    if (plan === undefined) {
      const stats = new FieldStats(path);
      this.fields.set(path, stats);
      plan = {
        path,
        fieldName: path === null ? null : lastSegment(path),
        stats,
        role: fieldRole(path),
        kind: undefined,
        generic: false,
      };
      this.plans.set(path, plan);
    }
    return plan;
  }

  private decideKind(plan: FieldPlan, record: ScanRecord | null): void {
    const path = plan.path;
    const kind: FieldKind =
      path === null ? "neutral" : record === null ? fieldKind(path) : fieldKindInRecord(record, path);
    plan.kind = kind;
    if (path !== null && kind === "neutral" && isGenericIdField(path)) plan.generic = true;
    this.namedAs.set(path, namedAsOf(kind));
  }
}

function namedAsOf(kind: FieldKind): NamedAs {
  return kind === "ssn" ? "ssn" : kind === "license" ? "license" : "other";
}

function namedFor(named: NamedAs) {
  return named === "ssn" ? "US_SSN" : named === "license" ? "US_DRIVERS_LICENSE" : null;
}

function lastSegment(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? path : path.slice(dot + 1);
}
