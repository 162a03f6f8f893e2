// `npm run bench -- [--size-mb 256] [--runs 3] [--formats csv,jsonl,...] [--data-dir bench/data] [--no-s3]`
//
// Generates the data (cached), then measures in one run and on the same files, each measurement in
// a fresh process: the scanner end to end per format from local files and through s3rver (MB/s per
// core of uncompressed bytes, peak RSS), ripgrep counting SSN-shaped matches on the uncompressed text
// (the raw regex ceiling), a Node stream read and an S3 GetObject that do no work (the I/O ceilings),
// for gzip and Parquet the decode cost alone, and the per-object overhead on a store of many small
// objects. Runs are interleaved so machine noise hits every measurement alike; the table shows the
// median and the spread (min–max). Prints one table and writes bench/results/latest.json.
// A benchmark, not a test: nothing here asserts a timing.
//
// Adding a row: push a Measurement into the plan (it runs once per run, interleaved with the
// others, its samples kept under its key) and render it in a Section (see `sections` in main).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { S3RVER_ENV } from "../test/helpers/s3rver.ts";
import type { ChildResult } from "./child.ts";
import { childArgs } from "./child-bundle.ts";
import { renderCores, runCoresBench } from "./cores.ts";
import {
  type BenchFormat,
  FILE_NAME,
  FORMATS,
  generateSet,
  generateSmallObjects,
  type SmallObjectSet,
  TEXT_OF,
} from "./generate.ts";
import { describeIncremental, measureIncremental } from "./incremental.ts";
import {
  LAMBDA_ARM64_USD_PER_GB_S,
  LAMBDA_ONE_VCPU_GB,
  lambdaUsdPerMillionObjects,
  lambdaUsdPerTb,
  MACIE_USD_PER_GB,
  S3_USD_PER_GET,
  S3_USD_PER_LIST,
} from "./prices.ts";
import { type Spread, spread } from "./spread.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

/** ripgrep's SSN-shaped pattern; (?-u) keeps \b and \d ASCII, like the scanner's byte-level view. */
const RG_PATTERN = String.raw`(?-u)\b\d{3}-\d{2}-\d{4}\b`;
/** The bucket the S3 rows read from: s3://bench/<format>/<file>, s3://bench/small/…. */
const BUCKET = "bench";
/** Units scanned at once in the small-objects rows: what the scan Lambda does (scanBatch's default). */
const SMALL_OBJECT_CONCURRENCY = 4;

interface Options {
  sizeMb: number;
  runs: number;
  formats: BenchFormat[];
  dataDir: string;
  out: string;
  s3: boolean;
  smallObjects: number;
  smallObjectBytes: number;
  /** The 1 vs 2 worker-thread section (bench/cores.ts). */
  cores: boolean;
  /** Children run child.ts through tsx instead of its bundle (see child-bundle.ts). */
  tsx: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    sizeMb: 256,
    runs: 3,
    formats: [...FORMATS],
    dataDir: path.join(HERE, "data"),
    out: path.join(HERE, "results", "latest.json"),
    s3: true,
    smallObjects: 2000,
    smallObjectBytes: 4096,
    cores: true,
    tsx: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${arg} needs a value`);
      i++;
      return value;
    };
    if (arg === "--size-mb") options.sizeMb = positive(arg, need());
    else if (arg === "--runs") options.runs = positive(arg, need());
    else if (arg === "--data-dir") options.dataDir = path.resolve(need());
    else if (arg === "--out") options.out = path.resolve(need());
    else if (arg === "--no-s3") options.s3 = false;
    else if (arg === "--no-cores") options.cores = false;
    else if (arg === "--tsx") options.tsx = true;
    else if (arg === "--small-objects") options.smallObjects = positive(arg, need());
    else if (arg === "--small-object-bytes") options.smallObjectBytes = positive(arg, need());
    else if (arg === "--formats") {
      const list = need().split(",");
      for (const f of list)
        if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format ${f}`);
      options.formats = list as BenchFormat[];
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        `usage: npm run bench -- [--size-mb N] [--runs N] [--formats ${FORMATS.join(",")}] [--data-dir DIR] [--out FILE]\n` +
          "                        [--no-s3] [--no-cores] [--small-objects N] [--small-object-bytes N] [--tsx]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function positive(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

