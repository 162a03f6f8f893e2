// The production handoff (packages/engine/phases/handoff.ts) on the demo lake: it holds exactly the union
// of the production partials' fingerprints, a non-production batch scanned with it gives the partial
// that reading every partial gave, sealing twice writes the same bytes, and a damaged handoff fails the
// batch with a clear error instead of letting it pass as "nothing to compare with".
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataType } from "../../packages/core/index.ts";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import {
  type Batch,
  cachedHandoff,
  decodeHandoff,
  encodeHandoff,
  handoffFromPartials,
  handoffKey,
  hexToPairs,
  loadHandoff,
  openBatchRealData,
  type PartialResult,
  ProductionHandoffError,
  pairsToHex,
  planRun,
  productionFingerprints,
  scanBatch,
  sealProduction,
  type WorkPlan,
  writePartial,
} from "../../packages/engine/phases/index.ts";
import { TextKeyProvider } from "../../packages/fingerprints/index.ts";
import { LocalDirectoryReportStore } from "../../packages/report/index.ts";

const fingerprints = () => ({ keyProvider: new TextKeyProvider("ef".repeat(32), "test key"), storage: null });
let root: string;
let plan: WorkPlan;
let store: LocalDirectoryReportStore;
let production: PartialResult[];

async function scan(batch: Batch, handoff: Parameters<typeof openBatchRealData>[4]) {
  const realData = await openBatchRealData(batch, fingerprints(), null, new Date(), handoff);
  return (await scanBatch(batch, { realData, concurrency: 1 })).partial;
}

