// Batches in worker threads (real threads running the bundled batch worker): the same findings as in this
// thread; a batch that throws in a worker fails the run with the batch named; a thread that dies
// fails its job and is replaced; closing the pool leaves nothing that keeps the process alive.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import {
  type Batch,
  BatchWorkerError,
  onceKey,
  openExecutor,
  planRun,
  runPipeline,
  ThreadCrashError,
  ThreadPool,
  threadBlocker,
  type WorkPlan,
} from "../../packages/engine/phases/index.ts";
import { TextKeyProvider } from "../../packages/fingerprints/index.ts";
import { LocalDirectoryReportStore } from "../../packages/report/index.ts";

const KEY = "ef".repeat(32);
const fingerprints = () => ({ keyProvider: new TextKeyProvider(KEY, "test key"), storage: null });
/** An executor's run context: the run's key, no state, no production handoff. */
const contextFor = (plan: WorkPlan) => ({
  plan,
  keyProvider: onceKey(fingerprints().keyProvider),
  fingerprints: fingerprints(),
  stateDir: null,
  now: new Date(),
  handoff: async () => null,
});
let root: string;
let stores: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-executor-"));
  ({ stores } = await generateDemoLake(path.join(root, "lake")));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("worker-thread executor", () => {
  it("gives the findings and coverage of the in-process executor", async () => {
    const run = (name: string, executor: "threads" | "in-process") =>
      runPipeline({
        targets: stores,
        reportStore: new LocalDirectoryReportStore(path.join(root, name)),
        fingerprints: fingerprints(),
        maxBatchUnits: 3,
        workers: 2,
        executor,
      });
    const [inProcess, threads] = [await run("in-process", "in-process"), await run("threads", "threads")];
    const comparable = (r: typeof threads) => ({ findings: r.findings, coverage: r.summary.coverage });
    expect(threads.findings.some((f) => f.realData === "confirmed")).toBe(true);
    expect(comparable(threads)).toEqual(comparable(inProcess));
  }, 90_000);

  it("falls back to this thread for options that cannot cross threads", async () => {
    expect(threadBlocker({ targets: stores, reportStore: new LocalDirectoryReportStore(root) })).toBeNull();
    expect(
      threadBlocker({ targets: ["s3://bucket"], reportStore: new LocalDirectoryReportStore(root) }),
    ).toMatch(/s3ClientOptions/);
    const plan = await planRun({ targets: stores });
    const executor = await openExecutor(
      { targets: stores, reportStore: new LocalDirectoryReportStore(root), sources: [], executor: "threads" },
      contextFor(plan),
    );
    expect(executor.kind).toBe("in-process");
    expect(executor.fallback).toMatch(/pre-built sources/);
  });

  it("a batch that throws in a worker fails with the batch named; the pool still serves", async () => {
    const plan = await planRun({ targets: stores, maxBatchUnits: 2 });
    const executor = await openExecutor(
      {
        targets: stores,
        reportStore: new LocalDirectoryReportStore(path.join(root, "throws")),
        workers: 1,
        executor: "threads",
      },
      contextFor(plan),
    );
    try {
      const good = plan.batches[0] as Batch;
      const bad: Batch = { ...good, batchId: "9-9", target: "ftp://nowhere/x" };
      const failure = await executor.scan(bad).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(BatchWorkerError);
      expect((failure as Error).message).toMatch(
        /batch 9-9 .*UsageError: unsupported target ftp:\/\/nowhere\/x/,
      );
      const partial = await executor.scan(good);
      expect(partial.units.length).toBe(good.units.length);
    } finally {
      await executor.close();
    }
  }, 60_000);

  it("a thread that dies fails its job and is replaced; close() ends every thread", async () => {
    const threads: Worker[] = [];
    const pool = new ThreadPool<string, string>(1, () => {
      const worker = new Worker(
        `const { parentPort } = require("node:worker_threads");
         parentPort.on("message", (m) => { if (m === "die") process.exit(3); if (m === "throw") throw new Error("boom"); parentPort.postMessage(m + "!"); });`,
        { eval: true },
      );
      threads.push(worker);
      return worker;
    });
    await expect(pool.run("die")).rejects.toThrow(ThreadCrashError);
    await expect(pool.run("throw")).rejects.toThrow(/worker thread died \(Error: boom\)/);
    expect(await pool.run("hello")).toBe("hello!");
    expect(threads.length).toBe(3);
    const exits = threads.map((t) => (t.threadId === -1 ? Promise.resolve() : once(t, "exit")));
    await pool.close();
    await Promise.all(exits);
    await expect(pool.run("late")).rejects.toThrow(/closed/);
  });

  it("a run whose worker fails exits on its own (no thread keeps the process alive)", async () => {
    const executorUrl = new URL("../../packages/engine/phases/index.ts", import.meta.url).href;
    const script = `
      import { openExecutor, planRun } from ${JSON.stringify(executorUrl)};
      const targets = ${JSON.stringify(stores)};
      const plan = await planRun({ targets });
      const keyProvider = { source: "test", persistent: false, load: async () => (await import("${new URL("../../packages/fingerprints/index.ts", import.meta.url).href}")).FingerprintKey.generate() };
      const executor = await openExecutor({ targets, reportStore: null, executor: "threads", workers: 2 },
        { plan, keyProvider, fingerprints: { storage: null }, stateDir: null, now: new Date() });
      try {
        await executor.scan({ ...plan.batches[0], target: "ftp://nowhere" });
      } catch (error) {
        console.log("failed:", error.name);
      } finally {
        await executor.close();
      }
    `;
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 60_000,
    });
    expect(stdout).toContain("failed: BatchWorkerError");
  }, 90_000);
});
