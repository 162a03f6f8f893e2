// A unit still being read when the Lambda deadline gets close is abandoned at once: its read stops, it is
// not in the partial, it heads the continuation, and the merged result equals an uninterrupted run.
// The slow unit is a real file of the demo lake behind a Source that serves its first chunk and then
// stalls until the reader lets go (a read hung on the network); the clock is a fake `remainingMs`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Source } from "../../packages/connectors/index.ts";
import { DEFAULT_READ_LIMITS } from "../../packages/core/index.ts";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import {
  type Batch,
  finalizeRun,
  openBatchRealData,
  type PartialResult,
  planRun,
  scanBatch,
  type WorkPlan,
} from "../../packages/engine/phases/index.ts";
import { scanUnit, UnitAbortedError } from "../../packages/engine/scan-unit.ts";
import { sourcesFor } from "../../packages/engine/targets.ts";
import { TextKeyProvider } from "../../packages/fingerprints/index.ts";
import { LocalDirectoryReportStore } from "../../packages/report/index.ts";

const fingerprints = () => ({ keyProvider: new TextKeyProvider("cd".repeat(32), "test key"), storage: null });
let root: string;
let production: string;
let plan: WorkPlan;
let batch: Batch;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-abort-"));
  const { stores } = await generateDemoLake(path.join(root, "lake"));
  production = stores.find((s) => s.includes("acme-prod-customers")) as string;
  plan = await planRun({ targets: [production], maxBatchUnits: 1000 });
  expect(plan.batches).toHaveLength(1);
  batch = plan.batches[0] as Batch;
  expect(batch.units.length).toBeGreaterThanOrEqual(3);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** The store's source, except that `slowKey` serves one chunk and then stalls until `unstall()`. */
function stalling(source: Source, slowKey: string) {
  let unstall = () => {};
  const stall = new Promise<void>((resolve) => {
    unstall = resolve;
  });
  const seen = { firstChunk: false, closed: false, unstall: () => unstall() };
  const stalled: Source = {
    describe: () => source.describe(),
    list: () => source.list(),
    open(unit) {
      const input = source.open(unit);
      if (unit.key !== slowKey) return input;
      const { readRange: _r, openRange: _o, ...streamOnly } = input;
      return {
        ...streamOnly,
        async *open() {
          try {
            for await (const chunk of input.open()) {
              seen.firstChunk = true;
              yield chunk;
              await stall; // the next read hangs, like a body that stops arriving
            }
          } finally {
            seen.closed = true;
          }
        },
      };
    },
  };
  return { source: stalled, seen };
}

async function scan(input: Batch, source: Source, partials: PartialResult[], remainingMs?: () => number) {
  const realData = await openBatchRealData(input, fingerprints(), null, new Date(), async () => partials);
  return scanBatch(input, {
    source,
    realData,
    concurrency: 1,
    ...(remainingMs ? { remainingMs, marginMs: 60_000, abortMarginMs: 30_000, deadlinePollMs: 5 } : {}),
  });
}

const shape = (findings: { id: string; severity: string; realData: string; matchCount: number }[]) =>
  findings.map((f) => `${f.id} ${f.severity} ${f.realData} ${f.matchCount}`).sort();

