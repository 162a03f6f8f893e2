// A Parquet column chunk read page by page: sequential ranged reads of a bounded window, one page
// decompressed and decoded at a time (hyparquet's own page header, page and dictionary decoders), so
// memory follows the largest page and the dictionary, not the column chunk.

import { gunzipSync } from "node:zlib";
import type {
  AsyncBuffer,
  ColumnChunk,
  Compressors,
  DecodedArray,
  PageHeader,
  SchemaElement,
  SchemaTree,
} from "hyparquet";
import { parquetHeader, readPage } from "hyparquet/src/column.js";
import { convert, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import { readRleBitPackedHybrid } from "hyparquet/src/encoding.js";
import { getMaxDefinitionLevel, getTreePath, isFlatColumn } from "hyparquet/src/schema.js";
import type { ColumnDecoder, DataReader } from "hyparquet/src/types.js";
import { compressors } from "hyparquet-compressors";
import { snappyInto } from "./parquet-snappy.ts";

/**
 * The codecs Parquet pages are decompressed with: hyparquet-compressors', but GZIP through Node's
 * zlib (native, several times faster than its JavaScript inflate), never past the page's size.
 */
export const PARQUET_COMPRESSORS: Compressors = {
  ...compressors,
  GZIP: (input, length) => gunzipSync(input, { maxOutputLength: Math.max(1, length) }),
};

/** Bytes fetched per ranged read of a column chunk (a page larger than this is fetched whole). */
export const PAGE_WINDOW_BYTES = 4 * 1024 * 1024;

/** Bytes first tried for a page header; a header with long statistics is retried with more. */
const HEADER_PROBE_BYTES = 64 * 1024;

/** A column chunk that cannot be read page by page (corrupt or truncated page, unsupported page). */
export class PageReadError extends Error {}

/** The decoder settings hyparquet's readColumn uses for a column chunk (same values, same types). */
export function columnDecoder(schema: SchemaTree, chunk: ColumnChunk): ColumnDecoder {
  const meta = chunk.meta_data;
  if (!meta) throw new PageReadError("parquet column metadata missing");
  const schemaPath = getTreePath(schema, meta.path_in_schema);
  const leaf = schemaPath[schemaPath.length - 1] as SchemaTree;
  return {
    pathInSchema: meta.path_in_schema,
    element: leaf.element,
    schemaPath,
    type: meta.type,
    codec: meta.codec,
    compressors: PARQUET_COMPRESSORS,
    parsers: DEFAULT_PARSERS,
  };
}

/**
 * Sequential ranged reads over [start, end) of the file into one buffer of bounded size, reused
 * across the column's chunks (PageBuffers; grown only for a page larger than the window): each
 * read's own bytes die young, and bytes kept for the next page are moved, not joined anew.
 */
class ChunkWindow {
  private buffer: Uint8Array;
  /** Bytes of `buffer` that hold file bytes from `at` on. */
  private held = 0;
  /** File offset of buffer[0]. */
  private at: number;

  constructor(
    private readonly file: AsyncBuffer,
    start: number,
    readonly end: number,
    private readonly windowBytes: number,
    private readonly buffers: PageBuffers,
  ) {
    this.at = start;
    this.buffer = buffers.window;
  }

  /** A view over at least `length` bytes at file offset `from` (fewer only at the chunk's end). */
  async view(from: number, length: number): Promise<{ view: DataView; offset: number }> {
    const want = Math.min(length, this.end - from);
    const heldEnd = this.at + this.held;
    if (from < this.at || from + want > heldEnd) {
      const stop = Math.min(this.end, from + Math.max(want, this.windowBytes));
      // Bytes already held from `from` on are kept, not fetched again.
      const keep = from >= this.at && from < heldEnd ? heldEnd - from : 0;
      if (this.buffer.length < stop - from) {
        const bigger = new Uint8Array(stop - from);
        bigger.set(this.buffer.subarray(from - this.at, this.held));
        this.buffer = bigger;
        this.buffers.window = bigger;
      } else if (keep > 0) this.buffer.copyWithin(0, from - this.at, this.held);
      this.at = from;
      this.held = keep + (await this.fill(from + keep, this.buffer.subarray(keep, stop - from)));
      if (this.held < want) throw new PageReadError("parquet column chunk truncated");
    }
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.held);
    return { view, offset: from - this.at };
  }

  /** Reads file bytes from `from` into `target`; how many it got. */
  private async fill(from: number, target: Uint8Array): Promise<number> {
    const bytes = new Uint8Array(await this.file.slice(from, from + target.length));
    const got = Math.min(bytes.length, target.length);
    target.set(bytes.subarray(0, got));
    return got;
  }
}

