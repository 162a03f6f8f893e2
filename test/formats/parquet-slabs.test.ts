// The screened Parquet reader hands a row group to the sink in slabs of rows: any slab size must give
// the sink the same calls per field (values in row order, counts, licence records with their
// siblings) as one slab per row group.
import { type FileMetaData, parquetMetadata, type RowGroup } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_READ_LIMITS, type RecordSink } from "../../packages/core/index.ts";
import { declaresKind } from "../../packages/detectors/context.ts";
import { fieldRole } from "../../packages/detectors/screen.ts";
import { NoteBook } from "../../packages/formats/notes.ts";
import { screenParquet } from "../../packages/formats/parquet-screen.ts";
import { flatParquet } from "../../packages/synth/parquet.ts";
import { LAYOUTS, ROWS } from "../helpers/parquet-layouts.ts";

interface Calls {
  values: Record<string, string[]>;
  counts: Record<string, number>;
  /** Per field examined in context: its records, as "path=value|…" with the field's index. */
  records: Record<string, string[]>;
  screened: number;
  notes: string[];
}

/** What screenParquet hands a sink (with the real screening roles), per field, at a slab size. */
async function sinkCalls(bytes: Uint8Array, slabRows?: number): Promise<Calls> {
  const whole = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = {
    byteLength: whole.byteLength,
    slice: (start: number, end?: number) => whole.slice(start, end),
  };
  const metadata: FileMetaData = parquetMetadata(whole);
  const calls: Calls = { values: {}, counts: {}, records: {}, screened: 0, notes: [] };
  const key = (path: string | null) => path ?? "";
  const sink: RecordSink = {
    role: fieldRole,
    declaresKind,
    record: () => {
      throw new Error("a flat schema is never read as rows");
    },
    recordField: (record, index) => {
      const path = key(record.fields[index]?.path ?? null);
      calls.records[path] ??= [];
      calls.records[path].push(
        `${index}:${record.position}:${record.fields.map((f) => `${f.path}=${f.value}`).join("|")}`,
      );
    },
    value: (path, value) => {
      calls.values[key(path)] ??= [];
      calls.values[key(path)]?.push(value);
    },
    count: (path, n) => {
      calls.counts[key(path)] = (calls.counts[key(path)] ?? 0) + n;
    },
    screened: (n) => {
      calls.screened += n;
    },
  };
  const notes = new NoteBook();
  const options = slabRows ? { slabRows } : {};
  for await (const batch of screenParquet(file, metadata, () => 0, DEFAULT_READ_LIMITS, notes, sink, options))
    expect(batch).toEqual([]);
  calls.notes = notes.list.map((n) => n.message);
  return calls;
}

describe("screened Parquet in slabs of rows", () => {
  it.each(LAYOUTS)(
    "any slab size gives the sink what one slab per row group does: %s",
    async (_name, make) => {
      const bytes = make();
      const whole = await sinkCalls(bytes, 1_000_000);
      expect(whole.screened).toBeGreaterThan(0);
      expect(Object.keys(whole.records)).toContain("dl_number");
      // Slabs that end inside pages, on page edges and past the group's end.
      for (const slabRows of [1, 7, 64, ROWS]) expect(await sinkCalls(bytes, slabRows)).toEqual(whole);
      expect(await sinkCalls(bytes)).toEqual(whole);
    },
  );

  it("a licence record carries its row's state sibling from another column in every slab", async () => {
    const n = 50;
    const bytes = flatParquet([
      { name: "name", type: "STRING", values: Array.from({ length: n }, (_, i) => `P${i}`) },
      { name: "dl_number", type: "STRING", values: Array.from({ length: n }, (_, i) => `D${1_000_000 + i}`) },
      {
        name: "state",
        type: "STRING",
        values: Array.from({ length: n }, (_, i) =>
          i % 10 === 9 ? null : (["CA", "NY", "TX"][i % 3] as string),
        ),
      },
    ]);
    const slabbed = await sinkCalls(bytes, 4);
    expect(slabbed).toEqual(await sinkCalls(bytes, 1_000_000));
    const records = slabbed.records.dl_number ?? [];
    expect(records).toHaveLength(n);
    for (let i = 0; i < n; i++) {
      const state = i % 10 === 9 ? "" : `|state=${["CA", "NY", "TX"][i % 3]}`;
      // Siblings the detectors do not read are placeholders; the state is the row's own.
      expect(records[i]).toBe(`1:${i + 1}:name=|dl_number=D${1_000_000 + i}${state}`);
    }
  });

  it("a page unreadable mid-group: the slabs before it are counted, the rest of the group is noted", async () => {
    const n = 400;
    const bytes = flatParquet(
      [
        { name: "note", type: "STRING", values: Array.from({ length: n }, (_, i) => `note number ${i}`) },
        {
          name: "ssn",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => `1${String(i).padStart(2, "0")}-45-6789`),
        },
      ],
      undefined,
      { pageSize: 512 },
    );
    // The header of the ssn chunk's third page is overwritten.
    const metadata = parquetMetadata(bytes.slice().buffer as ArrayBuffer);
    const chunk = (metadata.row_groups[0] as RowGroup).columns[1]?.meta_data;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const reader = { view, offset: Number(chunk?.data_page_offset) };
    const rowsBefore: number[] = [];
    for (let page = 0; page < 2; page++) {
      const header = parquetHeader(reader);
      rowsBefore.push(header.data_page_header_v2?.num_values ?? header.data_page_header?.num_values ?? 0);
      reader.offset += header.compressed_page_size;
    }
    bytes.fill(0xff, reader.offset, reader.offset + 8);
    const read = rowsBefore.reduce((a, b) => a + b, 0);
    const slabRows = 16;
    const counted = Math.floor(read / slabRows) * slabRows;
    expect(counted).toBeGreaterThan(0);
    const calls = await sinkCalls(bytes, slabRows);
    expect(calls.screened).toBe(counted);
    expect(calls.notes).toEqual([
      `parquet row group 1 of 1 (rows 1-${n}) unreadable from row ${counted + 1}; rows ${counted + 1}-${n} skipped, the rows before scanned`,
    ]);
    // One slab per row group: the whole group is skipped, as before.
    expect((await sinkCalls(bytes, 1_000_000)).notes).toEqual([
      `parquet row group 1 of 1 (rows 1-${n}) unreadable; skipped`,
    ]);
  });
});