describe("a unit in progress at the deadline", () => {
  it("is abandoned, left out of the partial and scanned whole by the continuation", async () => {
    const [source] = await sourcesFor([production]);
    if (!source) throw new Error("no source");
    const slowKey = (batch.units[1] as Batch["units"][number]).key;
    const { source: slow, seen } = stalling(source, slowKey);
    // Plenty of time until the slow unit has started reading; then 1 s left (under the abort margin).
    const cut = await scan(batch, slow, [], () => (seen.firstChunk ? 1_000 : 600_000));
    expect(seen.firstChunk).toBe(true);
    // The scan returned while the read was still hung; once it completes, the stream is closed.
    expect(seen.closed).toBe(false);
    seen.unstall();
    await vi.waitFor(() => expect(seen.closed).toBe(true));
    expect(cut.done).toBe(false);
    expect(cut.partial.units.map((u) => u.coverage.object)).toEqual([batch.units[0]?.key]);
    expect(cut.continuation?.units.map((u) => u.key)).toEqual(batch.units.slice(1).map((u) => u.key));
    expect(cut.continuation?.batchId).toBe(`${batch.batchId}@1`);

    // The next invocation (plain source, no deadline) scans the rest, the abandoned unit first.
    const rest = await scan(cut.continuation as Batch, source, []);
    expect(rest.done).toBe(true);
    expect(rest.partial.units[0]?.coverage.object).toBe(slowKey);
    expect(rest.partial.units[0]?.coverage.status).toBe("scanned");

    const whole = await scan(batch, source, []);
    const finalize = (partials: PartialResult[], dir: string) =>
      finalizeRun({
        plan,
        partials,
        reportStore: new LocalDirectoryReportStore(path.join(root, dir)),
        fingerprints: fingerprints(),
      });
    const merged = await finalize([cut.partial, rest.partial], "merged");
    const uninterrupted = await finalize([whole.partial], "whole");
    expect(merged.findings.length).toBeGreaterThan(0);
    expect(shape(merged.findings)).toEqual(shape(uninterrupted.findings));
    const coverage = (r: typeof merged) =>
      r.summary.coverage.units.map((u) => `${u.object} ${u.status} ${u.records} ${u.bytesRead}`);
    expect(coverage(merged)).toEqual(coverage(uninterrupted));
    // Production fingerprints: the abandoned unit's values were not collected by the cut partial.
    expect(JSON.stringify(cut.partial.fingerprints)).not.toBe(JSON.stringify(whole.partial.fingerprints));
  });

  it("without a deadline the same source is read to the end (the stall is the deadline test's doing)", async () => {
    const [source] = await sourcesFor([production]);
    if (!source) throw new Error("no source");
    const result = await scan(batch, source, []);
    expect(result.done).toBe(true);
    expect(result.partial.units).toHaveLength(batch.units.length);
  });
});

describe("scanUnit with an abort signal", () => {
  // A unit over the byte cap is sampled: the head, then spread ranges. Here every spread range hangs
  // (a slow ranged GET), through `openRange` (S3) or `readRange` only (sampling then reads in pieces).
  const rows = Array.from({ length: 8000 }, (_, i) => `${i},customer ${i},${i % 97}`).join("\n");
  const body = Buffer.from(`id,name,segment\n${rows}\n`);
  const limits = { ...DEFAULT_READ_LIMITS, maxBytes: 64 * 1024 };
  const hang = new Promise<never>(() => {});

  for (const via of ["openRange", "readRange"] as const) {
    it(`stops a sampled unit whose ${via} read hangs, with UnitAbortedError`, async () => {
      const controller = new AbortController();
      let hung = false;
      const source: Source = {
        describe: async () => ({ store: "mem://big", container: "big", tags: {}, posture: {} }),
        async *list() {},
        open: (unit) => ({
          name: unit.key,
          size: body.length,
          async *open() {
            yield body;
          },
          ...(via === "openRange"
            ? {
                async *openRange(start: number, end: number) {
                  if (start > 0) {
                    hung = true;
                    controller.abort(); // the deadline arrives while this read hangs
                    await hang;
                  }
                  yield body.subarray(start, end);
                },
              }
            : {
                readRange: async (start: number, end: number) => {
                  if (start === 0) return body.subarray(start, end);
                  hung = true;
                  controller.abort();
                  return hang;
                },
              }),
        }),
      };
      const unit = { key: "big.csv", size: body.length };
      expect(body.length).toBeGreaterThan(limits.maxBytes);
      await expect(
        scanUnit(source, "mem://big", unit, limits, undefined, { signal: controller.signal, attempts: 1 }),
      ).rejects.toBeInstanceOf(UnitAbortedError);
      expect(hung).toBe(true);
    });
  }
});
