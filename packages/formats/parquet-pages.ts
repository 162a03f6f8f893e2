// A Parquet column chunk read page by page: sequential ranged reads of a bounded window, one page
// decompressed and decoded at a time (hyparquet's own page header, page and dictionary decoders), so
// memory follows the largest page and the dictionary, not the column chunk.
import type {
  AsyncBuffer,
  ColumnChunk,
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
    compressors,
    parsers: DEFAULT_PARSERS,
  };
}

/** Sequential ranged reads over [start, end) of the file, through one window of bounded size. */
class ChunkWindow {
  private bytes = new Uint8Array(0);
  /** File offset of bytes[0]. */
  private at: number;

  constructor(
    private readonly file: AsyncBuffer,
    start: number,
    readonly end: number,
    private readonly windowBytes: number,
  ) {
    this.at = start;
  }

  /** A view over at least `length` bytes at file offset `from` (fewer only at the chunk's end). */
  async view(from: number, length: number): Promise<{ view: DataView; offset: number }> {
    const want = Math.min(length, this.end - from);
    if (from < this.at || from + want > this.at + this.bytes.length) {
      const stop = Math.min(this.end, from + Math.max(want, this.windowBytes));
      const buffer = await this.file.slice(from, stop);
      this.bytes = new Uint8Array(buffer, 0, Math.min(buffer.byteLength, stop - from));
      this.at = from;
      if (this.bytes.length < want) throw new PageReadError("parquet column chunk truncated");
    }
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return { view, offset: from - this.at };
  }
}

/**
 * One page of a string column (BYTE_ARRAY read as UTF-8 text), its values left as bytes: PLAIN
 * pages give each value's span of `bytes`, dictionary pages an index into the chunk's dictionary.
 */
export interface StringPage {
  rows: number;
  /** Per row: the index of its value (in starts/ends, or in the dictionary); -1 when null. */
  index: Int32Array;
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** The chunk's dictionary as hyparquet converts it (strings), for dictionary-encoded pages. */
  dictionary: readonly (string | undefined)[] | null;
}

/** A decoded page: values as hyparquet gives them, or a string column's page as bytes. */
export type ColumnPage =
  | { values: DecodedArray; strings?: undefined }
  | { strings: StringPage; values?: undefined };

/** Whether hyparquet reads the column's values as UTF-8 strings (and nothing richer). */
function isStringColumn(element: SchemaElement): boolean {
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  return (
    element.type === "BYTE_ARRAY" &&
    (converted === undefined || converted === "UTF8" || converted === "ENUM") &&
    (logical === undefined || logical === "STRING" || logical === "ENUM")
  );
}

/**
 * The pages of a flat column chunk, decoded one at a time in row order, at most `rows` rows in all.
 * Values come as hyparquet's readPage gives them (nulls as null or undefined); with `asBytes`, pages
 * of string columns in PLAIN or dictionary encoding come as a StringPage instead, no string made.
 * Dictionary pages are kept for the chunk (a dictionary is one page: its size is bounded as a
 * page's is). Index pages are passed. Any failure (truncated or corrupt page, unsupported encoding
 * or codec) throws.
 */
