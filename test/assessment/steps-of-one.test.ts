import { describe, expect, it } from "vitest";
import { stepsOfOne } from "../../packages/assessment/index.ts";

/** The definition: neighbours one apart once sorted. */
function sortedSteps(numbers: Float64Array): number {
  const sorted = Float64Array.from(numbers).sort();
  let steps = 0;
  for (let i = 1; i < sorted.length; i++)
    if ((sorted[i] as number) - (sorted[i - 1] as number) === 1) steps++;
  return steps;
}

describe("stepsOfOne", () => {
  it("counts neighbours one apart as sorting would, repeats and numbers past 2^32 included", () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let t = 0; t < 300; t++) {
      const n = next(400);
      const base = next(3) === 0 ? 4294967290 : next(2) === 0 ? 999_999_999_000 : next(1000);
      // Runs, gaps and repeats (the same number from "0123" and "123") in any order.
      const numbers = Float64Array.from({ length: n }, () => base + next(next(2) === 0 ? 20 : 100_000));
      expect(stepsOfOne(numbers)).toBe(sortedSteps(numbers));
    }
    expect(stepsOfOne(Float64Array.from([5, 5, 6, 6, 7]))).toBe(2);
    expect(stepsOfOne(new Float64Array(0))).toBe(0);
  });
});
