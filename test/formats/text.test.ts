import { describe, expect, it } from "vitest";
import { memoryInput, readAll } from "./helpers.ts";

describe("plain text", () => {
  it("yields one free-text record per non-empty line with its line number", async () => {
    const { result, records } = await readAll(
      memoryInput("app.log", "start\r\n\r\nuser ssn 900-00-0001 seen\nend", { chunkSize: 4 }),
    );
    expect(result.format).toBe("text");
    expect(records).toEqual([
      { fields: [{ path: null, value: "start" }], position: 1 },
      { fields: [{ path: null, value: "user ssn 900-00-0001 seen" }], position: 3 },
      { fields: [{ path: null, value: "end" }], position: 4 },
    ]);
    expect(result.notes).toEqual([]);
    expect(result.bytesRead()).toBe(38);
  });
});
