// Is a field's data real customer data? Evidence from the values themselves (fingerprints come later).
import type { RealData } from "../core/index.ts";
import type { TypeStats } from "../classifier/index.ts";

export interface RealDataVerdict {
  realData: RealData;
  reasons: string[];
}

const REPEAT_MIN_MATCHES = 5;
const MIN_DISTINCT_SHARE = 0.2;
const MAX_INVALID_SHARE = 0.2;

export function assessRealData(stats: TypeStats): RealDataVerdict {
  const realLooking = stats.matchCount - stats.testValueCount;
  const shaped = stats.matchCount + stats.invalidCount;
  const reasons: string[] = [];
  if (realLooking === 0) {
    reasons.push(`all ${stats.matchCount} matched values are well-known example or test values`);
    return { realData: "unlikely", reasons };
  }
  if (shaped > 0 && stats.invalidCount / shaped > MAX_INVALID_SHARE) {
    reasons.push(`${stats.invalidCount} of ${shaped} values are never-issued or invalid numbers`);
  }
  if (stats.testValueCount > realLooking) {
    reasons.push(`${stats.testValueCount} of ${stats.matchCount} values are well-known test values`);
  }
  const distinct = stats.distinct.size;
  if (stats.matchCount >= REPEAT_MIN_MATCHES && distinct / stats.matchCount < MIN_DISTINCT_SHARE) {
    reasons.push(`only ${distinct} distinct values across ${stats.matchCount} matches (repeated values)`);
  }
  if (isMostlySequential(stats.distinct)) reasons.push("values form sequential runs");
  if (reasons.length > 0) return { realData: "unlikely", reasons };
  return {
    realData: "likely",
    reasons: [
      `${realLooking} valid, ${distinct}${stats.distinctOverflow ? "+" : ""} distinct values with no synthetic signs`,
      "not confirmed against production fingerprints",
    ],
  };
}

/** Synthetic generators often count up: most consecutive sorted values differ by one. */
function isMostlySequential(values: Set<string>): boolean {
  if (values.size < 5) return false;
  const numbers = [...values]
    .filter((v) => /^\d+$/.test(v))
    .map(Number)
    .sort((a, b) => a - b);
  if (numbers.length < 5) return false;
  let steps = 0;
  for (let i = 1; i < numbers.length; i++) {
    if ((numbers[i] as number) - (numbers[i - 1] as number) === 1) steps++;
  }
  return steps / (numbers.length - 1) > 0.5;
}
