// `npm run bench -- [--size-mb 256] [--runs 3] [--formats csv,jsonl,...] [--data-dir bench/data]`
//
// Generates the data (cached), then measures in one run and on the same files, each measurement in
// a fresh process: the scanner end to end per format (MB/s per core of uncompressed bytes, peak
// RSS), ripgrep counting SSN-shaped matches on the uncompressed text (the raw regex ceiling), a
// Node stream read that does no work (the I/O ceiling) and, for gzip and Parquet, the decode cost
// alone. Runs are interleaved so machine noise hits every measurement alike; the table shows the
// median and the spread (min–max). Prints one table and writes bench/results/latest.json.
// A benchmark, not a test: nothing here asserts a timing.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./child.ts";
import { type BenchFormat, FORMATS, generateSet, TEXT_OF } from "./generate.ts";
import { describeIncremental, measureIncremental } from "./incremental.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

/** us-east-1 Lambda arm64 price per GB-second, and the memory that buys one full vCPU. */
export const LAMBDA_ARM64_USD_PER_GB_S = 0.0000133334;
export const LAMBDA_MEMORY_GB = 1.769;
/** Amazon Macie's published price for sensitive data discovery (first 50 TB tier): $1 per GB. */
export const MACIE_USD_PER_GB = 1;

/** Dollars of Lambda compute to scan 1 TB (10^12 bytes) on one vCPU at `mbPerSecond` (10^6 bytes). */
export function lambdaUsdPerTb(mbPerSecond: number): number {
  const seconds = 1e12 / (mbPerSecond * 1e6);
  return LAMBDA_ARM64_USD_PER_GB_S * LAMBDA_MEMORY_GB * seconds;
}

/** ripgrep's SSN-shaped pattern; (?-u) keeps \b and \d ASCII, like the scanner's byte-level view. */
const RG_PATTERN = String.raw`(?-u)\b\d{3}-\d{2}-\d{4}\b`;

