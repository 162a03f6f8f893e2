// A Parquet column chunk read page by page: sequential ranged reads of a bounded window, one page
// decompressed and decoded at a time (hyparquet's own page header, page and dictionary decoders), so
// memory follows the largest page and the dictionary, not the column chunk.
import type { AsyncBuffer, ColumnChunk, DecodedArray, PageHeader, SchemaTree } from "hyparquet";
import { parquetHeader, readPage } from "hyparquet/src/column.js";
import { convert, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { getTreePath, isFlatColumn } from "hyparquet/src/schema.js";
import type { ColumnDecoder } from "hyparquet/src/types.js";
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
 * The values of a flat column chunk, one decoded page at a time in row order (nulls as null or
 * undefined, as hyparquet gives them), at most `rows` values in all. Dictionary pages are kept for
 * the chunk (a dictionary is one page: its size is bounded as a page's is). Index pages are passed.
 * Any failure (truncated or corrupt page, unsupported encoding or codec) throws.
 */
export async function* columnPages(
  file: AsyncBuffer,
  schema: SchemaTree,
  chunk: ColumnChunk,
  rows: number,
  windowBytes = PAGE_WINDOW_BYTES,
): AsyncGenerator<DecodedArray> {
  const meta = chunk.meta_data;
  if (!meta) throw new PageReadError("parquet column metadata missing");
  if (chunk.file_path) throw new PageReadError("parquet column chunk in another file");
  const decoder = columnDecoder(schema, chunk);
  if (!isFlatColumn(decoder.schemaPath)) throw new PageReadError("parquet column is nested");
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  if (!(start >= 0 && end <= file.byteLength))
    throw new PageReadError("parquet column chunk outside the file");
  const window = new ChunkWindow(file, start, end, windowBytes);
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
    const result = readPage(reader, header, decoder, dictionary, undefined, 0);
    if (header.type === "DICTIONARY_PAGE") {
      if (result.data) dictionary = convert(result.data, decoder);
      continue;
    }
    const values = result.data;
    if (!values || values.length === 0) continue;
    const take = Math.min(values.length, rows - seen);
    seen += take;
    yield take === values.length ? values : values.slice(0, take);
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
