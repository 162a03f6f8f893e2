import { describe, expect, it } from "vitest";
import { assessRealData, confirmationThreshold } from "../../packages/assessment/index.ts";
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

describe("real-data verdict against production fingerprints", () => {
  const copied = statsOf("US_SSN", diverse);

  it("confirms when values match production, saying how many of how many", () => {
    const verdict = assessRealData(copied, { checked: 30, matched: 12, productionValues: 5000 });
    expect(verdict.realData).toBe("confirmed");
    expect(verdict.reasons[0]).toBe("12 of 30 distinct values match production fingerprints");
  });

  it("stays likely with no match, and says what it was compared with", () => {
    expect(assessRealData(copied, { checked: 30, matched: 0, productionValues: 5000 })).toEqual({
      realData: "likely",
      reasons: [
        "30 valid, 30 distinct values with no synthetic signs",
        "none of 30 distinct values match the 5000 production values on file",
      ],
    });
    expect(assessRealData(copied, { checked: 30, matched: 0, productionValues: 0 }).reasons[1]).toMatch(
      /no production fingerprints on file/,
    );
  });

  it("does not confirm matches that chance explains when production holds a large share of all SSNs", () => {
    // 10^8 production SSNs are ~11% of the valid numbers: 1000 made-up values match ~112 by chance.
    const { threshold, expected } = confirmationThreshold("US_SSN", 1000, 1e8);
    expect(expected).toBeCloseTo(112.5, 0);
    expect(threshold).toBe(155);
    const chance = assessRealData(copied, { checked: 1000, matched: 120, productionValues: 1e8 });
    expect(chance.realData).toBe("likely");
    expect(chance.reasons.at(-1)).toMatch(/no more than chance explains \(about 112 by chance\)/);
    expect(assessRealData(copied, { checked: 1000, matched: 400, productionValues: 1e8 }).realData).toBe(
      "confirmed",
    );
  });

  it("needs one match against a small production set", () => {
    expect(confirmationThreshold("US_SSN", 60, 450).threshold).toBe(1);
    expect(confirmationThreshold("US_DRIVERS_LICENSE", 60, 900).threshold).toBe(1);
  });

  it("never confirms a field of test values: they are never looked up", () => {
    const tests = statsOf("US_SSN", ["078051120", "219099999"], { testValue: true });
    expect(assessRealData(tests, { checked: 0, matched: 0, productionValues: 5000 }).realData).toBe(
      "unlikely",
    );
  });
});