interface Sample {
  cpuSeconds: number;
  wallSeconds: number;
  maxRssMb: number;
  bytes: number;
  /** CPU seconds the S3 server (s3rver, its own process) spent while this sample ran. */
  serverCpuSeconds?: number;
  detail?: Record<string, unknown>;
}

/** From --tsx (set in main): children run child.ts through tsx, not its bundle. */
let childTsx = false;

function child(args: string[], env: NodeJS.ProcessEnv = process.env): ChildResult {
  const out = execFileSync(process.execPath, [...childArgs(childTsx), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env,
  });
  const last = out.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as ChildResult;
}

function ripgrepVersion(): string | null {
  const r = spawnSync("rg", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? (r.stdout.split("\n")[0] ?? "rg") : null;
}

/**
 * ripgrep under GNU time: CPU seconds, wall seconds and peak RSS of the search, and its count. GNU
 * time counts in 10 ms steps, so small files are searched several times in one measurement (at
 * least ~256 MB in all) and the times divided.
 */
function ripgrep(file: string): Sample & { matches: number } {
  const bytes = statSync(file).size;
  const repeat = Math.max(1, Math.ceil(256e6 / bytes));
  const rgArgs = ["--count-matches", "--no-config", RG_PATTERN, file];
  const script = `for i in $(seq ${repeat}); do rg "$@"; [ $? -le 1 ] || exit 2; done`;
  const r = spawnSync(
    "/usr/bin/time",
    ["-f", "BENCH_TIME %e %U %S %M", "sh", "-c", script, "rg-loop", ...rgArgs],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  const line = r.stderr.split("\n").find((l) => l.startsWith("BENCH_TIME "));
  if (!line || r.status !== 0) throw new Error(`ripgrep failed: ${r.stderr.slice(0, 300)}`);
  const [, e, u, s, m] = line.split(" ").map(Number) as number[];
  return {
    wallSeconds: (e as number) / repeat,
    cpuSeconds: ((u as number) + (s as number)) / repeat,
    maxRssMb: (m as number) / 1024,
    bytes,
    matches: Number(r.stdout.trim().split("\n")[0] || 0),
  };
}

/**
 * s3rver in a process of its own (bench/s3-server.ts) holding the bench's files. The scanner's CPU
 * is what Lambda would bill; the server's stands in for S3's and is counted apart: `cpuSeconds()`
 * asks the server for its own CPU time, read before and after each S3 measurement.
 */
interface S3Server {
  endpoint: string;
  objects: number;
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

async function startS3Server(mounts: Record<string, string>): Promise<S3Server> {
  const args = Object.entries(mounts).map(([prefix, dir]) => `${prefix}=${dir}`);
  const server = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "--import", "tsx", path.join(HERE, "s3-server.ts"), BUCKET, ...args],
    { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ...S3RVER_ENV } },
  );
  const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error("the S3 server exited (see its error above)");
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const ready = await next();
  return {
    endpoint: String(ready.endpoint),
    objects: Number(ready.objects),
    async cpuSeconds() {
      server.stdin.write("cpu\n");
      return Number((await next()).cpuSeconds);
    },
    close: () =>
      new Promise((resolve) => {
        server.once("exit", () => resolve());
        server.stdin.end();
      }),
  };
}

/** One thing measured once per run, in a fresh process; its samples are kept under `key`. */
interface Measurement {
  key: string;
  measure: () => Promise<Sample>;
  /** A line for the progress log, from the sample just taken. */
  log?: (s: Sample) => string;
}

/** CPU seconds below this are rounded by the clock: MB/s from them would be noise. */
const cpuOf = (s: Sample) => Math.max(s.cpuSeconds, 0.001);
const perCore = (list: Sample[], bytes: number) => spread(list.map((s) => bytes / 1e6 / cpuOf(s)));
const wallRate = (list: Sample[], bytes: number) => spread(list.map((s) => bytes / 1e6 / s.wallSeconds));

