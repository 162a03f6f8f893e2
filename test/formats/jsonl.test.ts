import { describe, expect, it } from "vitest";
import { memoryInput, readAll } from "./helpers.ts";

describe("JSON lines", () => {
  it("makes one record per line, nested values flattened", async () => {
    const content = [
      JSON.stringify({ ssn: "900-00-0001", license: { number: "X1", state: "CA" }, tags: ["a", "b"] }),
      "",
      JSON.stringify({ ssn: 900000002, orders: [{ sku: "A" }] }),
      '"just a string"',
    ].join("\r\n");
    const { result, records } = await readAll(memoryInput("events.jsonl", content, { chunkSize: 5 }));
    expect(result.format).toBe("jsonl");
    expect(records).toEqual([
      {
        fields: [
          { path: "ssn", value: "900-00-0001" },
          { path: "license.number", value: "X1" },
          { path: "license.state", value: "CA" },
          { path: "tags", value: "a" },
          { path: "tags", value: "b" },
        ],
        position: 1,
      },
      {
        fields: [
          { path: "ssn", value: "900000002" },
          { path: "orders.sku", value: "A" },
        ],
        position: 3,
      },
      { fields: [{ path: null, value: "just a string" }], position: 4 },
    ]);
    expect(result.notes).toEqual([]);
  });

  it("counts malformed lines in one note, scans them as free text and goes on", async () => {
    const content = [
      '{"ssn":"900-00-0001"}',
      '{"ssn":"900-00-0002"',
      "not json at all",
      '{"ssn":"900-00-0003"}',
    ].join("\n");
    const { result, records } = await readAll(memoryInput("events.ndjson", content));
    expect(result.format).toBe("jsonl");
    expect(records).toEqual([
      { fields: [{ path: "ssn", value: "900-00-0001" }], position: 1 },
      { fields: [{ path: null, value: '{"ssn":"900-00-0002"' }], position: 2 },
      { fields: [{ path: null, value: "not json at all" }], position: 3 },
      { fields: [{ path: "ssn", value: "900-00-0003" }], position: 4 },
    ]);
    expect(result.notes).toEqual([
      { reason: "malformed", message: "2 lines not valid JSON (first at line 2); scanned as free text" },
    ]);
  });

  it("reports an over-long line once, as line-too-long", async () => {
    const content = `{"blob":"${"z".repeat(100)}"}\n{"ssn":"900-00-0001"}\n`;
    const { result, records } = await readAll(memoryInput("a.jsonl", content), { maxLineBytes: 40 });
    expect(result.notes.map((n) => n.reason)).toEqual(["line-too-long"]);
    expect(records.map((r) => r.position)).toEqual([1, 2]);
    expect(records[1]?.fields).toEqual([{ path: "ssn", value: "900-00-0001" }]);
  });
});
