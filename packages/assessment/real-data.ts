// Is a field's data real customer data? Confirmed when its values match keyed fingerprints of
// production values beyond what chance explains; otherwise likely or unlikely from the values themselves.

import { DistinctValues, sequentialKey, type TypeStats } from "../classifier/index.ts";

export { sequentialKey };

import type { DataType, RealData } from "../core/index.ts";

export interface RealDataVerdict {
  realData: RealData;
  reasons: string[];
}

/** A non-production field's values compared with production fingerprints. */
export interface ProductionComparison {
  /** Distinct valid, non-test values looked up (test and invalid values never are). */
  checked: number;
  /** Of those, how many match a production fingerprint. */
  matched: number;
  /** Distinct production values of the data type on file (this run's and kept ones). */
  productionValues: number;
}

/**
 * How many numbers a made-up valid value is drawn from. SSNs: areas 001–899 but 666, groups 01–99,
 * serials 0001–9999 (~8.9e8). Licenses: a rough, deliberately small bound (state formats allow 10^7 to
 * 10^12 numbers each; production licenses spread over 51 of them).
 */
export const VALUE_SPACE: Record<DataType, number> = { US_SSN: 898 * 99 * 9999, US_DRIVERS_LICENSE: 1e9 };

/**
 * Matches needed to confirm. SSNs are few: a production set of 10^8 holds 11% of all valid numbers, so
 * made-up test SSNs match it by chance. With E = checked × productionValues / space matches expected by
 * chance, a field is confirmed from floor(E + 4√E) + 1 matches: one match when production is small
 * (E ≈ 0; a 64-bit false match is ~5e-12), and well above the chance level when it is large.
 */
export function confirmationThreshold(
  dataType: DataType,
  checked: number,
  productionValues: number,
): { threshold: number; expected: number } {
  const expected = checked * Math.min(1, productionValues / VALUE_SPACE[dataType]);
  return { threshold: Math.floor(expected + 4 * Math.sqrt(expected)) + 1, expected };
}

const REPEAT_MIN_MATCHES = 5;
const MIN_DISTINCT_SHARE = 0.2;
const MAX_INVALID_SHARE = 0.2;

/**
 * `production` is null for fields not compared (production stores themselves, or no production
 * fingerprints on file yet).
 */
export function assessRealData(
  stats: TypeStats,
  production: ProductionComparison | null = null,
): RealDataVerdict {
  const evidence = assessFromValues(stats);
  if (!production || production.checked === 0) return evidence;
  const { matched, checked, productionValues } = production;
  const { threshold, expected } = confirmationThreshold(stats.dataType, checked, productionValues);
  const chance =
    expected >= 0.01
      ? ` (about ${expected < 10 ? expected.toFixed(2) : Math.round(expected)} by chance)`
      : "";
  const share = `${matched} of ${checked} distinct values match production fingerprints`;
  if (matched >= threshold) {
    return {
      realData: "confirmed",
      reasons: [
        `${share}${chance}`,
        ...(evidence.realData === "unlikely" ? evidence.reasons.map((r) => `other values: ${r}`) : []),
      ],
    };
  }
  const comparison =
    productionValues === 0
      ? "no production fingerprints on file to compare with: scan the production stores to confirm"
      : matched === 0
        ? `none of ${checked} distinct values match the ${productionValues} production values on file`
        : `${share}, no more than chance explains${chance}: not confirmed`;
  return {
    realData: evidence.realData,
    reasons: [...evidence.reasons.filter((r) => r !== NOT_CONFIRMED), comparison],
  };
}

const NOT_CONFIRMED = "not confirmed against production fingerprints";

function assessFromValues(stats: TypeStats): RealDataVerdict {
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
  const distinct = stats.distinctCount;
  if (stats.matchCount >= REPEAT_MIN_MATCHES && distinct / stats.matchCount < MIN_DISTINCT_SHARE) {
    reasons.push(`only ${distinct} distinct values across ${stats.matchCount} matches (repeated values)`);
  }
  if (valuesRunInSequence(stats)) reasons.push("values form sequential runs");
  if (reasons.length > 0) return { realData: "unlikely", reasons };
  return {
    realData: "likely",
    reasons: [
      `${realLooking} valid, ${distinct}${stats.distinctOverflow ? "+" : ""} distinct values with no synthetic signs`,
      NOT_CONFIRMED,
    ],
  };
}

/** isMostlySequential of a field's distinct values, or what a rebuilt field carries of it. */
export function valuesRunInSequence(stats: TypeStats): boolean {
  return stats.decoded ? stats.decoded.sequential : isMostlySequential(stats.distinct);
}

/** Synthetic generators often count up (123456789, 123456790… or D0000001, D0000002…). */
export function isMostlySequential(values: ReadonlySet<string> | DistinctValues): boolean {
  if (values.size < 5) return false;
  // Each value is a prefix and a trailing run of 3+ digits (as /^(.*?)(\d{3,})$/ splits it); values
  // are grouped by prefix and their numbers sorted: steps of one between neighbours count.
  const groups = values instanceof DistinctValues ? values.sequentialGroups() : sequentialGroupsOf(values);
  let parsed = 0;
  for (const numbers of groups.values()) parsed += numbers.length;
  if (parsed < 5) return false;
  let steps = 0;
  for (const numbers of groups.values()) steps += stepsOfOne(numbers);
  return steps / (parsed - 1) > 0.5;
}

/**
 * How many neighbours differ by one once `numbers` (integers ≥ 0, repeats allowed) are sorted, without
 * sorting: in sorted order u is followed by u + 1 exactly once per distinct u whose successor is there,
 * so the distinct numbers go into a hash table and each looks for its successor.
 */
export function stepsOfOne(numbers: Float64Array): number {
  const n = numbers.length;
  if (n < 2) return 0;
  let size = 4;
  while (size < 2 * n) size *= 2;
  const table = new Float64Array(size).fill(-1); // -1: empty (numbers are never negative)
  const mask = size - 1;
  const slotOf = (v: number): number => {
    const h = Math.imul((v % 4294967296) ^ Math.floor(v / 4294967296), 0x9e3779b1);
    let i = (h ^ (h >>> 15)) & mask;
    while (table[i] !== -1 && table[i] !== v) i = (i + 1) & mask;
    return i;
  };
  for (let k = 0; k < n; k++) {
    const v = numbers[k] as number;
    table[slotOf(v)] = v;
  }
  let steps = 0;
  for (let i = 0; i < size; i++) {
    const v = table[i] as number;
    if (v !== -1 && table[slotOf(v + 1)] === v + 1) steps++;
  }
  return steps;
}

/** Numbers per prefix of values as strings (see DistinctValues.sequentialGroups). */
function sequentialGroupsOf(values: ReadonlySet<string>): Map<string, Float64Array> {
  const lists = new Map<string, number[]>();
  for (const v of values) {
    const key = sequentialKey(v);
    if (key === null) continue;
    let numbers = lists.get(key.prefix);
    if (numbers === undefined) {
      numbers = [];
      lists.set(key.prefix, numbers);
    }
    numbers.push(key.n);
  }
  const groups = new Map<string, Float64Array>();
  for (const [prefix, numbers] of lists) groups.set(prefix, Float64Array.from(numbers));
  return groups;
}