/** Every fingerprint of the partials, as 16 hex digits, deduplicated per data type. */
const union = (partials: readonly PartialResult[], dataType: DataType) => {
  const out = new Set<string>();
  for (const p of partials)
    for (const fp of (p.fingerprints[dataType] ?? "").match(/.{16}/g) ?? []) out.add(fp);
  return [...out].sort();
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-handoff-"));
  const { stores } = await generateDemoLake(path.join(root, "lake"));
  plan = await planRun({ targets: stores, maxBatchUnits: 2, runId: "20261124T0200Z-handoff" });
  store = new LocalDirectoryReportStore(path.join(root, "reports"));
  production = [];
  for (const batch of plan.batches.filter((b) => b.production)) {
    const partial = await scan(batch, async () => null);
    production.push(partial);
    await writePartial(store, partial);
  }
  expect(production.length).toBeGreaterThan(1);
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe("fingerprint lists as hex", () => {
  it("round-trip, and a damaged list is an error, never zeros", () => {
    const pairs = Uint32Array.from([0, 1, 0xffffffff, 0x80000000, 0x12345678, 0x9abcdef0]);
    expect(hexToPairs(pairsToHex(pairs))).toEqual(pairs);
    expect(hexToPairs("")).toEqual(new Uint32Array(0));
    const hex = pairsToHex(pairs);
    expect(() => hexToPairs(`${hex.slice(0, 20)}zz${hex.slice(22)}`)).toThrow(/not hex/);
  });
});

describe("the production handoff", () => {
  it("holds the union of the production partials' fingerprints, sorted and unique, and their stores", async () => {
    const handoff = await sealProduction(store, plan.runId);
    expect(handoff.partials).toBe(production.length);
    expect(handoff.stores).toEqual([...new Set(production.map((p) => p.store))].sort());
    let total = 0;
    for (const dataType of DataType.options) {
      const pairs = handoff.pairs.get(dataType) ?? new Uint32Array(0);
      const hex = (pairsToHex(pairs).match(/.{16}/g) ?? []) as string[];
      expect(hex).toEqual(union(production, dataType)); // sorted, unique, nothing lost or added
      total += hex.length;
    }
    expect(total).toBeGreaterThan(0);
    // Read back as a scan reads it.
    const loaded = await loadHandoff(store, plan.runId);
    for (const dataType of DataType.options)
      expect([...(loaded?.pairs.get(dataType) ?? [])]).toEqual([...(handoff.pairs.get(dataType) ?? [])]);
  });

  it("a non-production batch scanned with it gives the same partial as when seeded from every partial", async () => {
    const others = plan.batches.filter((b) => !b.production);
    const handoff = await loadHandoff(store, plan.runId);
    let confirmed = 0;
    for (const batch of others) {
      const viaHandoff = await scan(batch, async () => handoff);
      // The way before the seal: every partial read, the production ones' fingerprints concatenated.
      const before = await openBatchRealData(batch, fingerprints(), null, new Date(), async () => null);
      const seen = productionFingerprints(production);
      before.seedProduction(seen.stores, seen.pairs);
      const viaPartials = (await scanBatch(batch, { realData: before, concurrency: 1 })).partial;
      expect(JSON.stringify(viaHandoff)).toBe(JSON.stringify(viaPartials));
      for (const unit of viaHandoff.units)
        for (const field of unit.fields) for (const t of field.types) confirmed += t.comparison?.matched ?? 0;
    }
    expect(confirmed).toBeGreaterThan(0); // the demo's QA copies match production
  });

  it("is idempotent: sealing again writes the same bytes", async () => {
    await sealProduction(store, plan.runId);
    const first = await store.getBytes(handoffKey(plan.runId));
    await sealProduction(store, plan.runId);
    const second = await store.getBytes(handoffKey(plan.runId));
    expect(first?.length).toBeGreaterThan(16);
    expect(Buffer.from(second ?? []).equals(Buffer.from(first ?? []))).toBe(true);
  });

  it("carries keyed fingerprints and store names only: no plaintext value of the lake", async () => {
    const bytes = Buffer.from((await store.getBytes(handoffKey(plan.runId))) ?? []).toString("latin1");
    expect(bytes).not.toMatch(/\d{3}-\d{2}-\d{4}/);
    expect(bytes).not.toMatch(/\d{9}/);
  });

  it("is missing when nothing was sealed: the scan has no production set, as before", async () => {
    expect(await loadHandoff(store, "20261124T0200Z-never-sealed")).toBeNull();
    const empty = decodeHandoff(encodeHandoff(handoffFromPartials("r", [])), "empty");
    expect(empty.stores).toEqual([]);
    for (const pairs of empty.pairs.values()) expect(pairs.length).toBe(0);
  });

  it("damaged, it fails the non-production batch with a clear error (retried, recorded), never scans it unconfirmed", async () => {
    const good = Buffer.from((await store.getBytes(handoffKey(plan.runId))) ?? []);
    const other = plan.batches.find((b) => !b.production) as Batch;
    const damaged: [string, Buffer, RegExp][] = [
      ["a flipped fingerprint byte", flip(good, good.length - 3), /checksum mismatch/],
      ["truncated", good.subarray(0, good.length - 8), /checksum mismatch|length/],
      ["not a handoff", Buffer.from("{}"), /shorter than its header/],
      ["another format", flip(good, 0), /not a production handoff/],
    ];
    for (const [what, bytes] of damaged) {
      await store.putBytes(handoffKey(plan.runId), bytes, "application/octet-stream");
      const failure = await scan(other, () => loadHandoff(store, plan.runId)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure, what).toBeInstanceOf(ProductionHandoffError);
      expect(String((failure as Error).message), what).toMatch(
        damaged.find((d) => d[0] === what)?.[2] as RegExp,
      );
      expect(String((failure as Error).message)).toContain("production handoff");
    }
    // Another run's handoff under this run's key is refused too.
    await store.putBytes(
      handoffKey(plan.runId),
      encodeHandoff({ ...handoffFromPartials("another-run", production) }),
      "application/octet-stream",
    );
    await expect(loadHandoff(store, plan.runId)).rejects.toThrow(/names run another-run/);
    await sealProduction(store, plan.runId);
  });
});

describe("the scan Lambda's handoff cache", () => {
  it("loads once per run in a warm container, again for a new run, and again after a failed load", async () => {
    const loads: string[] = [];
    let failNext = false;
    const handoffOf = cachedHandoff(async (runId) => {
      loads.push(runId);
      if (failNext) {
        failNext = false;
        throw new ProductionHandoffError("unreadable");
      }
      return loadHandoff(store, runId);
    });
    const [a, b] = await Promise.all([handoffOf(plan.runId), handoffOf(plan.runId)]);
    expect(a).toBe(b);
    expect(await handoffOf(plan.runId)).toBe(a);
    expect(loads).toEqual([plan.runId]);
    expect(await handoffOf("20261125T0200Z-next")).toBeNull();
    failNext = true;
    await expect(handoffOf(plan.runId)).rejects.toThrow(/unreadable/);
    expect((await handoffOf(plan.runId))?.stores).toEqual(a?.stores);
    expect(loads).toEqual([plan.runId, "20261125T0200Z-next", plan.runId, plan.runId]);
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ 0xff;
  return copy;
}
