// Multi-core speed-up: runPipeline over the same generated data with 1 and with 2 worker threads,
// interleaved within each run (so load from other processes hits both alike), each measurement in a
// fresh process. Cases: one large CSV and one large JSON lines object (split into parts with 2+ workers), and a
// directory of ~8 MB CSV objects (independent objects). MB/s here is uncompressed bytes per WALL
// second (the point of more cores is wall time); peak RSS covers the process and its threads.
//   npm run bench:cores -- [--size-mb 256] [--runs 3] [--workers 1,2] [--data-dir DIR] [--out FILE]
//   tsx bench/cores.ts child <workers> <dir>     one measurement (used by the above)
//   tsx bench/cores.ts startup [workers]         CPU-seconds each worker thread's start-up costs a run
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_PART_BYTES, runPipeline } from "../packages/engine/phases/index.ts";
import { LocalDirectoryReportStore } from "../packages/report/index.ts";
import { generateSet } from "./generate.ts";
import { type Spread, spread } from "./spread.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const MANY_OBJECT_BYTES = 8 * 1_000_000;

export interface CoresOptions {
  sizeMb: number;
  runs: number;
  workers: number[];
  dataDir: string;
}

interface Sample {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  bytes: number;
  units: number;
  findings: number;
}

export interface CoresCase {
  name: string;
  what: string;
  bytes: number;
  byWorkers: {
    workers: number;
    wallMbPerSecond: Spread;
    peakRssMb: Spread;
    cpuSeconds: Spread;
    coresBusy: Spread;
  }[];
  /** Median MB/s with the most workers ÷ median MB/s with the fewest. */
  speedUp: number;
}

export interface CoresResult {
  options: CoresOptions;
  loadAverage: { before: number[]; after: number[] };
  cpus: number;
  cases: CoresCase[];
}

/** The CSV cut into ~8 MB objects at line ends, each with the header (cached beside the set). */
function manyObjects(csv: string, dir: string): string {
  if (existsSync(path.join(dir, "done"))) return dir;
  mkdirSync(dir, { recursive: true });
  const data = readFileSync(csv);
  const headerEnd = data.indexOf(0x0a) + 1;
  const header = data.subarray(0, headerEnd);
  let at = headerEnd;
  for (let n = 0; at < data.length; n++) {
    let end = Math.min(data.length, at + MANY_OBJECT_BYTES);
    if (end < data.length) end = data.indexOf(0x0a, end) + 1 || data.length;
    const file = path.join(dir, `customers-${String(n).padStart(4, "0")}.csv`);
    writeFileSync(`${file}.tmp`, Buffer.concat([header, data.subarray(at, end)]));
    renameSync(`${file}.tmp`, file);
    at = end;
  }
  writeFileSync(path.join(dir, "done"), "");
  return dir;
}

function measure(workers: number, dir: string, split: boolean): Sample {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(HERE, "cores.ts"),
      "child",
      String(workers),
      dir,
      split ? "split" : "whole",
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 ** 2 },
  );
  return JSON.parse(out.trim().split("\n").pop() as string) as Sample;
}

export async function runCoresBench(
  options: CoresOptions,
  log: (line: string) => void,
): Promise<CoresResult> {
  const set = await generateSet(options.dataDir, options.sizeMb, ["csv", "jsonl"], log);
  const cases = [
    {
      name: "csv",
      what: `one ${options.sizeMb} MB CSV object (parts with 2+ workers)`,
      dir: path.dirname(set.files.csv),
      split: true,
    },
    {
      name: "jsonl",
      what: `one ${options.sizeMb} MB JSON lines object (parts with 2+ workers)`,
      dir: path.dirname(set.files.jsonl),
      split: true,
    },
    {
      name: "many-csv",
      what: `${options.sizeMb} MB as ~8 MB CSV objects (independent objects)`,
      dir: manyObjects(set.files.csv, path.join(set.dir, "many-8mb")),
      split: false,
    },
  ];
  const before = os.loadavg();
  const samples = new Map<string, Sample[]>();
  for (let run = 1; run <= options.runs; run++) {
    log(
      `cores run ${run} of ${options.runs} (load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")})`,
    );
    for (const c of cases) {
      // Alternate the order each run, so neither worker count always goes first.
      const order = run % 2 === 1 ? options.workers : [...options.workers].reverse();
      for (const workers of order) {
        const s = measure(workers, c.dir, c.split);
        const key = `${c.name}:${workers}`;
        samples.set(key, [...(samples.get(key) ?? []), s]);
        log(
          `  ${c.name} × ${workers}: ${(s.bytes / 1e6 / s.wallSeconds).toFixed(1)} MB/s wall, ${s.maxRssMb.toFixed(0)} MB RSS, ${s.units} units, ${s.findings} findings`,
        );
      }
    }
  }
  const after = os.loadavg();
  return {
    options,
    loadAverage: { before, after },
    cpus: os.availableParallelism(),
    cases: cases.map((c) => {
      const byWorkers = options.workers.map((workers) => {
        const list = samples.get(`${c.name}:${workers}`) ?? [];
        return {
          workers,
          wallMbPerSecond: spread(list.map((s) => s.bytes / 1e6 / s.wallSeconds)),
          peakRssMb: spread(list.map((s) => s.maxRssMb)),
          cpuSeconds: spread(list.map((s) => s.cpuSeconds)),
          /** CPU-seconds per wall second: how many cores the process actually got. */
          coresBusy: spread(list.map((s) => s.cpuSeconds / s.wallSeconds)),
        };
      });
      const bytes = samples.get(`${c.name}:${options.workers[0]}`)?.[0]?.bytes ?? 0;
      const first = byWorkers[0]?.wallMbPerSecond.median ?? 0;
      const last = byWorkers[byWorkers.length - 1]?.wallMbPerSecond.median ?? 0;
      return { name: c.name, what: c.what, bytes, byWorkers, speedUp: first > 0 ? last / first : 0 };
    }),
  };
}

