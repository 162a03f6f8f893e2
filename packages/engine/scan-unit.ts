// Scans one unit: format reader → detectors → field statistics, and accounts for it in coverage.

import type { NamedAs } from "../classifier/index.ts";
import { FieldStats, protectionOf } from "../classifier/index.ts";
import type { Source, UnitRef } from "../connectors/index.ts";
import {
  type DetectionContext,
  type Detector,
  type FieldValue,
  type ReadLimits,
  type RecordSink,
  ROLE_BASE,
  ROLE_COUNT,
  ROLE_HITS,
  type ScanRecord,
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
import { readUnit } from "../formats/index.ts";

const ARCHIVED_STORAGE_CLASSES = new Set(["GLACIER", "DEEP_ARCHIVE"]);

export interface UnitScan {
  coverage: UnitCoverage;
  fields: FieldStats[];
  /** How each field's name reads, for the classifier. */
  namedAs: Map<string | null, NamedAs>;
}

export async function scanUnit(
  source: Source,
  store: string,
  unit: UnitRef,
  limits: ReadLimits,
  detectors: readonly Detector[] = DETECTORS,
): Promise<UnitScan> {
  const coverage: UnitCoverage = {
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
  const observer = new RecordObserver(detectors, detectors === DETECTORS);
  const done = (): UnitScan => ({
    coverage: { ...coverage, records: observer.records },
    fields: [...observer.fields.values()],
    namedAs: observer.namedAs,
  });

  if (unit.storageClass && ARCHIVED_STORAGE_CLASSES.has(unit.storageClass)) {
    return skip(
      coverage,
      "archived-storage-class",
      `storage class ${unit.storageClass} needs a restore`,
      done,
    );
  }
  let bytesRead = () => 0;
  try {
    const result = await readUnit(source.open(unit), limits, observer.screening ? observer : undefined);
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
      return done();
    }
    return skip(coverage, reason, note, done);
  }
  coverage.bytesRead = bytesRead();
  return done();
}

function skip(
  coverage: UnitCoverage,
  reason: UnitCoverage["reason"],
  note: string,
  done: () => UnitScan,
): UnitScan {
  coverage.status = "skipped";
  coverage.reason = reason;
  coverage.note = note;
  return done();
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
        stats.typeStats(detector.dataType).observeValue(candidates);
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
