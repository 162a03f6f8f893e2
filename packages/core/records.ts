// What flows between the stages: format readers produce records, detectors produce candidates.
import type { DataType, Format, SkipReason } from "./schemas.ts";

/** One value of a field. `path` is a column name or dotted JSON path; null for free text. */
export interface FieldValue {
  path: string | null;
  value: string;
}

/** One record: a CSV row, a JSON document/line, a Parquet row, a text line or SQL row. */
export interface ScanRecord {
  fields: FieldValue[];
  /** 1-based row/line/record number, for notes (never for evidence). */
  position: number;
}

/** Hard limits that turn into recorded skips instead of unbounded memory or time. */
export interface ReadLimits {
  /** Cap on decompressed (or raw) bytes read from one unit. */
  maxBytes: number;
  /** Cap on decompressed/compressed ratio for gzip. */
  maxCompressionRatio: number;
  /** Longest line/record kept in memory; longer ones are truncated and noted. */
  maxLineBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 4 * 1024 ** 3,
  maxCompressionRatio: 200,
  maxLineBytes: 8 * 1024 ** 2,
};

/** A unit to read: the connector opens its bytes; the reader knows nothing else of the store. */
export interface ReaderInput {
  /** Object key or relative path: its extension is a format hint. */
  name: string;
  size: number | null;
  open: () => AsyncIterable<Uint8Array>;
  /** Random access (local files, S3 ranged GET), for formats that need it such as Parquet. */
  readRange?: (start: number, endExclusive: number) => Promise<Uint8Array>;
  /** A byte range as a stream (S3 ranged GET), for sampling large units without buffering a range. */
  openRange?: (start: number, endExclusive: number) => AsyncIterable<Uint8Array>;
}

/** A partial-scan note: something went wrong after some records were read. */
export interface ReadNote {
  reason: SkipReason;
  message: string;
}

export interface ReadResult {
  format: Format;
  compression: "none" | "gzip";
  records: AsyncIterable<ScanRecord>;
  /** Filled while `records` is iterated (truncated lines, malformed rows, …). */
  notes: ReadNote[];
  /** Decompressed bytes consumed so far; final once `records` is exhausted. */
  bytesRead(): number;
}

/** What a detector knows besides the text: the field and its record. */
export interface DetectionContext {
  /** Full path of the field (null for free text). */
  fieldPath: string | null;
  /** Last segment of the path, e.g. "number" for customer.license.number. */
  fieldName: string | null;
  /** Two-letter state from a sibling field of the same record, when one exists. */
  stateHint: string | null;
  /** What a sibling type field declares this generic field holds (`id_type: "DL"` beside `id_number`). */
  declaredKind?: "ssn" | "license" | null;
}

export type Strength = "strong" | "medium" | "weak";

/** A detector's match. `value`/`normalized` stay inside the scanner: only redacted forms leave it. */
export interface Candidate {
  dataType: DataType;
  value: string;
  normalized: string;
  start: number;
  end: number;
  pattern: string;
  strength: Strength;
  /** Passes the data type's validity rules (issued ranges, state format…). */
  valid: boolean;
  /** A well-known example/test value (e.g. 078-05-1120). */
  testValue: boolean;
  /** Two-letter issuing state, for licenses, when known. */
  state: string | null;
}

export interface Detector {
  dataType: DataType;
  version: string;
  description: string;
  detect(text: string, context: DetectionContext): Candidate[];
}
