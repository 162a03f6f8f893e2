// plan → scan → finalize gives the same findings as the one-pass runScan, on the demo lake; a batch
// scanned twice gives the same partial; a deadline cuts a batch into a partial and a continuation.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import { runScan } from "../../packages/engine/index.ts";
import {
  finalizeRun,
  handoffFromPartials,
  openBatchRealData,
  type PartialResult,
  planRun,
  runPipeline,
  scanBatch,
} from "../../packages/engine/phases/index.ts";
import { TextKeyProvider } from "../../packages/fingerprints/index.ts";
import { LocalDirectoryReportStore } from "../../packages/report/index.ts";

const KEY = "ab".repeat(32);
const fingerprints = () => ({ keyProvider: new TextKeyProvider(KEY, "test key"), storage: null });
let root: string;
let stores: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-phases-"));
  ({ stores } = await generateDemoLake(path.join(root, "lake")));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const shape = (findings: { id: string; severity: string; realData: string; matchCount: number }[]) =>
  findings.map((f) => `${f.id} ${f.severity} ${f.realData} ${f.matchCount}`).sort();

describe("plan → scan → finalize", () => {
  it("finds what runScan finds, with qa-exports copies critical", async () => {
    const one = await runScan({ targets: stores, fingerprints: fingerprints() });
    const phased = await runPipeline({
      targets: stores,
      reportStore: new LocalDirectoryReportStore(path.join(root, "reports")),
      fingerprints: fingerprints(),
      maxBatchUnits: 2,
      workers: 3,
    });
    expect(phased.plan.batches.length).toBeGreaterThan(stores.length);
    expect(shape(phased.findings)).toEqual(shape(one.findings));
    expect(phased.summary.coverage.listed).toBe(one.summary.coverage.listed);
    expect(phased.summary.totals.nonProductionWithRealData).toEqual(
      one.summary.totals.nonProductionWithRealData,
    );
    const qa = phased.findings.filter((f) => f.location.store.includes("acme-qa-exports"));
    expect(qa.some((f) => f.severity === "critical" && f.realData === "confirmed")).toBe(true);
  }, 60_000);

  it("a batch scanned twice gives the same partial; a rerun's duplicate units count once", async () => {
    const plan = await planRun({ targets: stores, maxBatchUnits: 3 });
    const batch = plan.batches.find((b) => b.phase === "production" && b.units.length > 1);
    if (!batch) throw new Error("no production batch");
    const scan = async () =>
      (
        await scanBatch(batch, {
          realData: await openBatchRealData(batch, fingerprints(), null, new Date(), async () => null),
        })
      ).partial;
    const [a, b] = [await scan(), await scan()];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toMatch(/\d{3}-\d{2}-\d{4}/);
  });

  it("stops before the deadline and continues where it stopped; finalize counts each unit once", async () => {
    const plan = await planRun({ targets: stores, maxBatchUnits: 1000 });
    const partials: PartialResult[] = [];
    for (const first of plan.batches) {
      let batch = first;
      for (let round = 0; ; round++) {
        let calls = 0;
        const realData = await openBatchRealData(batch, fingerprints(), null, new Date(), async () =>
          handoffFromPartials(plan.runId, partials),
        );
        const outcome = await scanBatch(batch, {
          realData,
          concurrency: 1,
          marginMs: 10,
          // Time for two units per invocation.
          remainingMs: () => (calls++ < 2 ? 1000 : 0),
        });
        partials.push(outcome.partial);
        if (outcome.done || !outcome.continuation) break;
        expect(outcome.partial.units).toHaveLength(2);
        batch = outcome.continuation;
        expect(round).toBeLessThan(100);
      }
    }
    // A killed scanner's retry: its first partial again (same batch id), written twice.
    partials.push(partials[0] as PartialResult);
    const result = await finalizeRun({
      plan,
      partials,
      reportStore: new LocalDirectoryReportStore(path.join(root, "reports-continued")),
      fingerprints: fingerprints(),
    });
    const one = await runScan({ targets: stores, fingerprints: fingerprints() });
    expect(result.summary.coverage.listed).toBe(one.summary.coverage.listed);
    expect(shape(result.findings)).toEqual(shape(one.findings));
    expect(new Set(result.findings.map((f) => f.id)).size).toBe(result.findings.length);
  }, 60_000);
});