interface Options {
  sizeMb: number;
  runs: number;
  formats: BenchFormat[];
  dataDir: string;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    sizeMb: 256,
    runs: 3,
    formats: [...FORMATS],
    dataDir: path.join(HERE, "data"),
    out: path.join(HERE, "results", "latest.json"),
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
    else if (arg === "--formats") {
      const list = need().split(",");
      for (const f of list)
        if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format ${f}`);
      options.formats = list as BenchFormat[];
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        `usage: npm run bench -- [--size-mb N] [--runs N] [--formats ${FORMATS.join(",")}] [--data-dir DIR] [--out FILE]\n`,
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
}

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

function child(mode: string, target: string): ChildResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(HERE, "child.ts"), mode, target], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
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

/** CPU seconds below this are rounded by the clock: MB/s from them would be noise. */
const cpuOf = (s: Sample) => Math.max(s.cpuSeconds, 0.001);

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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const set = await generateSet(options.dataDir, options.sizeMb, options.formats, log);
  const rg = ripgrepVersion();
  if (!rg) log("ripgrep not found: the raw-regex baseline is skipped (apt-get install ripgrep)");

  const samples = new Map<string, Sample[]>();
  const add = (key: string, s: Sample) => {
    const list = samples.get(key) ?? [];
    list.push(s);
    samples.set(key, list);
  };
  const records = new Map<BenchFormat, number>();
  const findings = new Map<BenchFormat, unknown>();
  const rgMatches = new Map<string, number>();
  const texts = [...new Set(options.formats.map((f) => TEXT_OF[f]))];

  for (let run = 1; run <= options.runs; run++) {
    log(`run ${run} of ${options.runs}`);
    for (const text of texts) {
      if (rg) {
        const r = ripgrep(set.text[text]);
        add(`rg:${text}`, r);
        rgMatches.set(text, r.matches);
      }
    }
    for (const format of options.formats) {
      const file = set.files[format];
      const dir = path.dirname(file);
      const s = child("scan", dir);
      add(`scan:${format}`, s);
      records.set(format, Number(s.detail?.records ?? 0));
      findings.set(format, s.detail?.findings);
      log(
        `  ${format}: ${(set.logicalBytes[format] / 1e6 / cpuOf(s)).toFixed(1)} MB/s per core, ${s.maxRssMb.toFixed(0)} MB RSS`,
      );
      add(`io:${format}`, child("io", file));
      if (format.endsWith(".gz")) add(`decode:${format}`, child("gunzip", file));
      else if (format.startsWith("parquet")) add(`decode:${format}`, child("parquet-decode", file));
    }
  }

  // Incremental: a rerun over the same unchanged files into the same report directory.
  const incremental = measureIncremental(
    `${options.sizeMb} MB per text file, ${options.formats.join(" ")}`,
    options.formats.map((f) => path.dirname(set.files[f])),
  );
  const results: FormatResult[] = options.formats.map((format) => {
    const logical = set.logicalBytes[format];
    const fileBytes = statSync(set.files[format]).size;
    const scans = samples.get(`scan:${format}`) ?? [];
    const perCore = (list: Sample[], bytes: number) => spread(list.map((s) => bytes / 1e6 / cpuOf(s)));
    const scanner = {
      mbPerCoreSecond: perCore(scans, logical),
      wallMbPerSecond: spread(scans.map((s) => logical / 1e6 / s.wallSeconds)),
      peakRssMb: spread(scans.map((s) => s.maxRssMb)),
      records: records.get(format) ?? 0,
    };
    const decodes = samples.get(`decode:${format}`);
    const decodeCeiling = decodes
      ? {
          what: format.endsWith(".gz") ? "zlib gunzip, no work" : "hyparquet decode of all columns, no work",
          mbPerCoreSecond: perCore(decodes, logical),
        }
      : null;
    const ios = samples.get(`io:${format}`) ?? [];
    const rgs = samples.get(`rg:${TEXT_OF[format]}`);
    const rgSpeed = rgs ? perCore(rgs, statSync(set.text[TEXT_OF[format]]).size) : null;
    return {
      format,
      fileBytes,
      logicalBytes: logical,
      scanner,
      decodeCeiling,
      ioCeiling: {
        mbPerCoreSecond: perCore(ios, fileBytes),
        wallMbPerSecond: spread(ios.map((s) => fileBytes / 1e6 / s.wallSeconds)),
      },
      ripgrep: rgSpeed
        ? {
            mbPerCoreSecond: rgSpeed,
            matches: rgMatches.get(TEXT_OF[format]) ?? 0,
            on: path.basename(set.text[TEXT_OF[format]]),
          }
        : null,
      ratioToRipgrep: rgSpeed ? scanner.mbPerCoreSecond.median / rgSpeed.median : null,
      lambdaUsdPerTb: lambdaUsdPerTb(scanner.mbPerCoreSecond.median),
      findings: findings.get(format),
    };
  });

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    ripgrep: rg,
    loadAverage: os.loadavg(),
  };
  const table = renderTable(results, options);
  process.stdout.write(`${table}\n${describeIncremental(incremental)}\n`);
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        options: { sizeMb: options.sizeMb, runs: options.runs, formats: options.formats },
        machine,
        units:
          "MB = 10^6 bytes of uncompressed data (the CSV/JSON lines text, also for gzip and Parquet); per core = per CPU-second of the process (user + system, all threads)",
        lambda: {
          usdPerGbSecond: LAMBDA_ARM64_USD_PER_GB_S,
          memoryGb: LAMBDA_MEMORY_GB,
          formula: "USD/TB = usdPerGbSecond × memoryGb × 10^12 / (MB/s per core × 10^6)",
          macieUsdPerTb: MACIE_USD_PER_GB * 1000,
        },
        s3: { skipped: "S3 source not merged yet" },
        results,
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

function renderTable(results: FormatResult[], options: Options): string {
  const head = [
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
  ];
  const rows: string[][] = results.map((r) => [
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
    `$${r.lambdaUsdPerTb.toFixed(3)}`,
  ]);
  // TODO(s3): once the S3 connector is merged, add "through s3rver" rows: the same files uploaded
  // to an embedded s3rver and scanned through the S3 source (child mode `scan-s3`).
  for (const format of options.formats) {
    rows.push([
      `${format} via s3rver`,
      "",
      "",
      "skipped: S3 source not merged yet",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [
    `Exposure Audit bench: ${options.sizeMb} MB per text file, median of ${options.runs} runs (min–max), ${os.cpus().length} cores, ${process.version}`,
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    "MB = 10^6 bytes of uncompressed rows (for .gz and Parquet: the same rows as CSV/JSON lines text).",
    "MB/s/core = MB per CPU-second (user+system, all threads) of one fresh process; wall MB/s for reference.",
    "÷ rg = scanner MB/s/core over ripgrep's on the uncompressed text of the same rows, same run:",
    `  rg --count-matches '${RG_PATTERN}'. Decode-only = gunzip or Parquet decode with no work.`,
    `Lambda $/TB = $${LAMBDA_ARM64_USD_PER_GB_S}/GB-s × ${LAMBDA_MEMORY_GB} GB × 10^12 B ÷ (MB/s/core × 10^6 B); Amazon Macie: $${MACIE_USD_PER_GB}/GB = $${MACIE_USD_PER_GB * 1000}/TB.`,
  ].join("\n");
}

await main();