/**
 * How a raw page holds its values: `text` a string column's PLAIN values as spans of UTF-8 bytes;
 * `int32`, `int64`, `float`, `double` PLAIN values of plain numeric columns, fixed width from
 * `valuesAt`; `dictionary` keys into the chunk's dictionary (as hyparquet converts it).
 */
export type RawKind = "text" | "int32" | "int64" | "float" | "double" | "dictionary";

/**
 * One data page with its values left in the page bytes (no value object made), read row by row in
 * order: `next` and `nextAt` say where the next row with a value finds it, and move on as rows are
 * read. Valid until the next page is pulled: its arrays are reused from page to page. Nothing is
 * kept per value, and per row only a byte: memory follows the page, not its value count.
 */
export interface RawPage {
  kind: RawKind;
  rows: number;
  /** Per row: 1 when it holds a value, 0 when null; null when every row holds one. */
  defined: Uint8Array | null;
  view: DataView;
  bytes: Uint8Array;
  /** `dictionary`: the keys of the rows with a value, in order. */
  keys: Uint8Array | Uint16Array | Int32Array;
  /** The number of the next value (its key's index for `dictionary`). */
  next: number;
  /** `text`: where the next value's 4-byte length is in `bytes`. */
  nextAt: number;
  /** Fixed-width kinds: where the first value starts in `view`. */
  valuesAt: number;
  dictionary: DecodedArray | null;
}

/** A decoded page: values as hyparquet gives them, or a raw page. */
export type ColumnPage = { values: DecodedArray; raw?: undefined } | { raw: RawPage; values?: undefined };

/** The raw kind of a column's PLAIN pages: values hyparquet reads as UTF-8 strings or as plain numbers. */
function plainKind(element: SchemaElement): RawKind | null {
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  if (element.type === "BYTE_ARRAY") {
    const text =
      (converted === undefined || converted === "UTF8" || converted === "ENUM") &&
      (logical === undefined || logical === "STRING" || logical === "ENUM");
    return text ? "text" : null;
  }
  if (converted !== undefined || logical !== undefined) return null;
  switch (element.type) {
    case "INT32":
      return "int32";
    case "INT64":
      return "int64";
    case "FLOAT":
      return "float";
    case "DOUBLE":
      return "double";
    default:
      return null;
  }
}

const WIDTH: Record<RawKind, number> = { text: 0, dictionary: 0, int32: 4, int64: 8, float: 4, double: 8 };

/**
 * The pages of a flat column chunk, decoded one at a time in row order, at most `rows` rows in all.
 * Values come as hyparquet's readPage gives them (nulls as null or undefined); with `raw`, data
 * pages in dictionary encoding, and PLAIN pages of string and plain numeric columns, come as a
 * RawPage instead (v1 and v2 pages alike).
 * Dictionary pages are kept for the chunk (a dictionary is one page: its size is bounded as a
 * page's is). Index pages are passed. Any failure (truncated or corrupt page, unsupported encoding
 * or codec) throws.
 */