interface FormatResult {
  format: BenchFormat;
  fileBytes: number;
  logicalBytes: number;
  scanner: { mbPerCoreSecond: Spread; wallMbPerSecond: Spread; peakRssMb: Spread; records: number };
  decodeCeiling: { what: string; mbPerCoreSecond: Spread } | null;
  ioCeiling: { mbPerCoreSecond: Spread; wallMbPerSecond: Spread };
  ripgrep: { mbPerCoreSecond: Spread; matches: number; on: string } | null;
  ratioToRipgrep: number | null;
  lambdaUsdPerTb: number;
  findings: unknown;
}

interface S3FormatResult {
  format: BenchFormat;
  uri: string;
  objectBytes: number;
  logicalBytes: number;
  /** The scanner process alone (what Lambda bills). */
  scanner: { mbPerCoreSecond: Spread; wallMbPerSecond: Spread; peakRssMb: Spread };
  /** s3rver's CPU seconds during the scan, and MB/s per core of scanner + server together. */
  server: { cpuSeconds: Spread; withServerMbPerCoreSecond: Spread };
  /** GetObject streamed and discarded: MB of the object per CPU-second of the client, and per wall second. */
  noWorkGet: { mbPerCoreSecond: Spread; wallMbPerSecond: Spread; serverCpuSeconds: Spread };
  /** Scanner MB/s per core through S3 over the same from a local file. */
  ratioToLocal: number | null;
  lambdaUsdPerTb: number;
}

interface ObjectsResult {
  source: "local" | "s3rver";
  target: string;
  objects: number;
  bytes: number;
  unitsAtOnce: number;
  objectsPerCoreSecond: Spread;
  wallObjectsPerSecond: Spread;
  peakRssMb: Spread;
  serverCpuSeconds: Spread | null;
  /** Lambda compute for a million such objects at the median (one vCPU, 1,769 MB). */
  lambdaUsdPerMillion: number;
  /** S3 requests for a million objects: one GET each, one LIST page per 1,000. */
  requestsUsdPerMillion: number;
}

/** A block of the printed table: its own header, rows and notes. */
interface Section {
  title: string;
  head: string[];
  rows: string[][];
  notes: string[];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  childTsx = options.tsx;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const set = await generateSet(options.dataDir, options.sizeMb, options.formats, log);
  const small = generateSmallObjects(options.dataDir, options.smallObjects, options.smallObjectBytes);
  const rg = ripgrepVersion();
  if (!rg) log("ripgrep not found: the raw-regex baseline is skipped (apt-get install ripgrep)");

  let s3: S3Server | null = null;
  if (options.s3) {
    const mounts: Record<string, string> = { small: small.dir };
    for (const format of options.formats) mounts[format] = path.dirname(set.files[format]);
    log(`starting s3rver and uploading ${options.formats.length} files and ${small.count} small objects`);
    s3 = await startS3Server(mounts);
  }
  const s3Env = s3 ? { ...process.env, ...S3RVER_ENV, BENCH_S3_ENDPOINT: s3.endpoint } : process.env;
  /** A child through S3, with the server's CPU during it. */
  const s3Child = async (args: string[]): Promise<Sample> => {
    if (!s3) throw new Error("no S3 server");
    const before = await s3.cpuSeconds();
    const sample: Sample = child(args, s3Env);
    sample.serverCpuSeconds = (await s3.cpuSeconds()) - before;
    return sample;
  };
  const s3Uri = (format: BenchFormat) => `s3://${BUCKET}/${format}/${FILE_NAME[format]}`;

