// `npm run bench:handoff [-- --fingerprints 10000000 --partials 100]`: the production handoff's cost at
// scale. The seal (merge N fingerprints from P production partials, sort, encode) and a non-production
// scan's side (load the handoff, seed, build the lookup set) each run in a child process whose peak
// RSS (process.resourceUsage().maxRSS) is reported, against a child doing the same with no
// fingerprints: the difference over N is the memory per fingerprint that sizes the Lambdas.
// Not a test: no assertions.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  handoffKey,
  loadHandoff,
  type ProductionHandoff,
  pairsToHex,
  sealProduction,
  writePartial,
} from "../packages/engine/phases/index.ts";
import { RealDataAssessment } from "../packages/engine/real-data.ts";
import { TextKeyProvider } from "../packages/fingerprints/index.ts";
import { LocalDirectoryReportStore } from "../packages/report/index.ts";

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const FINGERPRINTS = arg("fingerprints", 10_000_000);
const PARTIALS = arg("partials", 100);
const SELF = fileURLToPath(import.meta.url);
const RUN = "bench";

function randomPairs(n: number): Uint32Array {
  const out = new Uint32Array(2 * n);
  for (let at = 0; at < out.length; at += 1 << 20) {
    const bytes = randomBytes(4 * Math.min(1 << 20, out.length - at));
    out.set(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), at);
  }
  return out;
}

/** P production partials (fingerprints as hex, as scans store them), N fingerprints in all. */
async function writePartials(root: string, n: number, p: number) {
  const store = new LocalDirectoryReportStore(root);
  const per = Math.ceil(n / p);
  for (let i = 0; i < p; i++) {
    const count = Math.max(0, Math.min(per, n - i * per));
    await writePartial(store, {
      runId: RUN,
      batchId: `0-${i}`,
      store: "s3://bench-prod",
      phase: "production",
      units: [],
      fingerprints: { US_SSN: pairsToHex(randomPairs(count)) },
    });
  }
}

async function child(side: string, root: string): Promise<void> {
  const started = performance.now();
  const store = new LocalDirectoryReportStore(root);
  if (side === "seal") {
    await sealProduction(store, RUN);
  } else {
    // As a non-production scan: the handoff loaded (one buffer, as S3's body is read), seeded, the
    // lookup set built.
    const handoff = (await loadHandoff(store, RUN)) as ProductionHandoff;
    const loadedMs = performance.now() - started;
    const key = new TextKeyProvider("ab".repeat(32), "bench key");
    const realData = await RealDataAssessment.open({ keyProvider: key, storage: null }, null, new Date());
    realData.seedSealed(handoff.stores, handoff.pairs);
    const seedStarted = performance.now();
    realData.recheck("US_SSN", ""); // no values: builds the lookup set, as the first lookup does
    process.stdout.write(
      `${JSON.stringify({ loadMs: loadedMs, perBatchMs: performance.now() - seedStarted, ...peak(started) })}\n`,
    );
    return;
  }
  process.stdout.write(`${JSON.stringify(peak(started))}\n`);
}

const peak = (started: number) => ({
  ms: performance.now() - started,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
});

function run(side: string, root: string): Record<string, number> {
  const out = execFileSync(process.execPath, [...process.execArgv, SELF, "--child", side, root], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--child");
  if (at !== -1) return child(process.argv[at + 1] as string, process.argv[at + 2] as string);
  const dir = mkdtempSync(path.join(tmpdir(), "ea-handoff-bench-"));
  try {
    const rows: string[] = [];
    const measure = async (n: number) => {
      const root = path.join(dir, `reports-${n}`);
      await writePartials(root, n, PARTIALS);
      const seal = run("seal", root);
      const scan = run("scan", root);
      const bytes = statSync(path.join(root, handoffKey(RUN))).size;
      return { seal, scan, bytes };
    };
    const base = await measure(0);
    const full = await measure(FINGERPRINTS);
    const perFp = (a: number, b: number) => (((a - b) * 1024 * 1024) / FINGERPRINTS).toFixed(1);
    rows.push(
      `fingerprints: ${FINGERPRINTS.toLocaleString("en-US")} from ${PARTIALS} production partials; handoff ${(full.bytes / 1024 ** 2).toFixed(1)} MiB (${(full.bytes / FINGERPRINTS).toFixed(2)} bytes each)`,
      `seal: ${(full.seal.ms ?? 0).toFixed(0)} ms, peak RSS ${(full.seal.maxRssMb ?? 0).toFixed(0)} MiB (empty: ${(base.seal.maxRssMb ?? 0).toFixed(0)} MiB) → ${perFp(full.seal.maxRssMb ?? 0, base.seal.maxRssMb ?? 0)} bytes per fingerprint`,
      `scan: load ${(full.scan.loadMs ?? 0).toFixed(0)} ms once per container, lookup set ${(full.scan.perBatchMs ?? 0).toFixed(0)} ms per batch, peak RSS ${(full.scan.maxRssMb ?? 0).toFixed(0)} MiB (empty: ${(base.scan.maxRssMb ?? 0).toFixed(0)} MiB) → ${perFp(full.scan.maxRssMb ?? 0, base.scan.maxRssMb ?? 0)} bytes per fingerprint`,
    );
    process.stdout.write(`${rows.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
