import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { UnitReadError } from "../../packages/core/index.ts";
import { readUnit } from "../../packages/formats/index.ts";
import { flattenParquetValue } from "../../packages/formats/parquet.ts";
import { memoryInput, readAll } from "./helpers.ts";

const people = () =>
  new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: [1, 2, 3] },
        { name: "ssn", data: ["900-00-0001", "900-00-0002", null] },
        { name: "ssn_num", data: [900000001n, 900000002n, 900000003n] },
        { name: "license", data: [{ number: "X1", state: "CA" }, { number: "X2", state: "NY" }, null] },
        { name: "seen", data: [new Date("2024-01-02T03:04:05Z"), null, null] },
      ],
      schema: [
        { name: "root", num_children: 5 },
        { name: "id", type: "INT32", repetition_type: "REQUIRED" },
        { name: "ssn", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "ssn_num", type: "INT64", repetition_type: "REQUIRED" },
        { name: "license", repetition_type: "OPTIONAL", num_children: 2 },
        { name: "number", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "state", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "seen", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "OPTIONAL" },
      ],
      rowGroupSize: 2,
    }),
  );

const expectedRows = [
  {
    id: "1",
    ssn: "900-00-0001",
    ssn_num: "900000001",
    "license.number": "X1",
    "license.state": "CA",
    seen: "2024-01-02T03:04:05.000Z",
  },
  { id: "2", ssn: "900-00-0002", ssn_num: "900000002", "license.number": "X2", "license.state": "NY" },
  { id: "3", ssn_num: "900000003" },
];

describe("Parquet", () => {
  it("reads rows through ranged reads, struct columns as dotted paths", async () => {
    const bytes = people();
    const { result, records, rows } = await readAll(memoryInput("people.parquet", bytes, { ranges: true }));
    expect(result).toMatchObject({ format: "parquet", compression: "none", notes: [] });
    expect(rows).toEqual(expectedRows);
    expect(records.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(result.bytesRead()).toBeGreaterThan(0);
  });

  it("buffers the stream when there is no random access", async () => {
    const bytes = people();
    const { result, rows } = await readAll(memoryInput("people.parquet", bytes, { chunkSize: 100 }));
    expect(result.format).toBe("parquet");
    expect(rows).toEqual(expectedRows);
    expect(result.bytesRead()).toBe(bytes.length);
  });

  it("reads gzip-wrapped Parquet", async () => {
    const { result, rows } = await readAll(
      memoryInput("people.parquet.gz", gzipSync(people()), { ranges: true }),
    );
    expect(result).toMatchObject({ format: "parquet", compression: "gzip" });
    expect(rows).toEqual(expectedRows);
  });

  it("throws when Parquet cannot be read whole within maxBytes", async () => {
    const error = await readUnit(memoryInput("people.parquet", people()), { maxBytes: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(UnitReadError);
    expect(error.reason).toBe("too-large");
  });

  it("throws malformed for a file with the magic but no valid footer", async () => {
    const bytes = Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(100, 7), Buffer.from("PAR1")]);
    const error = await readUnit(memoryInput("bad.parquet", bytes, { ranges: true })).catch((e) => e);
    expect(error).toBeInstanceOf(UnitReadError);
    expect(error.reason).toBe("malformed");
  });

  it("notes and skips a row group that cannot be decoded", async () => {
    const bytes = Buffer.from(people());
    // Corrupt the data pages of the first row group (right after the leading magic).
    bytes.fill(0xff, 4, 60);
    const { result, rows } = await readAll(memoryInput("people.parquet", bytes, { ranges: true }));
    expect(result.notes.map((n) => n.reason)).toContain("malformed");
    expect(rows).toContainEqual(expectedRows[2]);
  });

  it("stops with a note once more than maxBytes were fetched", async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const bytes = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: "id", data: ids }], rowGroupSize: 1000 }),
    );
    const { result, records } = await readAll(memoryInput("ids.parquet", bytes, { ranges: true }), {
      maxBytes: 3000,
    });
    expect(records.length).toBeLessThan(3000);
    expect(result.notes.map((n) => n.reason)).toEqual(["too-large"]);
  });

  it("turns values into strings: bytes only when printable, lists keep the path", () => {
    const fields: { path: string | null; value: string }[] = [];
    flattenParquetValue(
      {
        text: new TextEncoder().encode("900-00-0001"),
        blob: new Uint8Array([0, 1, 2, 255]),
        list: ["a", "b"],
        map: { inner: { deep: 1.5 } },
        flag: true,
        nan: Number.NaN,
      },
      "",
      fields,
    );
    expect(fields).toEqual([
      { path: "text", value: "900-00-0001" },
      { path: "list", value: "a" },
      { path: "list", value: "b" },
      { path: "map.inner.deep", value: "1.5" },
    ]);
  });
});
