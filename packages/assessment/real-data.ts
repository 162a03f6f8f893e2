// Is a field's data real customer data? Evidence from the values themselves (fingerprints come later).

import type { TypeStats } from "../classifier/index.ts";
import type { RealData } from "../core/index.ts";

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

/** Synthetic generators often count up (123456789, 123456790… or D0000001, D0000002…). */
function isMostlySequential(values: Set<string>): boolean {
  if (values.size < 5) return false;
  const parsed: Array<[string, number]> = [];
  for (const v of values) {
    const m = /^(.*?)(\d{3,})$/.exec(v);
    if (m) parsed.push([m[1] as string, Number(m[2])]);
  }
  if (parsed.length < 5) return false;
  parsed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  let steps = 0;
  for (let i = 1; i < parsed.length; i++) {
    const [prefix, n] = parsed[i] as [string, number];
    const [previousPrefix, previous] = parsed[i - 1] as [string, number];
    if (prefix === previousPrefix && n - previous === 1) steps++;
  }
  return steps / (parsed.length - 1) > 0.5;
}