  const texts = [...new Set(options.formats.map((f) => TEXT_OF[f]))];
  const perCoreLog = (bytes: number) => (s: Sample) =>
    `${(bytes / 1e6 / cpuOf(s)).toFixed(1)} MB/s per core, ${s.maxRssMb.toFixed(0)} MB RSS`;
  const plan: Measurement[] = [];
  if (rg) {
    for (const text of texts) {
      plan.push({
        key: `rg:${text}`,
        measure: async () => {
          const { matches, ...sample } = ripgrep(set.text[text]);
          return { ...sample, detail: { matches } };
        },
      });
    }
  }
  for (const format of options.formats) {
    const file = set.files[format];
    const logical = set.logicalBytes[format];
    plan.push({
      key: `scan:${format}`,
      measure: async () => child(["scan", path.dirname(file)]),
      log: perCoreLog(logical),
    });
    plan.push({ key: `io:${format}`, measure: async () => child(["io", file]) });
    if (format.endsWith(".gz"))
      plan.push({ key: `decode:${format}`, measure: async () => child(["gunzip", file]) });
    else if (format.startsWith("parquet"))
      plan.push({ key: `decode:${format}`, measure: async () => child(["parquet-decode", file]) });
    if (s3) {
      plan.push({
        key: `s3-scan:${format}`,
        // The object's "directory" as the target: the same one-unit store as the local row.
        measure: () => s3Child(["scan-s3", `s3://${BUCKET}/${format}/`]),
        log: perCoreLog(logical),
      });
      plan.push({ key: `s3-io:${format}`, measure: () => s3Child(["io-s3", s3Uri(format)]) });
    }
  }
  const unitsAtOnce = String(SMALL_OBJECT_CONCURRENCY);
  const objectsLog = (s: Sample) => `${(small.count / cpuOf(s)).toFixed(0)} objects/s per core`;
  plan.push({
    key: "objects:local",
    measure: async () => child(["scan", small.dir, unitsAtOnce]),
    log: objectsLog,
  });
  if (s3) {
    plan.push({
      key: "objects:s3",
      measure: () => s3Child(["scan-s3", `s3://${BUCKET}/small/`, unitsAtOnce]),
      log: objectsLog,
    });
  }

  const samples = new Map<string, Sample[]>();
  try {
    for (let run = 1; run <= options.runs; run++) {
      log(`run ${run} of ${options.runs}`);
      for (const m of plan) {
        const sample = await m.measure();
        samples.set(m.key, [...(samples.get(m.key) ?? []), sample]);
        if (m.log) log(`  ${m.key}: ${m.log(sample)}`);
      }
    }
  } finally {
    await s3?.close();
  }
  const of = (key: string) => samples.get(key) ?? [];
  const last = (key: string) => of(key).at(-1);

  // Incremental: a rerun over the same unchanged files into the same report directory.
  const incremental = measureIncremental(
    `${options.sizeMb} MB per text file, ${options.formats.join(" ")}`,
    options.formats.map((f) => path.dirname(set.files[f])),
  );
  const results: FormatResult[] = options.formats.map((format) => {
    const logical = set.logicalBytes[format];
    const fileBytes = statSync(set.files[format]).size;
    const scans = of(`scan:${format}`);
    const scanner = {
      mbPerCoreSecond: perCore(scans, logical),
      wallMbPerSecond: wallRate(scans, logical),
      peakRssMb: spread(scans.map((s) => s.maxRssMb)),
      records: Number(last(`scan:${format}`)?.detail?.records ?? 0),
    };
    const decodes = samples.get(`decode:${format}`);
    const decodeCeiling = decodes
      ? {
          what: format.endsWith(".gz") ? "zlib gunzip, no work" : "hyparquet decode of all columns, no work",
          mbPerCoreSecond: perCore(decodes, logical),
        }
      : null;
    const ios = of(`io:${format}`);
    const rgs = samples.get(`rg:${TEXT_OF[format]}`);
    const rgSpeed = rgs ? perCore(rgs, statSync(set.text[TEXT_OF[format]]).size) : null;
    return {
      format,
      fileBytes,
      logicalBytes: logical,
      scanner,
      decodeCeiling,
      ioCeiling: { mbPerCoreSecond: perCore(ios, fileBytes), wallMbPerSecond: wallRate(ios, fileBytes) },
      ripgrep: rgSpeed
        ? {
            mbPerCoreSecond: rgSpeed,
            matches: Number(last(`rg:${TEXT_OF[format]}`)?.detail?.matches ?? 0),
            on: path.basename(set.text[TEXT_OF[format]]),
          }
        : null,
      ratioToRipgrep: rgSpeed ? scanner.mbPerCoreSecond.median / rgSpeed.median : null,
      lambdaUsdPerTb: lambdaUsdPerTb(scanner.mbPerCoreSecond.median),
      findings: last(`scan:${format}`)?.detail?.findings,
    };
  });

