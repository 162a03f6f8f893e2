import {
  type FileMetaData,
  parquetMetadata,
  parquetReadObjects,
  parquetSchema,
  type RowGroup,
} from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { describe, expect, it } from "vitest";
import { type RecordSink, ROLE_HITS } from "../../packages/core/index.ts";
import { readUnit } from "../../packages/formats/index.ts";
import { type ColumnPage, columnPages, PARQUET_COMPRESSORS } from "../../packages/formats/parquet-pages.ts";
import { type FlatParquetOptions, flatParquet } from "../../packages/synth/parquet.ts";
import { LAYOUTS, layoutColumns } from "../helpers/parquet-layouts.ts";
import { collect, memoryInput } from "./helpers.ts";

const parse = (bytes: Uint8Array): FileMetaData =>
  parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);

const asFile = (bytes: Uint8Array) => {
  const whole = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { byteLength: whole.byteLength, slice: (start: number, end?: number) => whole.slice(start, end) };
};

/** Every value of every column of the first row group, page by page (raw pages turned into values). */
async function pageValues(bytes: Uint8Array, windowBytes?: number) {
  const metadata = parse(bytes);
  const schema = parquetSchema(metadata);
  const group = metadata.row_groups[0] as RowGroup;
  const out: Record<string, unknown[]> = {};
  let pages = 0;
  for (const chunk of group.columns) {
    const name = chunk.meta_data?.path_in_schema[0] as string;
    const values: unknown[] = [];
    const options = windowBytes ? { windowBytes } : {};
    for await (const page of columnPages(asFile(bytes), schema, chunk, Number(group.num_rows), options)) {
      pages++;
      values.push(...valuesOf(page));
    }
    out[name] = values;
  }
  return { out, pages };
}

function valuesOf(page: ColumnPage): unknown[] {
  if (page.values) return Array.from(page.values as ArrayLike<unknown>, (v) => v ?? null);
  throw new Error("raw page without raw option");
}

/** The same columns as hyparquet's whole-chunk read gives them. */
async function wholeValues(bytes: Uint8Array) {
  const rows = await parquetReadObjects({ file: asFile(bytes), compressors: PARQUET_COMPRESSORS });
  const out: Record<string, unknown[]> = {};
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      out[k] ??= [];
      out[k].push(v ?? null);
    }
  }
  return out;
}

describe("Parquet column chunks page by page", () => {
  it.each(LAYOUTS)("%s: the values of the whole-chunk read, in order", async (_name, make) => {
    const bytes = make();
    const whole = await wholeValues(bytes);
    const { out, pages } = await pageValues(bytes);
    expect(out).toEqual(whole);
    expect(pages).toBeGreaterThan(5 * 2);
    // A window smaller than a page: each page is fetched whole, nothing else changes.
    expect((await pageValues(bytes, 100)).out).toEqual(whole);
  });

  it("joined files hold dictionary and PLAIN pages in one chunk, and v1 pages", () => {
    const bytes = LAYOUTS[4]?.[1]() as Uint8Array;
    const chunk = (parse(bytes).row_groups[0] as RowGroup).columns[0];
    expect(chunk?.meta_data?.encodings).toEqual(expect.arrayContaining(["RLE_DICTIONARY", "PLAIN"]));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const start = Number(chunk?.meta_data?.dictionary_page_offset);
    const types = new Set<string>();
    const encodings = new Set<string>();
    for (
      let reader = { view, offset: start };
      reader.offset < start + Number(chunk?.meta_data?.total_compressed_size);
    ) {
      const header = parquetHeader(reader);
      types.add(header.type);
      if (header.data_page_header) encodings.add(header.data_page_header.encoding);
      reader.offset += header.compressed_page_size;
    }
    expect([...types].sort()).toEqual(["DATA_PAGE", "DICTIONARY_PAGE"]);
    expect([...encodings].sort()).toEqual(["PLAIN", "RLE_DICTIONARY"]);
  });

  const countingSink = (): RecordSink & { values: number } => {
    const sink = {
      values: 0,
      role: () => ROLE_HITS,
      declaresKind: () => false,
      record: () => {},
      recordField: () => {},
      value: () => {
        sink.values++;
      },
      count: (_path: string | null, n: number) => {
        sink.values += n;
      },
      screened: () => {},
    };
    return sink;
  };

  it.each<[string, FlatParquetOptions]>([
    ["snappy", { pageSize: 512 }],
    ["gzip", { pageSize: 512, codec: "GZIP" }],
  ])(
    "a corrupt or truncated page (%s) is a malformed note for its row group, never a crash",
    async (_, options) => {
      const good = flatParquet(layoutColumns(0), 200, options);
      const metadata = parse(good);
      const second = (metadata.row_groups[1] as RowGroup).columns[0]?.meta_data;
      const pageAt = Number(second?.dictionary_page_offset || second?.data_page_offset);
      for (const corrupt of [
        // A page's body overwritten (decompression or decoding fails).
        (b: Buffer) => b.fill(0x5a, pageAt + 40, pageAt + 120),
        // A page header claiming more bytes than its chunk holds.
        (b: Buffer) => b.fill(0x7f, pageAt, pageAt + 12),
      ]) {
        const bytes = Buffer.from(good);
        corrupt(bytes);
        const sink = countingSink();
        const result = await readUnit(memoryInput("c.parquet", bytes, { ranges: true }), {}, sink);
        await collect(result);
        expect(result.notes.map((n) => n.message)).toEqual([
          "parquet row group 2 of 3 (rows 201-400) unreadable; skipped",
        ]);
        // The other row groups were read whole.
        expect(sink.values).toBeGreaterThan(0);
      }
    },
  );
});
