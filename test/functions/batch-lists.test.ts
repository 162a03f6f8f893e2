// The plan's batch lists: small pointers for the state machine, every batch in the lists, and no Map
// item over the child-execution payload budget however long the keys are.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fitBatches, MAX_ITEM_BYTES, writeBatchLists } from "../../functions/batch-lists.ts";
import type { Batch, WorkPlan } from "../../packages/engine/phases/index.ts";
import { LocalDirectoryReportStore } from "../../packages/report/index.ts";

const batch = (batchId: string, keys: string[], phase: Batch["phase"] = "production"): Batch => ({
  runId: "2026-11-24T0000Z-abcdef",
  batchId,
  phase,
  target: "s3://acme-prod-customers",
  store: "s3://acme-prod-customers",
  production: phase === "production",
  units: keys.map((key) => ({ key, size: 10, etag: '"0123456789abcdef0123456789abcdef"' })),
  bytes: keys.length * 10,
});
const bytes = (b: Batch) => Buffer.byteLength(JSON.stringify({ batch: b }));

describe("fitBatches", () => {
  it("leaves batches under the budget as they are", () => {
    const small = [batch("0-0", ["a.csv", "b.csv"]), batch("0-1", ["c.csv"])];
    expect(fitBatches(small)).toEqual(small);
  });

  it("splits a batch of long keys into consecutive pieces under the budget, every unit kept in order", () => {
    // 1 000 keys of ~1 KiB (S3's maximum key length): about 1.1 MB of JSON in one batch.
    const keys = Array.from({ length: 1000 }, (_, i) => `exports/${"é".repeat(500)}/${i}.csv`);
    const big = batch("3-7", keys);
    expect(bytes(big)).toBeGreaterThan(MAX_ITEM_BYTES);
    const pieces = fitBatches([batch("3-6", ["x.csv"]), big]);
    expect(pieces[0]?.batchId).toBe("3-6");
    const split = pieces.slice(1);
    expect(split.length).toBeGreaterThan(1);
    expect(split.map((p) => p.batchId)).toEqual(split.map((_, i) => `3-7.${i}`));
    for (const p of split) {
      expect(bytes(p)).toBeLessThanOrEqual(MAX_ITEM_BYTES);
      expect(p.bytes).toBe(p.units.length * 10);
    }
    expect(split.flatMap((p) => p.units.map((u) => u.key))).toEqual(keys);
  });
});

describe("writeBatchLists", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("writes one JSON array per phase under partials/<runId>/ and returns only pointers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "batch-lists-"));
    dirs.push(dir);
    const store = new LocalDirectoryReportStore(dir);
    const batches = [
      ...Array.from({ length: 500 }, (_, i) => batch(`0-${i}`, [`p/${i}.csv`])),
      batch("1-0", ["q/a.csv"], "other"),
    ];
    const plan: WorkPlan = {
      runId: "2026-11-24T0000Z-abcdef",
      startedAt: "2026-11-24T00:00:00.000Z",
      targets: [],
      stores: [],
      batches,
      carried: [],
      incremental: null,
    };
    const out = await writeBatchLists(store, "reports", plan);
    expect(out).toEqual({
      runId: plan.runId,
      bucket: "reports",
      production: { key: `partials/${plan.runId}/batches-production.json`, batches: 500 },
      other: { key: `partials/${plan.runId}/batches-other.json`, batches: 1 },
    });
    expect(JSON.stringify(out).length).toBeLessThan(512);
    const production = JSON.parse((await store.get(out.production.key)) ?? "null");
    expect(production).toEqual(batches.slice(0, 500));
    expect(JSON.parse((await store.get(out.other.key)) ?? "null")).toEqual([batches[500]]);
  });
});