  const s3Results: S3FormatResult[] = s3
    ? options.formats.map((format) => {
        const logical = set.logicalBytes[format];
        const objectBytes = statSync(set.files[format]).size;
        const scans = of(`s3-scan:${format}`);
        const gets = of(`s3-io:${format}`);
        const scanner = {
          mbPerCoreSecond: perCore(scans, logical),
          wallMbPerSecond: wallRate(scans, logical),
          peakRssMb: spread(scans.map((s) => s.maxRssMb)),
        };
        const local = results.find((r) => r.format === format);
        return {
          format,
          uri: s3Uri(format),
          objectBytes,
          logicalBytes: logical,
          scanner,
          server: {
            cpuSeconds: spread(scans.map((s) => s.serverCpuSeconds ?? 0)),
            withServerMbPerCoreSecond: spread(
              scans.map((s) => logical / 1e6 / Math.max(s.cpuSeconds + (s.serverCpuSeconds ?? 0), 0.001)),
            ),
          },
          noWorkGet: {
            mbPerCoreSecond: perCore(gets, objectBytes),
            wallMbPerSecond: wallRate(gets, objectBytes),
            serverCpuSeconds: spread(gets.map((s) => s.serverCpuSeconds ?? 0)),
          },
          ratioToLocal: local ? scanner.mbPerCoreSecond.median / local.scanner.mbPerCoreSecond.median : null,
          lambdaUsdPerTb: lambdaUsdPerTb(scanner.mbPerCoreSecond.median),
        };
      })
    : [];

  const objectsResult = (source: ObjectsResult["source"], key: string, target: string): ObjectsResult => {
    const list = of(key);
    const rate = spread(list.map((s) => small.count / cpuOf(s)));
    return {
      source,
      target,
      objects: small.count,
      bytes: small.bytes,
      unitsAtOnce: SMALL_OBJECT_CONCURRENCY,
      objectsPerCoreSecond: rate,
      wallObjectsPerSecond: spread(list.map((s) => small.count / s.wallSeconds)),
      peakRssMb: spread(list.map((s) => s.maxRssMb)),
      serverCpuSeconds: source === "s3rver" ? spread(list.map((s) => s.serverCpuSeconds ?? 0)) : null,
      lambdaUsdPerMillion: lambdaUsdPerMillionObjects(rate.median),
      requestsUsdPerMillion: 1e6 * S3_USD_PER_GET + (1e6 / 1000) * S3_USD_PER_LIST,
    };
  };
  const objects: ObjectsResult[] = [
    objectsResult("local", "objects:local", path.relative(ROOT, small.dir)),
    ...(s3 ? [objectsResult("s3rver", "objects:s3", `s3://${BUCKET}/small/`)] : []),
  ];

