// Worker threads run the bundled batch worker (one JavaScript file, no tsx): the bundle is cached in a
// private directory and self-contained, a worker started from it scans, a thread that crashes in it is
// still reported (with the bundle's frames in its stack, not TypeScript sources), and a process started
// with `node --import tsx` does not pass tsx on to its workers.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { spawnBatchWorker, workerExecArgv } from "../../packages/engine/phases/executor.ts";
import { ThreadCrashError, ThreadPool } from "../../packages/engine/phases/index.ts";
import type { WorkerSettings } from "../../packages/engine/phases/threads/protocol.ts";
import {
  batchWorkerBundle,
  buildWorkerBundle,
  bundleDirectory,
  WorkerBundleError,
} from "../../packages/engine/phases/threads/worker-bundle.ts";
import { FingerprintKey } from "../../packages/fingerprints/index.ts";

const settings = (): WorkerSettings => ({
  s3: null,
  select: {},
  unit: {},
  fingerprints: { keep: false, keepKeyed: false },
  key: { source: "test key", persistent: false, material: FingerprintKey.generate().forThread() },
  stateDir: null,
  concurrency: 1,
});

describe("bundled batch worker", () => {
  it("is one self-contained JavaScript file in this user's private cache directory", async () => {
    const bundle = await batchWorkerBundle();
    const file = fileURLToPath(bundle.url);
    expect(path.dirname(file)).toBe(bundleDirectory());
    expect(file).toMatch(/batch-worker-[0-9a-f]{32}\.mjs$/);
    expect((await stat(bundleDirectory())).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o077).toBe(0);
    const code = await readFile(file, "utf8");
    // Only Node's own modules are imported: no TypeScript source, no tsx, no package left to resolve.
    const imported = [
      ...code.matchAll(
        /^import\s[^;]*?from\s*["']([^"']+)["']|^[^*/]*\b(?:__require|import)\(["']([^"']+)["']\)/gm,
      ),
    ].map((m) => m[1] ?? m[2]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((specifier) => !specifier?.startsWith("node:"))).toEqual([]);
    expect(code).not.toMatch(/node_modules\/tsx|tsx\/(esm|cjs)/);
    expect(await batchWorkerBundle()).toBe(bundle); // once per process
  }, 60_000);

  it("is bundled once into a new directory, then reused while its inputs are unchanged", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "ea-bundle-cache-"));
    try {
      const dir = path.join(root, "cache");
      const first = await buildWorkerBundle(dir);
      const again = await buildWorkerBundle(dir);
      expect([first.built, again.built]).toEqual([true, false]);
      expect(again.url.href).toBe(first.url.href);
      // Anyone else able to write there could plant code the threads would run: refused.
      const shared = path.join(root, "shared");
      await mkdir(shared);
      await chmod(shared, 0o777);
      const refused = await buildWorkerBundle(shared).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WorkerBundleError);
      expect((refused as Error).message).toMatch(/not a directory only this user can write/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it("a thread running it that crashes fails its job with a ThreadCrashError; the pool still serves", async () => {
    const bundle = await batchWorkerBundle();
    const pool = new ThreadPool<unknown, unknown>(1, () => spawnBatchWorker(bundle.url, settings()));
    try {
      // Not a BatchJob: the worker's message handler throws outside its try, which kills the thread.
      const crash = await pool.run({ not: "a job" }).catch((error: unknown) => error);
      expect(crash).toBeInstanceOf(ThreadCrashError);
      const stack = ((crash as Error).cause as Error).stack ?? "";
      expect(stack).toContain(path.basename(fileURLToPath(bundle.url)));
      expect(stack).not.toMatch(/batch-worker\.ts|node_modules[\\/]tsx/);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("leaves tsx out of the node options workers inherit, keeping the rest", () => {
    expect(workerExecArgv(["--openssl-legacy-provider", "--conditions", "node"])).toBeUndefined();
    expect(workerExecArgv(["--import", "tsx", "--openssl-legacy-provider"])).toEqual([
      "--openssl-legacy-provider",
    ]);
    expect(
      workerExecArgv(["--import=tsx", "--require", "/x/node_modules/tsx/dist/cjs/index.cjs", "--cpu-prof"]),
    ).toEqual(["--cpu-prof"]);
    expect(workerExecArgv(["--import", "./otel.mjs", "--loader=tsx/esm"])).toEqual([
      "--import",
      "./otel.mjs",
    ]);
  });

  it("a pipeline in a process started with --import tsx scans in bundled threads", async () => {
    const phases = new URL("../../packages/engine/phases/index.ts", import.meta.url).href;
    const report = new URL("../../packages/report/index.ts", import.meta.url).href;
    const lake = new URL("../../packages/demo/generate-lake.ts", import.meta.url).href;
    const script = `
      import { mkdtemp, rm } from "node:fs/promises";
      import { tmpdir } from "node:os";
      import path from "node:path";
      import { runPipeline } from ${JSON.stringify(phases)};
      import { LocalDirectoryReportStore } from ${JSON.stringify(report)};
      import { generateDemoLake } from ${JSON.stringify(lake)};
      const root = await mkdtemp(path.join(tmpdir(), "ea-bundle-"));
      try {
        const { stores } = await generateDemoLake(path.join(root, "lake"));
        const run = (executor) => runPipeline({ targets: stores, fingerprints: { storage: null },
          reportStore: new LocalDirectoryReportStore(path.join(root, executor)),
          workers: 2, maxBatchUnits: 3, executor });
        const [threads, one] = [await run("threads"), await run("in-process")];
        console.log(JSON.stringify({ findings: threads.findings.length,
          same: JSON.stringify(threads.findings) === JSON.stringify(one.findings) }));
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    `;
    // --openssl-legacy-provider: a process-wide option that Node refuses in a worker's own option list.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--openssl-legacy-provider", "--import", "tsx", "--input-type=module", "-e", script],
      { timeout: 90_000 },
    );
    const result = JSON.parse(stdout.trim().split("\n").pop() as string);
    expect(result.findings).toBeGreaterThan(0);
    expect(result.same).toBe(true);
  }, 120_000);
});
