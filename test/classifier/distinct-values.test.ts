import { describe, expect, it } from "vitest";
import { DistinctValues } from "../../packages/classifier/index.ts";

describe("DistinctValues", () => {
  it("counts and returns exactly the distinct values, coded or not", () => {
    const values = [
      "123456789",
      "123456789",
      "A1234567",
      "000000000",
      "Z",
      "ZZZZZZZZZZZZ", // longest coded value
      "A123456789012345678", // too long to code: kept as a string
      "a-1", // not 0-9 A-Z
      "",
      "A123456789012345678",
      "1",
      "10",
      "01",
    ];
    const distinct = new DistinctValues();
    const fresh = values.map((v) => distinct.add(v));
    expect(fresh).toEqual([true, false, true, true, true, true, true, true, true, false, true, true, true]);
    const expected = [...new Set(values)].sort();
    expect(distinct.size).toBe(expected.length);
    expect([...distinct].sort()).toEqual(expected);
    for (const v of expected) expect(distinct.has(v)).toBe(true);
    expect(distinct.has("123456788")).toBe(false);
    expect(distinct.has("0")).toBe(false);
    expect(distinct.has("b")).toBe(false);
  });

  it("stays exact as its table grows", () => {
    const distinct = new DistinctValues();
    const seen = new Set<string>();
    let x = 12345;
    for (let i = 0; i < 50_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const v = (x % 3 === 0 ? "D" : "") + String(x % 40_000).padStart(9, "0");
      expect(distinct.add(v)).toBe(!seen.has(v));
      seen.add(v);
    }
    expect(distinct.size).toBe(seen.size);
    expect(new Set(distinct)).toEqual(seen);
  });
});
