// Incremental reruns: a first run and a rerun over the same unchanged files into one report directory,
// each in a fresh process (times of the run itself, imports excluded). The rerun lists every object,
// carries every one forward from the scan state, and still writes a complete report.
//   tsx bench/incremental.ts [--size-mb 64] [--data-dir bench/data]   the bench files + the labeled corpus
//   tsx bench/incremental.ts run <report-dir> <target...>             one run (what the measurement spawns)
// A benchmark, not a test: nothing here asserts a timing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

export interface RunTimes {
  wallSeconds: number;
  cpuSeconds: number;
  listed: number;
  carried: number;
  bytesRead: number;
}

export interface IncrementalResult {
  what: string;
  first: RunTimes;
  rerun: RunTimes;
  /** Rerun wall time as a percentage of the first run's (target: ≤ 5 %). */
  rerunPercent: number;
  /** The same for CPU seconds (less sensitive to other load on the machine). */
  rerunCpuPercent: number;
}

function spawnRun(reportDir: string, targets: readonly string[]): RunTimes {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(HERE, "incremental.ts"), "run", reportDir, ...targets],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "") as RunTimes;
}

/** A first run and a rerun over `targets` into a fresh report directory. */
export function measureIncremental(what: string, targets: readonly string[]): IncrementalResult {
  const reportDir = mkdtempSync(path.join(tmpdir(), "bench-incremental-"));
  try {
    const first = spawnRun(reportDir, targets);
    const rerun = spawnRun(reportDir, targets);
    return {
      what,
      first,
      rerun,
      rerunPercent: (100 * rerun.wallSeconds) / first.wallSeconds,
      rerunCpuPercent: (100 * rerun.cpuSeconds) / first.cpuSeconds,
    };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

export function describeIncremental(r: IncrementalResult): string {
  const { first, rerun } = r;
  return `incremental rerun (${r.what}): first run ${first.wallSeconds.toFixed(2)} s wall, ${first.cpuSeconds.toFixed(2)} s CPU (${first.listed} objects read); rerun ${rerun.wallSeconds.toFixed(3)} s wall, ${rerun.cpuSeconds.toFixed(3)} s CPU (${rerun.carried} of ${rerun.listed} carried, ${rerun.listed - rerun.carried} read) = ${r.rerunPercent.toFixed(1)} % of the first run's wall time, ${r.rerunCpuPercent.toFixed(1)} % of its CPU time`;
}

async function oneRun(reportDir: string, targets: string[]): Promise<void> {
  const { runScan } = await import("../packages/engine/index.ts");
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { summary } = await runScan({ targets, reportDir, concurrency: 1 });
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const times: RunTimes = {
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    listed: summary.coverage.listed,
    carried: summary.coverage.carried ?? 0,
    bytesRead: summary.coverage.units.filter((u) => !u.carriedFrom).reduce((n, u) => n + u.bytesRead, 0),
  };
  process.stdout.write(`${JSON.stringify(times)}\n`);
}

async function standalone(argv: string[]): Promise<void> {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const sizeMb = Number(value("--size-mb") ?? 64);
  const dataDir = path.resolve(value("--data-dir") ?? path.join(HERE, "data"));
  const { FORMATS, generateSet } = await import("./generate.ts");
  const set = await generateSet(dataDir, sizeMb, FORMATS, (line) => process.stderr.write(`${line}\n`));
  const dirs = FORMATS.map((f) => path.dirname(set.files[f]));
  process.stdout.write(
    `${describeIncremental(measureIncremental(`${sizeMb} MB per text file, ${FORMATS.join(" ")}`, dirs))}\n`,
  );
  const corpusRoot = mkdtempSync(path.join(tmpdir(), "bench-corpus-"));
  try {
    const { generateLabeledCorpus } = await import("../test/corpus/generate.ts");
    await generateLabeledCorpus(corpusRoot);
    process.stdout.write(
      `${describeIncremental(measureIncremental("labeled corpus, many small files", [corpusRoot]))}\n`,
    );
  } finally {
    rmSync(corpusRoot, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, reportDir, ...targets] = process.argv.slice(2);
  if (mode === "run" && reportDir && targets.length > 0) await oneRun(reportDir, targets);
  else await standalone(process.argv.slice(2));
}