export async function* columnPages(
  file: AsyncBuffer,
  schema: SchemaTree,
  chunk: ColumnChunk,
  rows: number,
  options: { raw?: boolean; windowBytes?: number; buffers?: PageBuffers } = {},
): AsyncGenerator<ColumnPage> {
  const meta = chunk.meta_data;
  if (!meta) throw new PageReadError("parquet column metadata missing");
  if (chunk.file_path) throw new PageReadError("parquet column chunk in another file");
  const decoder = columnDecoder(schema, chunk);
  if (!isFlatColumn(decoder.schemaPath)) throw new PageReadError("parquet column is nested");
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  if (!(start >= 0 && end <= file.byteLength))
    throw new PageReadError("parquet column chunk outside the file");
  const raw = options.raw === true && decoder.element.type !== "BOOLEAN";
  const plain = plainKind(decoder.element);
  const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
  const buffers = options.buffers ?? new PageBuffers();
  const window = new ChunkWindow(file, start, end, options.windowBytes ?? PAGE_WINDOW_BYTES, buffers);
  let dictionary: DecodedArray | undefined;
  let at = start;
  let seen = 0;
  while (seen < rows && at < end) {
    const { header, dataAt } = await pageHeader(window, at);
    const size = header.compressed_page_size;
    if (!(size >= 0) || dataAt + size > end)
      throw new PageReadError("parquet page runs past its column chunk");
    at = dataAt + size;
    if (header.type === "INDEX_PAGE") continue;
    let reader = await window.view(dataAt, size);
    if (header.type === "DICTIONARY_PAGE") {
      // Kept for the chunk, so off the reused window (values may be views of the page bytes).
      const bytes = new Uint8Array(reader.view.buffer, reader.view.byteOffset + reader.offset, size).slice();
      reader = { view: new DataView(bytes.buffer), offset: 0 };
    } else if (raw) {
      const page = rawPage({ ...reader }, header, decoder, plain, dictionary ?? null, maxDefinition, buffers);
      if (page) {
        if (page.rows === 0) continue;
        page.rows = Math.min(page.rows, rows - seen);
        seen += page.rows;
        yield { raw: page };
        continue;
      }
    }
    const result = readPage(reader, header, decoder, dictionary, undefined, 0);
    if (header.type === "DICTIONARY_PAGE") {
      if (result.data) dictionary = convert(result.data, decoder);
      continue;
    }
    const values = result.data;
    if (!values || values.length === 0) continue;
    const take = Math.min(values.length, rows - seen);
    seen += take;
    yield { values: take === values.length ? values : values.slice(0, take) };
  }
  if (seen < rows) throw new PageReadError(`parquet column chunk holds ${seen} of ${rows} rows`);
}

/** The page header at `at`, and where its page data starts. */
async function pageHeader(window: ChunkWindow, at: number): Promise<{ header: PageHeader; dataAt: number }> {
  for (let probe = HEADER_PROBE_BYTES; ; probe *= 4) {
    const reader = await window.view(at, probe);
    const offset = reader.offset;
    try {
      const header = parquetHeader(reader);
      return { header, dataAt: at + reader.offset - offset };
    } catch (error) {
      // Out of bytes: a longer header (statistics), unless the chunk's end was already in view.
      const ranOut = error instanceof RangeError && at + probe < window.end;
      if (!ranOut) throw new PageReadError("parquet page header unreadable", { cause: error });
    }
  }
}

/**
 * A data page (v1 or v2) as a RawPage, levels and values read as hyparquet's readDataPage and
 * readDataPageV2 do; null when the page's encoding has no raw form (the caller uses readPage).
 */
