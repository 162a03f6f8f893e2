import { describe, expect, it } from "vitest";
import { isMostlySequential } from "../../packages/assessment/index.ts";
import { DistinctValues, sequentialKey } from "../../packages/classifier/index.ts";

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
    let wrong = 0;
    for (let i = 0; i < 50_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const v = (x % 3 === 0 ? "D" : "") + String(x % 40_000).padStart(9, "0");
      if (distinct.add(v) === seen.has(v)) wrong++;
      seen.add(v);
    }
    expect(wrong).toBe(0);
    expect(distinct.size).toBe(seen.size);
    expect(new Set(distinct)).toEqual(seen);
  });

  it("splits values into prefix and trailing number as sequentialKey does, coded or not", () => {
    const values = [
      "123456789",
      "000000123",
      "D0000001",
      "D0000002",
      "AB12",
      "AB123",
      "A12345678901",
      "A123456789012345678",
      "12",
      "ABC",
      "X\n123",
      "Q1W2E3R4T555",
    ];
    const distinct = new DistinctValues();
    for (const v of values) distinct.add(v);
    const keys: string[] = [];
    for (const [prefix, numbers] of distinct.sequentialGroups())
      for (const n of numbers) keys.push(`${prefix}|${n}`);
    const expected = values.map(sequentialKey).flatMap((k) => (k ? [`${k.prefix}|${k.n}`] : []));
    expect(keys.sort()).toEqual(expected.sort());
  });

  it("groups random coded values by prefix as sequentialKey splits them (digit runs across words too)", () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const symbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const values = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const length = 1 + next(12);
      const digitsFrom = next(length + 1); // a trailing run of digits of any length
      let v = "";
      for (let c = 0; c < length; c++)
        v += c >= digitsFrom ? symbols.charAt(next(10)) : symbols.charAt(next(36));
      values.add(v);
    }
    const distinct = new DistinctValues();
    for (const v of values) distinct.add(v);
    const got: string[] = [];
    for (const [prefix, numbers] of distinct.sequentialGroups())
      for (const n of numbers) got.push(`${prefix}|${n}`);
    const expected = [...values].map(sequentialKey).flatMap((k) => (k ? [`${k.prefix}|${k.n}`] : []));
    expect(got.sort()).toEqual(expected.sort());
  });

  it("gives isMostlySequential the verdict of the same values in a Set", () => {
    const runs = [
      Array.from({ length: 40 }, (_, i) => String(123456789 + i)),
      Array.from({ length: 40 }, (_, i) => `D${String(1000 + 7 * i).padStart(7, "0")}`),
      [
        ...Array.from({ length: 20 }, (_, i) => `D${1000 + i}`),
        ...Array.from({ length: 30 }, (_, i) => `${i * 13}x`),
      ],
      Array.from({ length: 30 }, (_, i) => `N${String(i).padStart(18, "0")}`),
    ];
    for (const run of runs) {
      const distinct = new DistinctValues();
      for (const v of run) distinct.add(v);
      expect(isMostlySequential(distinct)).toBe(isMostlySequential(new Set(run)));
    }
    expect(runs.map((run) => isMostlySequential(new Set(run)))).toEqual([true, false, true, true]);
  });
});