const f1 = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const fs = (s: Spread) => `${f1(s.median)} (${f1(s.min)}–${f1(s.max)})`;

export function renderCores(result: CoresResult): string {
  const lines = [
    `Multi-core (runPipeline, worker threads; MB/s = uncompressed MB per wall second, median (min–max) of ${result.options.runs}; ${result.cpus} cores; load ${result.loadAverage.before.map((l) => l.toFixed(1)).join(" ")} → ${result.loadAverage.after.map((l) => l.toFixed(1)).join(" ")})`,
  ];
  for (const c of result.cases) {
    const cells = c.byWorkers.map(
      (w) =>
        `${w.workers} worker${w.workers > 1 ? "s" : ""}: ${fs(w.wallMbPerSecond)} MB/s, ${f1(w.cpuSeconds.median)} CPU-s (${w.coresBusy.median.toFixed(2)} cores busy), ${f1(w.peakRssMb.median)} MB RSS`,
    );
    lines.push(`  ${c.what.padEnd(52)} ${cells.join(" | ")} | speed-up ${c.speedUp.toFixed(2)}×`);
  }
  return lines.join("\n");
}

function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function child(workers: number, dir: string, split: boolean): Promise<void> {
  const reportDir = await mkdtemp(path.join(tmpdir(), "bench-cores-"));
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await runPipeline({
      targets: [dir],
      reportStore: new LocalDirectoryReportStore(reportDir),
      fingerprints: { storage: null },
      workers,
      executor: "threads",
      // Large objects in parts when there are cores to spread them over; one worker reads them whole.
      split: split && workers > 1 ? { partBytes: DEFAULT_PART_BYTES } : false,
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const sample: Sample = {
      wallSeconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMb: peakRssMb(),
      bytes: result.summary.coverage.bytesRead,
      units: result.plan.batches.reduce((n, b) => n + b.units.length, 0),
      findings: result.findings.length,
    };
    process.stdout.write(`${JSON.stringify(sample)}\n`);
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

/**
 * What a run pays for its worker threads' start-up, in CPU-seconds of the process (all threads): one
 * tiny object per worker, one batch each, scanned in threads minus the same run in this thread (run
 * once before, so this thread's own module loading counts in neither).
 */
async function startup(workers: number): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "bench-startup-"));
  try {
    const dir = path.join(root, "objects");
    mkdirSync(dir);
    for (let i = 0; i < workers; i++) writeFileSync(path.join(dir, `t${i}.csv`), "id,name\n1,a\n");
    let n = 0;
    const cpuOf = async (executor: "threads" | "in-process") => {
      const cpu0 = process.cpuUsage();
      await runPipeline({
        targets: [dir],
        reportStore: new LocalDirectoryReportStore(path.join(root, `report-${n++}`)),
        fingerprints: { storage: null },
        workers,
        executor,
        maxBatchUnits: 1,
      });
      const cpu = process.cpuUsage(cpu0);
      return (cpu.user + cpu.system) / 1e6;
    };
    await cpuOf("in-process");
    const inProcess = await cpuOf("in-process");
    const threads = await cpuOf("threads");
    const perWorker = (threads - inProcess) / workers;
    process.stdout.write(
      `${JSON.stringify({ workers, threadsCpuSeconds: threads, inProcessCpuSeconds: inProcess, perWorkerCpuSeconds: perWorker })}\n`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): CoresOptions & { out: string } {
  const options = {
    sizeMb: 256,
    runs: 3,
    workers: [1, 2],
    dataDir: path.join(HERE, "data"),
    out: path.join(HERE, "results", "cores.json"),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === "--size-mb") options.sizeMb = Number(value);
    else if (arg === "--runs") options.runs = Number(value);
    else if (arg === "--workers") options.workers = value.split(",").map(Number);
    else if (arg === "--data-dir") options.dataDir = path.resolve(value);
    else if (arg === "--out") options.out = path.resolve(value);
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "child") {
    await child(Number(rest[0]), rest[1] as string, rest[2] === "split");
  } else if (mode === "startup") {
    await startup(Number(rest[0] ?? 2));
  } else {
    const options = parseArgs(process.argv.slice(2));
    const result = await runCoresBench(options, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${renderCores(result)}\n`);
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(
      options.out,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
    process.stderr.write(`wrote ${path.relative(process.cwd(), options.out)}\n`);
  }
}
