// Scans one unit: format reader → detectors → field statistics, and accounts for it in coverage.

import type { NamedAs, TypeStats } from "../classifier/index.ts";
import { FieldStats, protectionOf } from "../classifier/index.ts";
import type { Source, UnitRef } from "../connectors/index.ts";
import {
  type Candidate,
  type DetectionContext,
  type Detector,
  type ReadLimits,
  type ScanRecord,
  type UnitCoverage,
  UnitReadError,
} from "../core/index.ts";
import {
  DETECTORS,
  declaredKindOf,
  type FieldKind,
  fieldKindInRecord,
  isGenericIdField,
  stateHintForField,
} from "../detectors/index.ts";
import { readUnit } from "../formats/index.ts";

const ARCHIVED_STORAGE_CLASSES = new Set(["GLACIER", "DEEP_ARCHIVE"]);

/** Receives each valid, non-test value the first time its field shows it: real-data assessment. */
export interface ValueTap {
  value(stats: TypeStats, candidate: Candidate): void;
}

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
  tap: ValueTap | null = null,
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
  const observer = new RecordObserver(detectors, tap);
  const done = (): UnitScan => ({
    coverage,
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
    const result = await readUnit(source.open(unit), limits);
    bytesRead = result.bytesRead;
    coverage.format = result.format;
    coverage.compression = result.compression;
    for await (const record of result.records) {
      observer.observe(record);
      coverage.records++;
    }
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
    if (coverage.records > 0) {
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

/** Feeds every field value of every record to the detectors and aggregates per field. */
class RecordObserver {
  readonly fields = new Map<string | null, FieldStats>();
  readonly namedAs = new Map<string | null, NamedAs>();
  private readonly kinds = new Map<string | null, FieldKind>();
  private readonly genericIds = new Set<string>();

  constructor(
    private readonly detectors: readonly Detector[],
    private readonly tap: ValueTap | null,
  ) {}

  observe(record: ScanRecord): void {
    for (const field of record.fields) {
      if (field.value.length === 0) continue;
      const path = field.path;
      let stats = this.fields.get(path);
      if (!stats) {
        stats = new FieldStats(path);
        this.fields.set(path, stats);
      }
      stats.valueCount++;
      const kind = this.kindOf(record, path);
      const declaredKind = path !== null && this.genericIds.has(path) ? declaredKindOf(record, path) : null;
      if (declaredKind) this.namedAs.set(path, declaredKind);
      const named = declaredKind ?? namedAsOf(kind);
      const context: DetectionContext = {
        fieldPath: path,
        fieldName: path === null ? null : lastSegment(path),
        stateHint: named === "license" ? stateHintForField(record, path) : null,
        declaredKind,
      };
      for (const detector of this.detectors) {
        // A "license" column beside make/model/VIN or a product key is a plate or a software licence.
        if (kind === "negative-license" && detector.dataType === "US_DRIVERS_LICENSE") continue;
        const candidates = detector.detect(field.value, context);
        if (candidates.length > 0) {
          const typeStats = stats.typeStats(detector.dataType);
          const fresh = typeStats.observeValue(candidates);
          if (this.tap) for (const c of fresh) this.tap.value(typeStats, c);
        } else if (namedFor(named) === detector.dataType) {
          const protection = protectionOf(field.value);
          if (protection) stats.typeStats(detector.dataType).observeProtected(protection);
        }
      }
    }
  }

  /** Decided once per field and unit, from the first record that has it (its siblings are cues). */
  private kindOf(record: ScanRecord, path: string | null): FieldKind {
    let kind = this.kinds.get(path);
    if (kind === undefined) {
      kind = path === null ? "neutral" : fieldKindInRecord(record, path);
      this.kinds.set(path, kind);
      // Generic names (`number`, `id_number`) may be typed per record by a sibling (`type: "DL"`).
      if (path !== null && kind === "neutral" && isGenericIdField(path)) this.genericIds.add(path);
      this.namedAs.set(path, namedAsOf(kind));
    }
    return kind;
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
