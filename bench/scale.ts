// `npm run bench:scale -- [--objects 10000000] [--total-tb 100] [--results bench/results/latest.json] …`
//
// "Scale on paper": reads the speeds `npm run bench` measured (through S3 when it ran those rows) and
// the stack's knobs from the code, and prints the markdown table of a nightly run at that scale
// (bench/scale-model.ts holds the arithmetic). Every assumption is an option with its default shown.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DISCOVERY_PAGES, LISTING_DEFAULTS } from "../packages/connectors/s3/list-objects.ts";
import { DEFAULT_READ_LIMITS } from "../packages/core/index.ts";
import { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_UNITS } from "../packages/engine/phases/plan.ts";
import { DEFAULT_SAMPLE_RANGES } from "../packages/formats/index.ts";
import { stateMachineDefinition } from "../stacks/definition.ts";
import { type Assumptions, type Knobs, type Measured, renderScale } from "./scale-model.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

const Speed = z.object({ median: z.number().positive() });
/** The parts of bench/results/latest.json this reads. */
export const BenchResults = z.object({
  generatedAt: z.string(),
  command: z.string().optional(),
  options: z.object({ sizeMb: z.number(), runs: z.number() }),
  results: z.array(z.object({ format: z.string(), scanner: z.object({ mbPerCoreSecond: Speed }) })),
  s3: z
    .object({
      results: z
        .array(z.object({ format: z.string(), scanner: z.object({ mbPerCoreSecond: Speed }) }))
        .optional(),
    })
    .optional(),
  objects: z
    .array(
      z.object({ source: z.string(), objectsPerCoreSecond: Speed, unitsAtOnce: z.number().int().positive() }),
    )
    .min(1),
});
export type BenchResults = z.infer<typeof BenchResults>;

/**
 * Speeds for the model: MB/s per core over a format mix (each format's share of the bytes; equal
 * shares by default), through S3 when measured, else from local files; objects/s per core likewise.
 */
export function measuredSpeeds(bench: BenchResults, mix: Record<string, number> | null): Measured {
  const viaS3 = (bench.s3?.results?.length ?? 0) > 0;
  const rows = viaS3 ? (bench.s3?.results ?? []) : bench.results;
  const shares = mix ?? Object.fromEntries(rows.map((r) => [r.format, 1]));
  let seconds = 0;
  let total = 0;
  for (const [format, share] of Object.entries(shares)) {
    const row = rows.find((r) => r.format === format);
    if (!row) throw new Error(`--mix names ${format}, which the bench results do not hold`);
    seconds += share / row.scanner.mbPerCoreSecond.median;
    total += share;
  }
  const objects = bench.objects.find((o) => o.source === (viaS3 ? "s3rver" : "local")) ?? bench.objects[0];
  const mixText = Object.entries(shares)
    .map(([f, s]) => `${f} ${((s / total) * 100).toFixed(0)}%`)
    .join(", ");
  return {
    mbPerCoreSecond: total / seconds,
    objectsPerCoreSecond: objects?.objectsPerCoreSecond.median ?? 0,
    source: `${bench.command ?? "npm run bench"} at ${bench.generatedAt}, ${viaS3 ? "through s3rver" : "local files"}; bytes mix: ${mixText}`,
  };
}

/** The scan and plan functions' memory and timeout, and the deadline margin, from stacks/scanner.ts. */
export function functionKnobs(
  source: string,
): Pick<
  Knobs,
  "scanMemoryMb" | "scanTimeoutSeconds" | "deadlineMarginSeconds" | "planMemoryMb" | "planTimeoutSeconds"
> {
  const fn = (name: string) => {
    const block = new RegExp(
      `new sst\\.aws\\.Function\\("${name}",[^}]*?memory: "(\\d+) MB",\\s*timeout: "(\\d+) minutes"`,
      "s",
    ).exec(source);
    if (!block) throw new Error(`stacks/scanner.ts: no memory/timeout found for the ${name} function`);
    return { memoryMb: Number(block[1]), timeoutSeconds: Number(block[2]) * 60 };
  };
  const margin = /EXPOSURE_AUDIT_DEADLINE_MARGIN_MS: "(\d+)"/.exec(source);
  if (!margin) throw new Error("stacks/scanner.ts: no EXPOSURE_AUDIT_DEADLINE_MARGIN_MS found");
  const scan = fn("Scan");
  const plan = fn("Plan");
  return {
    scanMemoryMb: scan.memoryMb,
    scanTimeoutSeconds: scan.timeoutSeconds,
    deadlineMarginSeconds: Number(margin[1]) / 1000,
    planMemoryMb: plan.memoryMb,
    planTimeoutSeconds: plan.timeoutSeconds,
  };
}

