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
  /** The text format decided beforehand (parts of a split object read as their object's head says). */
  format?: { format: "csv" | "jsonl" | "text"; delimiter?: string };
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

// ---------------------------------------------------------------------------------------------------------
// Screening: readers that can, skip the work for values that cannot hold a candidate.

/**
 * How a reader treats the values of one field when it screens records (RecordSink.role). The low two
 * bits are the base role; ROLE_GENERIC and ROLE_TYPE are flags on top of it.
 * - ROLE_COUNT: no value of the field can hold a candidate (phone, zip, state, plate…): counted only.
 * - ROLE_HITS: a value is examined only when it may hold a candidate (see RecordSink).
 * - ROLE_VALUE: every value is examined, alone (its meaning does not depend on the record: SSN fields).
 * - ROLE_RECORD: a non-empty value needs the whole record (licence fields: the state sibling, and
 *   the siblings that make a "license" column a plate or a software licence).
 * - ROLE_GENERIC: a generic id field (`number`, `id_number`) that a type sibling may declare.
 * - ROLE_TYPE: a type field (`type`, `id_type`): when its value declares a kind (RecordSink.declaresKind)
 *   and a non-empty generic field shares its parent path (the path up to the last dot), the whole
 *   record is needed.
 * - ROLE_CONTEXT: siblings read this field's value (states, types); in a context record (see
 *   RecordSink.recordField) only these values, and the examined field's, must be real.
 */
export const ROLE_COUNT = 0;
export const ROLE_HITS = 1;
export const ROLE_VALUE = 2;
export const ROLE_RECORD = 3;
export const ROLE_BASE = 3;
export const ROLE_GENERIC = 4;
export const ROLE_TYPE = 8;
export const ROLE_CONTEXT = 16;

/**
 * What a screening reader hands its records to, instead of yielding them (see readUnit). Everything
 * must reach the sink in record order: evidence samples and per-field decisions depend on it.
 * Records that may matter as a whole go to `record`; of all others, the values the sink must see go
 * to `value` (ROLE_VALUE, and ROLE_HITS values that may hold a candidate) and the rest are only
 * counted.
 *
 * A value may hold a candidate only if it has nine or more ASCII digits and is not only digits, or
 * it has an ASCII digit and a licence cue: "dl", "d." or "lic" in any case. The SSN detector finds
 * nothing below nine digits outside SSN fields, and a bare number is never an SSN there (it needs
 * separators, or an SSN word beside it); the licence detector needs a context word in the value
 * (DL, DLN, CDL, D.L., or driver's/driving/operator's licence, lic#, license number: all hold "lic").
 * Readers test it on bytes (formats/screen-bytes.ts), the engine on strings.
 */
export interface RecordSink {
  /** The screening role of a field (ROLE_* bits); readers may cache it per path. */
  role(path: string | null): number;
  /** Whether a type field's value declares what a generic id sibling holds ("DL", "SSN"). */
  declaresKind(value: string): boolean;
  /** A whole record, examined exactly as an unscreened reader's record would be. */
  record(record: ScanRecord): void;
  /**
   * One field of a record, examined with the record as context (as `record` would examine it); the
   * record's other fields are not examined nor counted. Their paths and order must be the record's;
   * their values may be placeholders except for ROLE_CONTEXT fields (columnar readers build such
   * records for the rows of licence fields).
   */
  recordField(record: ScanRecord, index: number): void;
  /** One non-empty value examined alone. */
  value(path: string | null, value: string): void;
  /** `n` non-empty values of the field that are counted, not examined. */
  count(path: string | null, n: number): void;
  /** `n` records whose values went to `value`/`count` (for coverage). */
  screened(n: number): void;
}

/**
 * Whether lower-cased characters p2 p1 l end a loose licence cue: "dl", "d." or "lic" anywhere (every
 * cue word holds one); for readers that screen values whose word edges they do not see.
 */
export function cueEnds(p2: number, p1: number, l: number): boolean {
  return (p1 === 100 && (l === 108 || l === 46)) || (p1 === 105 && p2 === 108 && l === 99);
}

/**
 * Licence context words as they start (lower case). The licence detector finds nothing in a neutral
 * value without a match of its context pattern (DL, DLN, CDL, D.L., driver's/driving/operator's
 * licence, lic#, license number…), and every match starts a word (no ASCII letter or digit before
 * it) with one of these.
 */
export const CUE_WORDS: readonly string[] = ["dl", "d.", "cdl", "lic", "driver", "driving", "operator"];

/** CUE_WORDS as character codes. */
export const CUE_CODES: readonly (readonly number[])[] = CUE_WORDS.map((w) =>
  [...w].map((c) => c.charCodeAt(0)),
);

/** Whether code `c` is an ASCII letter or digit (what the context pattern's word edge looks at). */
export function isAsciiAlnum(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 122);
}

/**
 * Whether a value holds a licence cue: "dl", "d." or "lic" somewhere (every context match holds one)
 * and a cue word (CUE_WORDS) at a word start (where every context match begins).
 */
export function hasLicenceCue(value: string): boolean {
  let p1 = 0;
  let p2 = 0;
  for (let i = 0; i < value.length; i++) {
    const l = value.charCodeAt(i) | 32;
    if (cueEnds(p2, p1, l)) return cueWordIn(value);
    p2 = p1;
    p1 = l;
  }
  return false;
}

/** Whether a cue word (CUE_WORDS) starts a word of the value. */
function cueWordIn(value: string): boolean {
  const n = value.length;
  let previousAlnum = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const alnum = isAsciiAlnum(c);
    if (alnum && !previousAlnum && cueWordAt(value, i, c | 32)) return true;
    previousAlnum = alnum;
  }
  return false;
}

function cueWordAt(value: string, at: number, l: number): boolean {
  for (const word of CUE_CODES) {
    if (word[0] !== l || at + word.length > value.length) continue;
    let k = 1;
    while (k < word.length && (value.charCodeAt(at + k) | 32) === word[k]) k++;
    if (k === word.length) return true;
  }
  return false;
}

/**
 * Whether a value of a ROLE_HITS field may hold a candidate: nine digits and not only digits, or a
 * digit and a licence cue (hasLicenceCue). Readers apply the same rule on bytes
 * (formats/screen-bytes.ts).
 */
export function mayHoldCandidate(value: string): boolean {
  let digits = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits >= 9) return digits < n;
  return digits > 0 && hasLicenceCue(value);
}
