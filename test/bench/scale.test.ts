// The arithmetic of "scale on paper" (bench/scale-model.ts) on small hand-checked inputs, and the
// knobs bench/scale.ts reads from the code. No timing: the speeds are given, not measured.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { S3_USD_PER_GET, SFN_MAX_PAYLOAD_BYTES, SFN_USD_PER_TRANSITION } from "../../bench/prices.ts";
import { BenchResults, functionKnobs, measuredSpeeds, stackKnobs } from "../../bench/scale.ts";
import {
  type Assumptions,
  type Knobs,
  type Measured,
  planListing,
  renderScale,
  scenario,
} from "../../bench/scale-model.ts";

const knobs: Knobs = {
  batchBytes: 100e6,
  batchUnits: 1000,
  maxConcurrency: 10,
  scanMemoryMb: 1024,
  scanTimeoutSeconds: 5,
  deadlineMarginSeconds: 1,
  planTimeoutSeconds: 600,
  planMemoryMb: 1024,
  readCapBytes: 1e9,
  sampleRanges: 8,
  unitsAtOnce: 4,
  listPageSize: 1000,
  listing: {
    concurrency: 16,
    sequentialPages: 10,
    maxRanges: 1024,
    maxBufferedObjects: 250_000,
    discoveryPages: 10,
  },
};
const measured: Measured = { mbPerCoreSecond: 10, objectsPerCoreSecond: 100, source: "test" };
const small: Assumptions = {
  objects: 1000,
  totalBytes: 1e9,
  largeByteShare: 0,
  largeObjectBytes: 1e9,
  productionShare: 0.5,
  prefixes: 1,
  folders: 0,
  firstByteMs: 0,
  listPageMs: 100,
  deadlineHours: 6,
};

describe("plan listing on paper", () => {
  const big: Assumptions = { ...small, objects: 10e6, folders: 1000 };
  it("lists flat keys page after page", () => {
    expect(planListing({ ...big, folders: 0 }, knobs)).toEqual({
      requests: 10_000,
      seconds: 1000,
      ranges: 1,
      inFlight: 1,
    });
    // A store within the first pages never fans out.
    expect(planListing({ ...small, folders: 50 }, knobs)).toMatchObject({ requests: 1, ranges: 1 });
  });

  it("fans out over the folders: pages / requests in flight, plus discovery and one more page per range", () => {
    // 10 pages first; root 1 page of folders; each of the 1,000 looked into (63 rounds of 16);
    // 9,990 pages + 1,000 range ends over 16 in flight = 687 rounds.
    const l = planListing(big, knobs);
    expect(l).toMatchObject({ requests: 10 + 1 + 1000 + 10_990, ranges: 1001, inFlight: 16 });
    expect(l.seconds).toBeCloseTo((10 + 1 + 63 + 687) * 0.1);
    expect(scenario("x", true, big, measured, knobs).planListingSeconds).toBeCloseTo(l.seconds);
  });

  it("falls back towards one range at a time when a range outgrows the buffer", () => {
    const l = planListing(
      { ...big, folders: 100 },
      { ...knobs, listing: { ...knobs.listing, maxBufferedObjects: 20_000 } },
    );
    expect(l.inFlight).toBe(1);
    expect(l.seconds).toBeCloseTo((10 + 1 + 7 + 10_090) * 0.1);
  });

  it("lists the folders past the discovery's pages as one last range", () => {
    // 20,000 folders, 10,000 seen: half the keys in the tail (4,995 pages after the 1,023 ranges).
    const l = planListing({ ...big, folders: 20_000 }, knobs);
    expect(l).toMatchObject({ ranges: 1024, inFlight: 16 });
    expect(l.seconds).toBeCloseTo((10 + 10 + 377 + 4995) * 0.1);
  });
});