/** Every knob from the code: plan's batch size, the Map's MaxConcurrency, the functions, the read cap. */
export function stackKnobs(unitsAtOnce: number): Knobs {
  const definition = stateMachineDefinition({ planArn: "plan", scanArn: "scan", finalizeArn: "finalize" });
  return {
    batchBytes: DEFAULT_BATCH_BYTES,
    batchUnits: DEFAULT_BATCH_UNITS,
    maxConcurrency: definition.States.ScanOther.MaxConcurrency,
    ...functionKnobs(readFileSync(path.join(ROOT, "stacks", "scanner.ts"), "utf8")),
    readCapBytes: DEFAULT_READ_LIMITS.maxBytes,
    sampleRanges: DEFAULT_SAMPLE_RANGES,
    unitsAtOnce,
    listPageSize: 1000,
    listing: {
      concurrency: LISTING_DEFAULTS.concurrency,
      sequentialPages: LISTING_DEFAULTS.sequentialPages,
      maxRanges: LISTING_DEFAULTS.maxRanges,
      maxBufferedObjects: LISTING_DEFAULTS.maxBufferedObjects,
      discoveryPages: DISCOVERY_PAGES,
    },
  };
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  objects: 10_000_000,
  totalBytes: 100e12,
  largeByteShare: 0.5,
  largeObjectBytes: 25e9,
  productionShare: 0.2,
  prefixes: 1,
  folders: 1000,
  firstByteMs: 30,
  listPageMs: 100,
  deadlineHours: 6,
};

function parseArgs(argv: string[]): {
  assumptions: Assumptions;
  results: string;
  mix: Record<string, number> | null;
} {
  const a: Assumptions = { ...DEFAULT_ASSUMPTIONS };
  let results = path.join(HERE, "results", "latest.json");
  let mix: Record<string, number> | null = null;
  const number = (name: string, raw: string | undefined) => {
    const n = Number(raw);
    if (raw === undefined || !Number.isFinite(n) || n < 0)
      throw new Error(`${name} needs a non-negative number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = argv[++i];
    if (arg === "--objects") a.objects = number(arg, value);
    else if (arg === "--total-tb") a.totalBytes = number(arg, value) * 1e12;
    else if (arg === "--large-share") a.largeByteShare = number(arg, value);
    else if (arg === "--large-gb") a.largeObjectBytes = number(arg, value) * 1e9;
    else if (arg === "--production-share") a.productionShare = number(arg, value);
    else if (arg === "--prefixes") a.prefixes = Math.max(1, number(arg, value));
    else if (arg === "--folders") a.folders = number(arg, value);
    else if (arg === "--first-byte-ms") a.firstByteMs = number(arg, value);
    else if (arg === "--list-page-ms") a.listPageMs = number(arg, value);
    else if (arg === "--deadline-hours") a.deadlineHours = number(arg, value);
    else if (arg === "--results") results = path.resolve(value ?? "");
    else if (arg === "--mix") {
      mix = {};
      for (const part of (value ?? "").split(",")) {
        const [format, share] = part.split("=");
        if (!format) throw new Error("--mix expects format=share,…");
        mix[format] = number(`--mix ${format}`, share ?? "1");
      }
    } else {
      process.stdout.write(
        "usage: npm run bench:scale -- [--objects N] [--total-tb N] [--large-share 0..1] [--large-gb N]\n" +
          "  [--production-share 0..1] [--prefixes N] [--folders N] [--first-byte-ms N] [--list-page-ms N] [--deadline-hours N]\n" +
          "  [--mix csv=1,parquet=1,…] [--results bench/results/latest.json]\n",
      );
      process.exit(arg === "--help" || arg === "-h" ? 0 : 2);
    }
  }
  return { assumptions: a, results, mix };
}

async function main(): Promise<void> {
  const { assumptions, results, mix } = parseArgs(process.argv.slice(2));
  const bench = BenchResults.parse(JSON.parse(readFileSync(results, "utf8")));
  // The small-object rows ran with the scan Lambda's units at once (scanBatch's default).
  const unitsAtOnce = bench.objects[0]?.unitsAtOnce ?? 4;
  process.stdout.write(`${renderScale(assumptions, measuredSpeeds(bench, mix), stackKnobs(unitsAtOnce))}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
