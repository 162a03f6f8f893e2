import { describe, expect, it } from "vitest";
import { assessRealData } from "../../packages/assessment/index.ts";
import { TypeStats } from "../../packages/classifier/index.ts";
import type { Candidate, DataType } from "../../packages/core/index.ts";

function statsOf(dataType: DataType, values: string[], opts: { testValue?: boolean; invalid?: number } = {}) {
  const stats = new TypeStats(dataType);
  for (const value of values) {
    const candidate: Candidate = {
      dataType,
      value,
      normalized: value.replace(/[^0-9A-Z]/gi, "").toUpperCase(),
      start: 0,
      end: value.length,
      pattern: "test",
      strength: "strong",
      valid: true,
      testValue: opts.testValue ?? false,
      state: null,
    };
    stats.observeValue([candidate]);
  }
  for (let i = 0; i < (opts.invalid ?? 0); i++) stats.observeValue([{ ...invalidCandidate(dataType) }]);
  return stats;
}

function invalidCandidate(dataType: DataType): Candidate {
  return {
    dataType,
    value: "000-12-3456",
    normalized: "000123456",
    start: 0,
    end: 11,
    pattern: "test",
    strength: "strong",
    valid: false,
    testValue: false,
    state: null,
  };
}

// Diverse values made by arithmetic: no runs, no repeats.
const diverse = Array.from({ length: 30 }, (_, i) => String(100_000_000 + ((i * 7_654_321) % 799_999_999)));

describe("real-data verdict from the values", () => {
  it("diverse valid values are likely real", () => {
    expect(assessRealData(statsOf("US_SSN", diverse)).realData).toBe("likely");
  });
  it("only test values are unlikely", () => {
    expect(assessRealData(statsOf("US_SSN", ["078051120", "219099999"], { testValue: true })).realData).toBe(
      "unlikely",
    );
  });
  it.each([
    ["sequential digits", Array.from({ length: 20 }, (_, i) => String(400_000_000 + i))],
    [
      "sequential licence numbers with a prefix",
      Array.from({ length: 20 }, (_, i) => `D${String(i + 1).padStart(7, "0")}`),
    ],
    ["one value repeated", Array.from({ length: 20 }, () => "401234567")],
  ])("%s are unlikely", (_label, values) => {
    expect(assessRealData(statsOf("US_DRIVERS_LICENSE", values)).realData).toBe("unlikely");
  });
  it("many never-issued numbers mark the field synthetic", () => {
    expect(assessRealData(statsOf("US_SSN", diverse.slice(0, 10), { invalid: 10 })).realData).toBe(
      "unlikely",
    );
  });
});
