import { describe, expect, it } from "vitest";
import { memoryInput, readAll } from "./helpers.ts";

const read = (content: string, chunkSize?: number, limits?: { maxLineBytes?: number }) =>
  readAll(memoryInput("data.json", content, { chunkSize }), limits);

describe("JSON documents", () => {
  it("flattens nested objects to dotted paths, dropping array indices", async () => {
    const doc = {
      customer: {
        name: "Ana Test",
        license: { number: "X1234567", state: "CA" },
        phones: ["555-0100", "555-0101"],
      },
    };
    const { result, records } = await read(JSON.stringify(doc));
    expect(result.format).toBe("json");
    expect(records).toEqual([
      {
        fields: [
          { path: "customer.name", value: "Ana Test" },
          { path: "customer.license.number", value: "X1234567" },
          { path: "customer.license.state", value: "CA" },
          { path: "customer.phones", value: "555-0100" },
          { path: "customer.phones", value: "555-0101" },
        ],
        position: 1,
      },
    ]);
  });

  it("makes one record per element of a top-level array", async () => {
    const doc = [
      { ssn: "900-00-0001", license: { number: "X1", state: "CA" }, orders: [{ sku: "A" }, { sku: "B" }] },
      { ssn: "900-00-0002", license: { number: "X2", state: "NY" } },
    ];
    const { rows } = await read(JSON.stringify(doc, null, 2));
    expect(rows).toEqual([
      { ssn: "900-00-0001", "license.number": "X1", "license.state": "CA", "orders.sku": "B" },
      { ssn: "900-00-0002", "license.number": "X2", "license.state": "NY" },
    ]);
  });

  it("splits a wrapped array of records and keeps the wrapper's scalars in their own record", async () => {
    const doc = {
      exported: "2024-01-01",
      customers: [
        { ssn: "900-00-0001", license: { number: "X1", state: "CA" } },
        { ssn: "900-00-0002", license: { number: "X2", state: "NY" } },
      ],
      count: 2,
    };
    const { records } = await read(JSON.stringify(doc));
    expect(records).toEqual([
      {
        fields: [
          { path: "customers.ssn", value: "900-00-0001" },
          { path: "customers.license.number", value: "X1" },
          { path: "customers.license.state", value: "CA" },
        ],
        position: 1,
      },
      {
        fields: [
          { path: "customers.ssn", value: "900-00-0002" },
          { path: "customers.license.number", value: "X2" },
          { path: "customers.license.state", value: "NY" },
        ],
        position: 2,
      },
      {
        fields: [
          { path: "exported", value: "2024-01-01" },
          { path: "count", value: "2" },
        ],
        position: 3,
      },
    ]);
  });

  it("finds collections under deeper wrappers and rows given as arrays", async () => {
    const doc = { response: { data: { people: [{ ssn: "900-00-0001" }] } }, rows: [["900-00-0002", "CA"]] };
    const { rows } = await read(JSON.stringify(doc));
    expect(rows).toEqual([{ "response.data.people.ssn": "900-00-0001" }, { rows: "CA" }]);
    const { records } = await read(JSON.stringify(doc));
    expect(records[1]?.fields).toEqual([
      { path: "rows", value: "900-00-0002" },
      { path: "rows", value: "CA" },
    ]);
  });

  it("keeps numbers as written, skips null and booleans", async () => {
    const { records } = await read(
      '{"ssn":123456789,"big":12345678901234567890,"f":1.50,"e":-2E+3,"n":null,"b":true}',
    );
    expect(records[0]?.fields).toEqual([
      { path: "ssn", value: "123456789" },
      { path: "big", value: "12345678901234567890" },
      { path: "f", value: "1.50" },
      { path: "e", value: "-2E+3" },
    ]);
  });

  it("makes each scalar of a top-level array its own free-text record", async () => {
    const { records } = await read('["900-00-0001", 900000002, null]');
    expect(records).toEqual([
      { fields: [{ path: null, value: "900-00-0001" }], position: 1 },
      { fields: [{ path: null, value: "900000002" }], position: 2 },
    ]);
  });

  it("decodes escapes and gives the same records whatever the chunking", async () => {
    const text = String.raw`  [{"na\"me":"Jos\u00e9 \ud83d\ude00 \"q\" \\ \/ \n","n":12345,"t":"x"},{"n":-0.5e-3},[]]  `;
    const whole = await read(text);
    expect(whole.records[0]?.fields[0]).toEqual({ path: 'na"me', value: 'José 😀 "q" \\ / \n' });
    for (const chunkSize of [1, 2, 3, 7]) {
      const chunked = await read(text, chunkSize);
      expect(chunked.records).toEqual(whole.records);
    }
  });

  it("accepts several concatenated documents", async () => {
    const { records, result } = await read('{"a":"1"}\n{"a":"2"}   [{"b":"3"}]');
    expect(result.notes).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([
      [{ path: "a", value: "1" }],
      [{ path: "a", value: "2" }],
      [{ path: "b", value: "3" }],
    ]);
  });

  it("yields what was parsed before malformed JSON and notes the position", async () => {
    const text = '{"exported":"x","customers":[{"ssn":"900-00-0001"},{"ssn":"900-00-0002","name": oops}]}';
    const { records, result } = await read(text);
    expect(records.map((r) => r.fields)).toEqual([
      [{ path: "customers.ssn", value: "900-00-0001" }],
      [{ path: "customers.ssn", value: "900-00-0002" }],
      [{ path: "exported", value: "x" }],
    ]);
    expect(result.notes).toEqual([
      {
        reason: "malformed",
        message: `malformed JSON (unexpected character at character ${text.indexOf("oops")}); records before it were read`,
      },
    ]);
  });

  it("notes a truncated document", async () => {
    const { records, result } = await read('[{"ssn":"900-00-0001"},{"ssn":"900-0');
    expect(records.map((r) => r.fields)).toEqual([[{ path: "ssn", value: "900-00-0001" }]]);
    expect(result.notes.map((n) => n.reason)).toEqual(["malformed"]);
    expect(result.notes[0]?.message).toMatch(/unterminated string/);
  });

  it("never puts scanned values in notes", async () => {
    const { result } = await read('{"ssn": "900-00-0001" "x": 1}');
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]?.message).not.toContain("900");
  });

  it("truncates an over-long string value with a note", async () => {
    const { records, result } = await read(`{"blob":"${"z".repeat(100)}","ssn":"900-00-0001"}`, 16, {
      maxLineBytes: 12,
    });
    expect(records[0]?.fields).toEqual([
      { path: "blob", value: "z".repeat(12) },
      { path: "ssn", value: "900-00-0001" },
    ]);
    expect(result.notes.map((n) => n.reason)).toEqual(["line-too-long"]);
  });

  it("streams a large document as records with bounded batches", async () => {
    const people = Array.from({ length: 20_000 }, (_, i) => ({
      id: i,
      ssn: `900-00-${String(i % 10_000).padStart(4, "0")}`,
    }));
    const { records } = await read(JSON.stringify({ people }), 64 * 1024);
    expect(records).toHaveLength(20_000);
    expect(records[19_999]).toEqual({
      fields: [
        { path: "people.id", value: "19999" },
        { path: "people.ssn", value: "900-00-9999" },
      ],
      position: 20_000,
    });
  });

  it("flushes a huge root record between members of the root object", async () => {
    const byId = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`u${i}`, { ssn: `900-00-${1000 + i}`, state: "CA" }]),
    );
    const { records } = await read(JSON.stringify(byId));
    expect(records.map((r) => r.fields.length)).toEqual([256, 256, 88]);
    expect(records[0]?.fields.at(-1)).toEqual({ path: "u127.state", value: "CA" });
  });
});
