// Parquet files of every page layout the page-by-page reader handles, made by code: v1 and v2 data
// pages, snappy, gzip and uncompressed, several pages per chunk, dictionary pages then PLAIN pages in
// one chunk; strings with nulls, empties and a lone BOM, doubles, int64 (negative nine-digit ones), int32.
import { type FlatColumn, flatParquet } from "../../packages/synth/parquet.ts";
import { joinRowGroups } from "../../packages/synth/parquet-pages.ts";

export const ROWS = 600;

/** Strings with nulls and empties, a low-cardinality column, numbers (nulls, negative nine-digit ones). */
export function layoutColumns(offset: number, encoding?: FlatColumn["encoding"]): FlatColumn[] {
  const at = (i: number) => i + offset;
  return [
    {
      name: "note",
      type: "STRING",
      values: Array.from({ length: ROWS }, (_, i) =>
        at(i) % 7 === 0 ? null : at(i) % 11 === 0 ? "" : `note ${at(i)} ref ${100_000_000 + at(i)}-x`,
      ),
      ...(encoding ? { encoding } : {}),
    },
    {
      name: "state",
      type: "STRING",
      values: Array.from({ length: ROWS }, (_, i) =>
        at(i) % 5 === 0 ? null : (["CA", "NY", "TX"][at(i) % 3] as string),
      ),
      ...(encoding ? { encoding } : {}),
    },
    {
      name: "amount",
      type: "DOUBLE",
      values: Array.from({ length: ROWS }, (_, i) => (at(i) % 9 === 0 ? null : at(i) * 1.25 - 100)),
    },
    {
      name: "big",
      type: "INT64",
      values: Array.from({ length: ROWS }, (_, i) =>
        at(i) % 4 === 0 ? null : (at(i) % 2 ? -1 : 1) * 123_456_789 * at(i),
      ),
    },
    { name: "small", type: "INT32", values: Array.from({ length: ROWS }, (_, i) => at(i) - 300) },
    {
      name: "ssn",
      type: "STRING",
      values: Array.from({ length: ROWS }, (_, i) =>
        at(i) % 3 === 0 ? `${100 + (at(i) % 600)}-45-${String(1000 + at(i)).slice(-4)}` : null,
      ),
      ...(encoding ? { encoding } : {}),
    },
    {
      name: "dl_number",
      type: "STRING",
      values: Array.from({ length: ROWS }, (_, i) => (at(i) % 4 === 1 ? `D${1_000_000 + at(i)}` : null)),
      ...(encoding ? { encoding } : {}),
    },
    {
      name: "dl_state",
      type: "STRING",
      values: Array.from({ length: ROWS }, (_, i) =>
        at(i) % 4 === 1 ? "CA" : at(i) % 8 === 2 ? "\uFEFF" : null,
      ),
      ...(encoding ? { encoding } : {}),
    },
  ];
}

export const LAYOUTS: [string, () => Uint8Array][] = [
  [
    "v2 pages, snappy, several pages per chunk",
    () => flatParquet(layoutColumns(0), undefined, { pageSize: 512 }),
  ],
  ["v2 pages, gzip", () => flatParquet(layoutColumns(0), undefined, { pageSize: 512, codec: "GZIP" })],
  [
    "v2 pages, uncompressed",
    () => flatParquet(layoutColumns(0), undefined, { pageSize: 512, codec: "UNCOMPRESSED" }),
  ],
  [
    "v1 pages, gzip",
    () =>
      joinRowGroups([flatParquet(layoutColumns(0), undefined, { pageSize: 512, codec: "GZIP" })], {
        v1: true,
      }),
  ],
  [
    "v1 pages, snappy, dictionary pages then PLAIN pages in one chunk",
    () =>
      joinRowGroups(
        [
          flatParquet(layoutColumns(0, "RLE_DICTIONARY"), undefined, { pageSize: 512 }),
          flatParquet(layoutColumns(ROWS, "PLAIN"), undefined, { pageSize: 512 }),
        ],
        { v1: true },
      ),
  ],
  [
    "v2 pages, dictionary then PLAIN, uncompressed",
    () =>
      joinRowGroups([
        flatParquet(layoutColumns(0, "RLE_DICTIONARY"), undefined, { pageSize: 512, codec: "UNCOMPRESSED" }),
        flatParquet(layoutColumns(ROWS, "PLAIN"), undefined, { pageSize: 512, codec: "UNCOMPRESSED" }),
      ]),
  ],
];
