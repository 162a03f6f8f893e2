// planRun lists stores concurrently; batch ids (`<store index>-<n>`) and batch order stay those of a
// one-store-at-a-time plan, even when a later store finishes listing first.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Source, UnitRef } from "../../packages/connectors/index.ts";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import { planRun } from "../../packages/engine/phases/index.ts";
import { sourceFor } from "../../packages/engine/targets.ts";

let root: string;
let stores: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-plan-concurrency-"));
  ({ stores } = await generateDemoLake(path.join(root, "lake")));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A real directory source whose listing yields to the event loop between units (made slow, not faked). */
function slowed(source: Source, turns: number): Source {
  return {
    describe: () => source.describe(),
    open: (unit) => source.open(unit),
    async *list(): AsyncIterable<UnitRef> {
      for await (const unit of source.list()) {
        for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
        yield unit;
      }
    },
  };
}

const fixed = { runId: "run-fixed", now: new Date("2026-01-01T00:00:00Z"), maxBatchUnits: 2 };

describe("planRun over several stores", () => {
  it("plans the same batches, ids and order whether stores are listed one at a time or at once", async () => {
    expect(stores.length).toBeGreaterThan(1);
    const one = await planRun({ targets: stores, storeConcurrency: 1, ...fixed });
    const many = await planRun({ targets: stores, storeConcurrency: 8, ...fixed });
    expect(many).toEqual(one);
    // The first store listed slowest: it finishes last, its batches still come first within a phase.
    const sources = stores.map((target, i) => slowed(sourceFor(target), i === 0 ? 20 : 0));
    const slowFirst = await planRun({ targets: stores, sources, storeConcurrency: 8, ...fixed });
    expect(slowFirst).toEqual(one);
    expect(one.batches.map((b) => b.batchId)).toContain("0-0");
    expect(new Set(one.batches.map((b) => b.batchId)).size).toBe(one.batches.length);
  });
});