describe("scale on paper", () => {
  it("cuts batches by bytes, and continues a batch that outlasts the invocation budget", () => {
    const s = scenario("x", true, small, measured, knobs);
    // 1 MB objects, 100 MB batches: 100 per batch, 10 batches.
    expect(s.unitsPerBatch).toBe(100);
    expect(s.batches).toBe(10);
    // 100 MB at 10 MB/s + 100 objects at 100/s = 11 s; budget 5 − 1 = 4 s → 2 continuations each.
    expect(s.secondsPerBatch).toBeCloseTo(11);
    expect(s.continuations).toBe(20);
    expect(s.scanInvocations).toBe(s.batches + s.continuations);
    expect(s.invocations).toBe(s.scanInvocations + 2);
    // Parent 4 + 3 per child + 3 per continuation.
    expect(s.transitions).toBe(4 + 10 * 3 + 20 * 3);
    expect(s.sfnUsd).toBeCloseTo(s.transitions * SFN_USD_PER_TRANSITION);
    expect(s.scanSeconds).toBeCloseTo(110);
    expect(s.listRequests).toBe(1);
  });

  it("adds its costs up, and the as-built total adds the partial re-reads", () => {
    const s = scenario("x", true, small, measured, knobs);
    expect(s.totalUsd).toBeCloseTo(s.lambdaUsd + s.s3Usd + s.sfnUsd, 10);
    expect(s.totalAsBuiltUsd).toBeCloseTo(s.totalUsd + s.seedingUsd, 10);
    expect(s.seedingUsd).toBeCloseTo(s.seedingGets * S3_USD_PER_GET, 10);
    // 30 scan invocations, 15 production: each of the 15 others reads 15 + plan.json, plus the others before it.
    expect(s.seedingGets).toBe(15 * 16 + (15 * 14) / 2);
    expect(s.usdPerTbListed).toBeCloseTo(s.totalUsd / 0.001);
  });

  it("samples objects over the cap: fewer bytes read, head + ranges GETs each", () => {
    const withLarge: Assumptions = {
      ...small,
      objects: 1010,
      totalBytes: 51e9,
      largeByteShare: 50 / 51,
      largeObjectBytes: 5e9,
    };
    const whole = scenario("whole", true, withLarge, measured, knobs);
    const sampled = scenario("sampled", false, withLarge, measured, knobs);
    expect(whole.largeObjects).toBe(10);
    expect(whole.smallObjects).toBe(1000);
    expect(whole.bytesRead).toBeCloseTo(51e9);
    expect(sampled.bytesRead).toBeCloseTo(1e9 + 10 * knobs.readCapBytes);
    expect(whole.getRequests).toBe(1010);
    expect(sampled.getRequests).toBe(1000 + 10 * (1 + knobs.sampleRanges));
    // A large object is a batch of its own, never split: 5 GB at 10 MB/s does not fit 4 s.
    expect(whole.batches).toBe(10 + 10);
    expect(whole.checks.find((c) => c.what.startsWith("every unit"))?.ok).toBe(false);
  });

  it("sizes the wall time and the concurrency for the deadline from the total scan seconds", () => {
    const s = scenario("x", true, small, measured, knobs);
    expect(s.wallHoursAtMap * 3600).toBeCloseTo(s.planListingSeconds + 110 / 10);
    expect(s.concurrencyForDeadline).toBe(1);
    expect(s.planPayloadBytes).toBeLessThan(SFN_MAX_PAYLOAD_BYTES);
    expect(renderScale(small, measured, knobs)).toContain(
      "| Lambda invocations (scan batches + continuations + plan + finalize) | 32 (10 + 20 + 2) |",
    );
  });
});

describe("inputs of bench:scale", () => {
  it("mixes formats by their share of the bytes (time adds, not speed)", () => {
    const bench = BenchResults.parse({
      generatedAt: "2025-01-01T00:00:00Z",
      options: { sizeMb: 1, runs: 1 },
      results: [
        { format: "csv", scanner: { mbPerCoreSecond: { median: 100 } } },
        { format: "parquet", scanner: { mbPerCoreSecond: { median: 50 } } },
      ],
      objects: [{ source: "local", objectsPerCoreSecond: { median: 500 }, unitsAtOnce: 4 }],
    });
    const m = measuredSpeeds(bench, null);
    expect(m.mbPerCoreSecond).toBeCloseTo(2 / (1 / 100 + 1 / 50));
    expect(m.objectsPerCoreSecond).toBe(500);
    expect(measuredSpeeds(bench, { csv: 1 }).mbPerCoreSecond).toBe(100);
    expect(() => measuredSpeeds(bench, { jsonl: 1 })).toThrow(/jsonl/);
  });

  it("reads the functions' memory, timeout and margin from the stack's source", () => {
    const source = readFileSync("stacks/scanner.ts", "utf8");
    const knobsFromStack = functionKnobs(source);
    expect(source).toContain(`memory: "${knobsFromStack.scanMemoryMb} MB"`);
    expect(knobsFromStack.scanTimeoutSeconds).toBeGreaterThan(knobsFromStack.deadlineMarginSeconds);
    expect(stackKnobs(4).maxConcurrency).toBeGreaterThan(0);
    expect(() => functionKnobs("nothing here")).toThrow(/stacks\/scanner.ts/);
  });
});