  const sections: Section[] = [
    localSection(results),
    s3 ? s3Section(s3Results) : skippedS3Section(options.formats),
    objectsSection(objects, small),
  ];

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    ripgrep: rg,
    loadAverage: os.loadavg(),
  };
  const title = `Exposure Audit bench: ${options.sizeMb} MB per text file, median of ${options.runs} runs (min–max), ${os.cpus().length} cores, ${process.version}`;
  process.stdout.write(
    `${[title, ...sections.map(renderSection), describeIncremental(incremental)].join("\n\n")}\n`,
  );
  const cores = options.cores
    ? await runCoresBench(
        { sizeMb: options.sizeMb, runs: options.runs, workers: [1, 2], dataDir: options.dataDir },
        log,
      )
    : null;
  if (cores) process.stdout.write(`\n${renderCores(cores)}\n`);
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
        options: {
          sizeMb: options.sizeMb,
          runs: options.runs,
          formats: options.formats,
          s3: options.s3,
          smallObjects: options.smallObjects,
          smallObjectBytes: options.smallObjectBytes,
        },
        machine,
        units:
          "MB = 10^6 bytes of uncompressed data (the CSV/JSON lines text, also for gzip and Parquet); per core = per CPU-second of the process (user + system, all threads)",
        lambda: {
          usdPerGbSecond: LAMBDA_ARM64_USD_PER_GB_S,
          memoryGb: LAMBDA_ONE_VCPU_GB,
          formula: "USD/TB = usdPerGbSecond × memoryGb × 10^12 / (MB/s per core × 10^6)",
          macieUsdPerTb: MACIE_USD_PER_GB * 1000,
        },
        results,
        s3: s3
          ? {
              endpoint: "s3rver 3.7.1 on 127.0.0.1 in its own process, read through @aws-sdk/client-s3",
              cpuAccounting:
                "scanner.* counts the scanner process only (what Lambda bills); server.cpuSeconds is s3rver's CPU during the same scan, reported apart",
              results: s3Results,
            }
          : { skipped: "--no-s3" },
        objects,
        cores,
        incremental,
      },
      null,
      2,
    )}\n`,
  );
  process.stderr.write(`wrote ${path.relative(process.cwd(), options.out)}\n`);
}

const f1 = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const fs = (s: Spread) => `${f1(s.median)} (${f1(s.min)}–${f1(s.max)})`;
const usd = (n: number) => `$${n < 10 ? n.toFixed(3) : n.toFixed(0)}`;
/** How many times Macie's $1/GB a Lambda $/TB figure is. */
const vsMacie = (usdPerTb: number) =>
  `${Math.round((MACIE_USD_PER_GB * 1000) / usdPerTb).toLocaleString("en-US")}×`;

function localSection(results: FormatResult[]): Section {
  return {
    title: "Local files: the scanner end to end (runScan over a store holding the one file, report written)",
    head: [
      "format",
      "file MB",
      "data MB",
      "scanner MB/s/core",
      "wall MB/s",
      "peak RSS MB",
      "decode-only MB/s",
      "I/O MB/s",
      "rg MB/s/core",
      "÷ rg",
      "Lambda $/TB",
      "Macie ÷",
    ],
    rows: results.map((r) => [
      r.format,
      f1(r.fileBytes / 1e6),
      f1(r.logicalBytes / 1e6),
      fs(r.scanner.mbPerCoreSecond),
      f1(r.scanner.wallMbPerSecond.median),
      f1(r.scanner.peakRssMb.max),
      r.decodeCeiling ? fs(r.decodeCeiling.mbPerCoreSecond) : "-",
      f1(r.ioCeiling.mbPerCoreSecond.median),
      r.ripgrep ? `${fs(r.ripgrep.mbPerCoreSecond)}` : "skipped: no rg",
      r.ratioToRipgrep === null ? "-" : `${r.ratioToRipgrep.toFixed(2)}×`,
      usd(r.lambdaUsdPerTb),
      vsMacie(r.lambdaUsdPerTb),
    ]),
    notes: [
      "MB = 10^6 bytes of uncompressed rows (for .gz and Parquet: the same rows as CSV/JSON lines text).",
      "MB/s/core = MB per CPU-second (user+system, all threads) of one fresh process; wall MB/s for reference.",
      "÷ rg = scanner MB/s/core over ripgrep's on the uncompressed text of the same rows, same run:",
      `  rg --count-matches '${RG_PATTERN}'. Decode-only = gunzip or Parquet decode with no work; I/O = a stream read, no work.`,
      `Lambda $/TB = $${LAMBDA_ARM64_USD_PER_GB_S}/GB-s × ${LAMBDA_ONE_VCPU_GB} GB × 10^12 B ÷ (MB/s/core × 10^6 B); Macie ÷ = Amazon Macie's $${MACIE_USD_PER_GB}/GB ($${MACIE_USD_PER_GB * 1000}/TB) over it.`,
    ],
  };
}

