// One measurement in a fresh process, so peak RSS and CPU time belong to it alone. Prints one JSON
// line: CPU seconds (user + system, all threads) and wall seconds of the work itself (imports
// excluded), and the process's peak RSS (imports included).
//   scan <dir>              the scanner end to end (runScan over the store, report written)
//   io <file>               a Node stream read that does no work (the I/O ceiling)
//   gunzip <file>           stream + zlib gunzip with the reader's chunk size, no work (decode ceiling)
//   parquet-decode <file>   hyparquet decodes every column of every row group, no work (decode ceiling)
import { createReadStream, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { parquetMetadataAsync, parquetRead } from "hyparquet";
import { runScan } from "../packages/engine/index.ts";
import { fileInput } from "../packages/formats/index.ts";
import { rangeBuffer } from "../packages/formats/parquet.ts";
import { PARQUET_COMPRESSORS } from "../packages/formats/parquet-pages.ts";

const CHUNK = 1024 * 1024;

export interface ChildResult {
  cpuSeconds: number;
  wallSeconds: number;
  maxRssMb: number;
  /** Bytes the work consumed (decompressed bytes for scan and gunzip). */
  bytes: number;
  detail?: Record<string, unknown>;
}

async function scan(dir: string): Promise<Pick<ChildResult, "bytes" | "detail">> {
  const reportDir = await mkdtemp(path.join(tmpdir(), "bench-report-"));
  try {
    const { summary, findings } = await runScan({ targets: [dir], reportDir, concurrency: 1 });
    const unit = summary.coverage.units[0];
    return {
      bytes: summary.coverage.bytesRead,
      detail: {
        status: unit?.status,
        note: unit?.note,
        records: unit?.records,
        findings: findings.map((f) => ({
          field: f.location.field,
          dataType: f.dataType,
          exposure: f.exposure,
          matchCount: f.matchCount,
          valueCount: f.valueCount,
        })),
      },
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

async function io(file: string): Promise<Pick<ChildResult, "bytes">> {
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
  }
  return { bytes };
}

async function gunzip(file: string): Promise<Pick<ChildResult, "bytes">> {
  let bytes = 0;
  const stream = createReadStream(file, { highWaterMark: CHUNK }).pipe(createGunzip({ chunkSize: CHUNK }));
  for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
  return { bytes };
}

async function parquetDecode(file: string): Promise<Pick<ChildResult, "bytes" | "detail">> {
  const input = fileInput(file);
  const buffer = rangeBuffer(input.size as number, input.readRange as never);
  const metadata = await parquetMetadataAsync(buffer);
  let values = 0;
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    await parquetRead({
      file: buffer,
      metadata,
      rowStart,
      rowEnd,
      // The scanner's codecs (GZIP through zlib), so the ceiling decodes as the scanner does.
      compressors: PARQUET_COMPRESSORS,
      onChunk: (chunk) => {
        values += chunk.columnData.length;
      },
    });
    rowStart = rowEnd;
  }
  return { bytes: buffer.fetched, detail: { values } };
}

/**
 * Peak RSS of this process. On Linux from VmHWM (the high-water mark of this program's memory):
 * getrusage's maxrss is carried over from the parent at fork, so a bench that generated its data in
 * the parent would report the parent's peak.
 */
function peakRssMb(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const MODES = { scan, io, gunzip, "parquet-decode": parquetDecode } as const;

const [mode, target] = process.argv.slice(2);
const run = MODES[mode as keyof typeof MODES];
if (!run || !target) {
  process.stderr.write(`usage: child.ts <${Object.keys(MODES).join("|")}> <path>\n`);
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const out = await run(target);
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const result: ChildResult = {
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  wallSeconds,
  maxRssMb: peakRssMb(),
  ...out,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
