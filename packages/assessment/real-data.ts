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
  // Each value is a prefix and a trailing run of 3+ digits (as /^(.*?)(\d{3,})$/ splits it); values
  // are grouped by prefix and their numbers sorted: steps of one between neighbours count.
  const groups = new Map<string, number[]>();
  let parsed = 0;
  for (const v of values) {
    let start = v.length;
    while (start > 0 && isDigit(v.charCodeAt(start - 1))) start--;
    if (v.length - start < 3) continue;
    const prefix = v.slice(0, start);
    if (LINE_BREAK.test(prefix)) continue; // "." in the pattern stops at line breaks
    let numbers = groups.get(prefix);
    if (numbers === undefined) {
      numbers = [];
      groups.set(prefix, numbers);
    }
    numbers.push(Number(v.slice(start)));
    parsed++;
  }
  if (parsed < 5) return false;
  let steps = 0;
  for (const numbers of groups.values()) {
    const sorted = Float64Array.from(numbers).sort();
    for (let i = 1; i < sorted.length; i++)
      if ((sorted[i] as number) - (sorted[i - 1] as number) === 1) steps++;
  }
  return steps / (parsed - 1) > 0.5;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
const isDigit = (c: number) => c >= 48 && c <= 57;