function s3Section(results: S3FormatResult[]): Section {
  return {
    title: `Through S3: the same files as s3://${BUCKET}/<format>/<file> on s3rver (127.0.0.1, its own process), real AWS SDK`,
    head: [
      "format",
      "object MB",
      "scanner MB/s/core",
      "wall MB/s",
      "peak RSS MB",
      "s3rver CPU s",
      "+s3rver MB/s/core",
      "no-work GET MB/s/core",
      "GET wall MB/s",
      "÷ local",
      "Lambda $/TB",
      "Macie ÷",
    ],
    rows: results.map((r) => [
      `${r.format} via s3rver`,
      f1(r.objectBytes / 1e6),
      fs(r.scanner.mbPerCoreSecond),
      f1(r.scanner.wallMbPerSecond.median),
      f1(r.scanner.peakRssMb.max),
      f1(r.server.cpuSeconds.median),
      f1(r.server.withServerMbPerCoreSecond.median),
      fs(r.noWorkGet.mbPerCoreSecond),
      fs(r.noWorkGet.wallMbPerSecond),
      r.ratioToLocal === null ? "-" : `${r.ratioToLocal.toFixed(2)}×`,
      usd(r.lambdaUsdPerTb),
      vsMacie(r.lambdaUsdPerTb),
    ]),
    notes: [
      "scanner MB/s/core and Lambda $/TB count the scanner process alone (what Lambda bills); s3rver CPU s is the",
      "  server's CPU during the same scan, read from the server process before and after, and +s3rver counts both.",
      "no-work GET = GetObject streamed and discarded: MB of the object per CPU-second of the client, and per wall",
      "  second (the I/O ceiling of s3rver here; it shares the machine's cores with the client).",
    ],
  };
}

function skippedS3Section(formats: BenchFormat[]): Section {
  return {
    title: "Through S3",
    head: ["format", "scanner MB/s/core"],
    rows: formats.map((f) => [`${f} via s3rver`, "skipped: --no-s3"]),
    notes: [],
  };
}

function objectsSection(results: ObjectsResult[], small: SmallObjectSet): Section {
  return {
    title: `Per-object overhead: ${small.count} CSV objects of ~${(small.bytes / small.count / 1024).toFixed(1)} KB, ${SMALL_OBJECT_CONCURRENCY} units at once (as the scan Lambda)`,
    head: [
      "source",
      "objects/s/core",
      "wall objects/s",
      "peak RSS MB",
      "s3rver CPU s",
      "Lambda $/M objects",
      "S3 GET+LIST $/M",
      "total $/M objects",
    ],
    rows: results.map((r) => [
      r.source === "local" ? "local directory" : `via s3rver (${r.target})`,
      fs(r.objectsPerCoreSecond),
      f1(r.wallObjectsPerSecond.median),
      f1(r.peakRssMb.max),
      r.serverCpuSeconds ? f1(r.serverCpuSeconds.median) : "-",
      usd(r.lambdaUsdPerMillion),
      usd(r.requestsUsdPerMillion),
      usd(r.lambdaUsdPerMillion + r.requestsUsdPerMillion),
    ]),
    notes: [
      "objects/s/core = objects per CPU-second of the scanner process (list, open, read, detect, record each unit).",
      `Lambda $/M objects = 10^6 ÷ objects/s/core × ${LAMBDA_ONE_VCPU_GB} GB × $${LAMBDA_ARM64_USD_PER_GB_S}/GB-s; S3 = one GET each`,
      `  ($${S3_USD_PER_GET * 1000}/1,000) + one LIST page per 1,000 keys ($${S3_USD_PER_LIST * 1000}/1,000). Real S3's first-byte latency`,
      "  is wall time, not CPU: see `npm run bench:scale` for how it is budgeted.",
    ],
  };
}

function renderSection(section: Section): string {
  const widths = section.head.map((h, i) =>
    Math.max(h.length, ...section.rows.map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [
    section.title,
    line(section.head),
    line(widths.map((w) => "-".repeat(w))),
    ...section.rows.map(line),
    ...section.notes,
  ].join("\n");
}

await main();
