import { describe, expect, it } from "vitest";
import { jsonPieces } from "../../packages/engine/phases/json-pieces.ts";

describe("jsonPieces", () => {
  it("joins to JSON.stringify's text, long strings passed through in slices", () => {
    const long = "0123456789abcdef".repeat(200_000); // 3.2M characters: several pieces
    const values: unknown[] = [
      {
        format: "x",
        n: 1.5,
        big: long,
        nested: [{ a: undefined, b: null, c: [undefined, () => 1, 3] }, "é\u2028"],
        at: new Date(0),
        fn: () => 1,
        "2": "integer-like keys first",
        weird: `"${"q".repeat(5000)}\\\n\ud800"`, // long but escaped: stringified as a whole
        pair: `${"p".repeat(5000)}😀`, // long with a surrogate pair: stringified as a whole
        nan: Number.NaN,
      },
      [long, long],
      "short",
      42,
      null,
      [],
      {},
    ];
    for (const value of values) {
      const pieces = jsonPieces(value);
      expect(pieces.join("")).toBe(JSON.stringify(value));
      expect(Math.max(0, ...pieces.map((p) => p.length))).toBeLessThanOrEqual(1 << 21);
    }
    expect(jsonPieces([long]).length).toBeGreaterThan(3);
    expect(jsonPieces(undefined)).toEqual([]);
  });
});