function rawPage(
  reader: DataReader,
  header: PageHeader,
  decoder: ColumnDecoder,
  plain: RawKind | null,
  dictionary: DecodedArray | null,
  maxDefinition: number,
  buffers: PageBuffers,
): RawPage | null {
  const v1 = header.type === "DATA_PAGE" ? header.data_page_header : undefined;
  const v2 = header.type === "DATA_PAGE_V2" ? header.data_page_header_v2 : undefined;
  const encoding = v1?.encoding ?? v2?.encoding;
  const keyed = (encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY") && dictionary !== null;
  const kind: RawKind | null = keyed ? "dictionary" : encoding === "PLAIN" ? plain : null;
  if (kind === null) return null;
  const compressed = new Uint8Array(
    reader.view.buffer,
    reader.view.byteOffset + reader.offset,
    header.compressed_page_size,
  );
  let rows: number;
  let defined: Uint8Array | null = null;
  let page: Uint8Array;
  // Definition levels are read into bytes: exact for bit widths up to 8 (a flat column's is 1).
  if (bitWidth(maxDefinition) > 8) return null;
  if (v1) {
    rows = v1.num_values;
    page = decompressInto(compressed, Number(header.uncompressed_page_size), decoder, buffers);
  } else if (v2) {
    rows = v2.num_values;
    const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
    if (maxDefinition > 0) {
      defined = buffers.ints("defined", Uint8Array, rows);
      const levelReader = {
        view: new DataView(compressed.buffer, compressed.byteOffset, compressed.byteLength),
        offset: v2.repetition_levels_byte_length,
      };
      readRleBitPackedHybrid(levelReader, bitWidth(maxDefinition), defined, v2.definition_levels_byte_length);
    }
    page = compressed.subarray(levels);
    if (v2.is_compressed !== false) {
      page = decompressInto(page, header.uncompressed_page_size - levels, decoder, buffers);
    }
  } else return null;
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const values: DataReader = { view, offset: 0 };
  if (v1 && maxDefinition > 0) {
    defined = buffers.ints("defined", Uint8Array, rows);
    readRleBitPackedHybrid(values, bitWidth(maxDefinition), defined);
  }
  let present = rows;
  if (defined) {
    present = 0;
    for (let r = 0; r < rows; r++) {
      const has = defined[r] === maxDefinition ? 1 : 0;
      defined[r] = has;
      present += has;
    }
  }
  const result: RawPage = {
    kind,
    rows,
    defined,
    view,
    bytes: page,
    keys: NO_KEYS,
    next: 0,
    nextAt: values.offset,
    valuesAt: values.offset,
    dictionary,
  };
  if (kind === "dictionary") {
    // Keys as readDataPage/readDataPageV2 read them: a bit width, then the hybrid runs, into the
    // narrowest array their width fits.
    if (values.offset >= page.byteLength) throw new PageReadError("parquet page values truncated");
    const width = page[values.offset++] as number;
    const keys =
      width <= 8
        ? buffers.ints("keys8", Uint8Array, present)
        : width <= 16
          ? buffers.ints("keys16", Uint16Array, present)
          : buffers.ints("keys32", Int32Array, present);
    // (Typed as hyparquet's output arrays; any integer array it can index into does.)
    if (width) readRleBitPackedHybrid(values, width, keys as Int32Array, page.byteLength - values.offset);
    else keys.fill(0);
    result.keys = keys;
    return result;
  }
  if (kind === "text") {
    // Checked whole here, so reading the values in order cannot run past the page.
    let at = values.offset;
    for (let i = 0; i < present; i++) {
      if (at + 4 > page.byteLength) throw new PageReadError("parquet page values truncated");
      at += 4 + view.getUint32(at, true);
      if (at > page.byteLength) throw new PageReadError("parquet page values truncated");
    }
  } else if (values.offset + present * WIDTH[kind] > page.byteLength) {
    throw new PageReadError("parquet page values truncated");
  }
  return result;
}

const NO_KEYS = new Uint8Array(0);

/**
 * A raw page's bytes decompressed into the column's page buffer, reused from page to page: SNAPPY
 * straight into it (snappyInto), other codecs copied there at once (their fresh array then dies young,
 * in a scavenge, instead of living as long as the page does and being promoted).
 */
function decompressInto(
  compressed: Uint8Array,
  size: number,
  decoder: ColumnDecoder,
  buffers: PageBuffers,
): Uint8Array {
  if (decoder.codec === "UNCOMPRESSED" || size === 0) {
    return decompressPage(compressed, size, decoder.codec, decoder.compressors);
  }
  const page = buffers.ints("page", Uint8Array, size);
  if (decoder.codec === "SNAPPY") return snappyInto(compressed, page);
  page.set(decompressPage(compressed, size, decoder.codec, decoder.compressors));
  return page;
}

type IntArray = Uint8Array | Uint16Array | Int32Array;

/**
 * Buffers a column's pages are read through, reused from page to page and from one of its column
 * chunks to the next (a page is handed on and done with before the next is read): the chunk's
 * window of ranged reads and per-row and per-value integer arrays, so reading a page leaves no
 * garbage proportional to its size but the decompressed page (young, collected by scavenges).
 */
export class PageBuffers {
  /** The window of ranged reads (ChunkWindow). */
  window = new Uint8Array(0);
  private readonly arrays = new Map<string, IntArray>();

  /** `length` integers (their content undefined) in the array named `name`. */
  ints<T extends IntArray>(name: string, make: new (length: number) => T, length: number): T {
    let array = this.arrays.get(name) as T | undefined;
    if (!array || array.length < length) {
      array = new make(length);
      this.arrays.set(name, array);
    }
    return array.subarray(0, length) as T;
  }
}

const bitWidth = (value: number) => 32 - Math.clz32(value);
