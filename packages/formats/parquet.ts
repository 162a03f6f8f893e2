import { isUtf8 } from "node:buffer";
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import {
  type FieldValue,
  type ReaderInput,
  type ReadLimits,
  type ScanRecord,
  UnitReadError,
} from "../core/index.ts";
import type { NoteBook } from "./notes.ts";
import { PARQUET_COMPRESSORS } from "./parquet-pages.ts";

export const PARQUET_MAGIC = Buffer.from("PAR1", "latin1");

/** The bytes as an exact ArrayBuffer (copied unless the view already covers a whole ArrayBuffer). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes.buffer;
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** A counting AsyncBuffer over ranged reads (local file, S3 ranged GET). */
export function rangeBuffer(
  size: number,
  readRange: (start: number, end: number) => Promise<Uint8Array>,
): AsyncBuffer & { fetched: number } {
  const file = {
    byteLength: size,
    fetched: 0,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const bytes = await readRange(start, stop);
      file.fetched += bytes.byteLength;
      return toArrayBuffer(bytes);
    },
  };
  return file;
}

export function memoryBuffer(bytes: Buffer): AsyncBuffer {
  const whole = toArrayBuffer(bytes);
  return { byteLength: whole.byteLength, slice: (start, end) => whole.slice(start, end) };
}

function isPrintable(bytes: Uint8Array): boolean {
  if (!isUtf8(bytes)) return false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return true;
}

/**
 * String(n) of a finite number, made without V8's number-to-string cache: a cached string of a
 * double stays referenced long enough to be promoted, so a column of doubles would fill the old
 * generation with garbage (JSON.stringify writes finite numbers exactly as String does).
 */
export function numberText(n: number): string {
  return JSON.stringify(n);
}

/** Flattens one Parquet value: structs and maps to dotted paths, lists keep the path. */
export function flattenParquetValue(value: unknown, path: string, fields: FieldValue[]): void {
  if (value === null || value === undefined) return;
  switch (typeof value) {
    case "string":
      if (value.length > 0) fields.push({ path, value });
      return;
    case "number":
      if (Number.isFinite(value)) fields.push({ path, value: numberText(value) });
      return;
    case "bigint":
      fields.push({ path, value: value.toString() });
      return;
    case "object":
      break;
    default:
      return;
  }
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) fields.push({ path, value: value.toISOString() });
    return;
  }
  if (value instanceof Uint8Array) {
    if (value.length > 0 && isPrintable(value))
      fields.push({ path, value: Buffer.from(value).toString("utf8") });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) flattenParquetValue(item, path, fields);
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    flattenParquetValue(item, path.length > 0 ? `${path}.${key}` : key, fields);
  }
}

export async function parquetMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw new UnitReadError("malformed", "parquet footer or metadata unreadable", { cause: error });
  }
}

/**
 * Parquet rows, one row group at a time (memory bounded by the largest row group): one record per
 * row, `position` = 1-based row number. A row group that cannot be decoded is noted and skipped;
 * once more than `maxBytes` were fetched, reading stops with a `too-large` note.
 */
/** A row group (or its rows from `rowStart`) as row objects; null, with the note, when it cannot be read. */
export async function readGroupRows(
  file: AsyncBuffer,
  metadata: FileMetaData,
  span: RowGroupSpan,
  notes: NoteBook,
): Promise<Record<string, unknown>[] | null> {
  try {
    return await parquetReadObjects({
      file,
      metadata,
      rowStart: span.rowStart,
      rowEnd: span.rowEnd,
      compressors: PARQUET_COMPRESSORS,
    });
  } catch {
    noteUnreadableGroup(notes, span);
    return null;
  }
}

export async function* readParquet(
  file: AsyncBuffer,
  metadata: FileMetaData,
  fetched: () => number,
  limits: ReadLimits,
  notes: NoteBook,
): AsyncGenerator<ScanRecord[]> {
  for (const group of rowGroupsWithinCap(metadata, fetched, limits, notes)) {
    const { rowStart } = group;
    const objects = await readGroupRows(file, metadata, group, notes);
    if (!objects) continue;
    let batch: ScanRecord[] = [];
    for (let r = 0; r < objects.length; r++) {
      const fields: FieldValue[] = [];
      flattenParquetValue(objects[r], "", fields);
      if (fields.length > 0) batch.push({ fields, position: rowStart + r + 1 });
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** One row group's place in the file: 0-based index, of how many, and its rows [rowStart, rowEnd). */
export interface RowGroupSpan {
  index: number;
  of: number;
  rowStart: number;
  rowEnd: number;
}

/**
 * The non-empty row groups, in order, while fewer than `maxBytes` were fetched; past the cap, a
 * `too-large` note and no more groups. Pulled lazily: `fetched()` is read before each group.
 */
export function* rowGroupsWithinCap(
  metadata: FileMetaData,
  fetched: () => number,
  limits: ReadLimits,
  notes: NoteBook,
): Generator<RowGroupSpan> {
  const groups = metadata.row_groups;
  let rowStart = 0;
  for (let g = 0; g < groups.length; g++) {
    const rowEnd = rowStart + Number((groups[g] as { num_rows: bigint }).num_rows);
    if (rowEnd === rowStart) continue;
    if (fetched() > limits.maxBytes) {
      notes.add(
        "too-large",
        `read cap of ${limits.maxBytes} bytes reached after row group ${g} of ${groups.length}; the rest was not read`,
      );
      return;
    }
    yield { index: g, of: groups.length, rowStart, rowEnd };
    rowStart = rowEnd;
  }
}

/**
 * Notes rows [rowStart, rowEnd) of a row group as unreadable and skipped. A reader that handed on
 * the group's first rows before failing passes where the group begins (`groupStart`): the note says
 * those rows were scanned.
 */
export function noteUnreadableGroup(notes: NoteBook, rows: RowGroupSpan, groupStart = rows.rowStart): void {
  const where = `parquet row group ${rows.index + 1} of ${rows.of}`;
  const skipped = `rows ${rows.rowStart + 1}-${rows.rowEnd}`;
  notes.add(
    "malformed",
    rows.rowStart === groupStart
      ? `${where} (${skipped}) unreadable; skipped`
      : `${where} (rows ${groupStart + 1}-${rows.rowEnd}) unreadable from row ${rows.rowStart + 1}; ${skipped} skipped, the rows before scanned`,
  );
}

/** True when the unit can be read as Parquet through ranged reads. */
export const canReadRanges = (input: ReaderInput): boolean =>
  typeof input.readRange === "function" && typeof input.size === "number" && input.size >= 12;
