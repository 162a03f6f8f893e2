// `npm run bench:memory -- [--size-mb 2048] [--formats csv,csv.gz,jsonl,jsonl.gz,parquet,parquet-gzip] [--data-dir bench/data] [--tsx]`
//
// Peak RSS of the scanner on one large object of each format: each scan runs alone in a fresh
// process (bench/child.ts scan, bundled as deployed code is; --tsx: through tsx), over a store
// holding that one file. Generates the data (cached) as `npm run bench` does. Prints one line per format and the process baseline (the same
// child importing everything and scanning nothing). A benchmark, not a test: nothing is asserted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildResult } from "./child.ts";
import { childArgs } from "./child-bundle.ts";
import { type BenchFormat, FORMATS, generateSet, mb } from "./generate.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]): {
  sizeMb: number;
  formats: BenchFormat[];
  dataDir: string;
  tsx: boolean;
} {
  const options = {
    sizeMb: 2048,
    formats: [...FORMATS] as BenchFormat[],
    dataDir: path.join(HERE, "data"),
    tsx: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--tsx") {
      options.tsx = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === "--size-mb") {
      options.sizeMb = Number(value);
      if (!Number.isInteger(options.sizeMb) || options.sizeMb <= 0)
        throw new Error("--size-mb must be a positive integer");
    } else if (arg === "--data-dir") options.dataDir = path.resolve(value);
    else if (arg === "--formats") {
      const list = value.split(",");
      for (const f of list)
        if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`unknown format ${f}`);
      options.formats = list as BenchFormat[];
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function child(target: string): ChildResult {
  const out = execFileSync(process.execPath, [...childArgs(options.tsx), "scan", target], {
    cwd: path.dirname(HERE),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "") as ChildResult;
}

const options = parseArgs(process.argv.slice(2));
const log = (line: string) => process.stderr.write(`${line}\n`);
const set = await generateSet(options.dataDir, options.sizeMb, options.formats, log);
const empty = mkdtempSync(path.join(os.tmpdir(), "bench-memory-empty-"));
try {
  const baseline = child(empty);
  process.stdout.write(
    `Exposure Audit peak RSS, one object per scan, fresh process each (${process.version}, ${os.cpus().length} cores)\n`,
  );
  process.stdout.write(`baseline (imports, empty store): ${baseline.maxRssMb.toFixed(0)} MB\n`);
  for (const format of options.formats) {
    const file = set.files[format];
    const r = child(path.dirname(file));
    process.stdout.write(
      `${format.padEnd(13)} file ${mb(statSync(file).size).padStart(7)} MB  data ${mb(set.logicalBytes[format]).padStart(7)} MB  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB  records ${r.detail?.records}  status ${r.detail?.status}  cpu ${r.cpuSeconds.toFixed(1)} s\n`,
    );
  }
} finally {
  rmSync(empty, { recursive: true, force: true });
}