export async function* columnPages(
  file: AsyncBuffer,
  schema: SchemaTree,
  chunk: ColumnChunk,
  rows: number,
  options: { asBytes?: boolean; windowBytes?: number } = {},
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
  const window = new ChunkWindow(file, start, end, options.windowBytes ?? PAGE_WINDOW_BYTES);
  const asBytes = options.asBytes === true && isStringColumn(decoder.element);
  const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
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
    const reader = await window.view(dataAt, size);
    if (asBytes && header.type !== "DICTIONARY_PAGE") {
      const page = stringPage({ ...reader }, header, decoder, dictionary, maxDefinition);
      if (page) {
        if (page.rows === 0) continue;
        page.rows = Math.min(page.rows, rows - seen);
        seen += page.rows;
        yield { strings: page };
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
 * A data page (v1 or v2) of a string column as bytes, levels and values decoded as hyparquet's
 * readDataPage and readDataPageV2 do; null for encodings other than PLAIN and dictionary.
 */
function stringPage(
  reader: DataReader,
  header: PageHeader,
  decoder: ColumnDecoder,
  dictionary: DecodedArray | undefined,
  maxDefinition: number,
): StringPage | null {
  const compressed = new Uint8Array(
    reader.view.buffer,
    reader.view.byteOffset + reader.offset,
    header.compressed_page_size,
  );
  let rows: number;
  let encoding: string;
  let definitions: number[] | null = null;
  let values: DataReader;
  let valuesEnd: number;
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  if (header.type === "DATA_PAGE" && v1) {
    rows = v1.num_values;
    encoding = v1.encoding;
    if (!isStringEncoding(encoding)) return null;
    const page = decompressPage(
      compressed,
      Number(header.uncompressed_page_size),
      decoder.codec,
      decoder.compressors,
    );
    values = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    if (maxDefinition > 0) {
      definitions = new Array(rows);
      readRleBitPackedHybrid(values, bitWidth(maxDefinition), definitions);
    }
    valuesEnd = page.byteLength;
  } else if (header.type === "DATA_PAGE_V2" && v2) {
    rows = v2.num_values;
    encoding = v2.encoding;
    if (!isStringEncoding(encoding)) return null;
    const levels = v2.repetition_levels_byte_length + v2.definition_levels_byte_length;
    if (maxDefinition > 0) {
      definitions = new Array(rows);
      const levelReader = {
        view: new DataView(compressed.buffer, compressed.byteOffset, compressed.byteLength),
        offset: v2.repetition_levels_byte_length,
      };
      readRleBitPackedHybrid(
        levelReader,
        bitWidth(maxDefinition),
        definitions,
        v2.definition_levels_byte_length,
      );
    }
    let page = compressed.subarray(levels);
    if (v2.is_compressed !== false) {
      page = decompressPage(page, header.uncompressed_page_size - levels, decoder.codec, decoder.compressors);
    }
    values = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    valuesEnd = page.byteLength;
  } else {
    return null;
  }
  // Rows with a value, in order: index -2 until their value is read.
  const index = new Int32Array(rows);
  let present = rows;
  if (definitions) {
    present = 0;
    for (let r = 0; r < rows; r++) {
      if (definitions[r] === maxDefinition) {
        index[r] = -2;
        present++;
      } else index[r] = -1;
    }
  } else index.fill(-2);
  const bytes = new Uint8Array(values.view.buffer, values.view.byteOffset, values.view.byteLength);
  if (encoding === "PLAIN") {
    const starts = new Int32Array(present);
    const ends = new Int32Array(present);
    let at = values.offset;
    for (let i = 0; i < present; i++) {
      if (at + 4 > valuesEnd) throw new PageReadError("parquet page values truncated");
      const length = values.view.getUint32(at, true);
      at += 4;
      if (at + length > valuesEnd) throw new PageReadError("parquet page values truncated");
      starts[i] = at;
      at += length;
      ends[i] = at;
    }
    numberPresent(index);
    return { rows, index, bytes, starts, ends, dictionary: null };
  }
  // Dictionary indices, as readDataPage/readDataPageV2 read them.
  const keys: number[] = new Array(present);
  const width = bytes[values.offset++] as number;
  if (width) readRleBitPackedHybrid(values, width, keys, valuesEnd - values.offset);
  else keys.fill(0);
  let k = 0;
  for (let r = 0; r < rows; r++) if (index[r] === -2) index[r] = keys[k++] as number;
  const strings = (dictionary ?? []) as (string | undefined)[];
  const none = new Int32Array(0);
  return { rows, index, bytes, starts: none, ends: none, dictionary: strings };
}

/** Rows with a value (-2) get the running number of their value. */
function numberPresent(index: Int32Array): void {
  let i = 0;
  for (let r = 0; r < index.length; r++) if (index[r] === -2) index[r] = i++;
}

const isStringEncoding = (encoding: string) =>
  encoding === "PLAIN" || encoding === "PLAIN_DICTIONARY" || encoding === "RLE_DICTIONARY";

const bitWidth = (value: number) => 32 - Math.clz32(value);
