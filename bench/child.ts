// One measurement in a fresh process, so peak RSS and CPU time belong to it alone. Prints one JSON
// line: CPU seconds (user + system, all threads) and wall seconds of the work itself (imports
// excluded), and the process's peak RSS (imports included).
//   scan <dir> [conc]       the scanner end to end (runScan over the store, report written), `conc`
//                           units at once (default 1)
//   scan-s3 <s3uri> [conc]  the same through S3 (the real AWS SDK against BENCH_S3_ENDPOINT)
//   io <file>               a Node stream read that does no work (the I/O ceiling)
//   io-s3 <s3uri>           a GetObject streamed and discarded (the S3 I/O ceiling of the endpoint)
//   gunzip <file>           stream + zlib gunzip with the reader's chunk size, no work (decode ceiling)
//   parquet-decode <file>   hyparquet decodes every column of every row group, no work (decode ceiling)
import { createReadStream, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { parquetMetadataAsync, parquetRead } from "hyparquet";
import { runScan, type ScanOptions } from "../packages/engine/index.ts";
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

/**
 * The real SDK pointed at the endpoint run.ts started (s3rver), credentials from the environment.
 * Loaded only for S3 modes, so the local rows' peak RSS does not carry the SDK.
 */
async function benchS3Client() {
  const endpointUrl = process.env.BENCH_S3_ENDPOINT;
  if (!endpointUrl) throw new Error("BENCH_S3_ENDPOINT is not set (run.ts sets it)");
  const { createS3Client } = await import("../packages/connectors/s3/index.ts");
  return createS3Client({ endpointUrl, region: "us-east-1", maxAttempts: 3 });
}

async function scan(target: string, concurrency = "1"): Promise<Pick<ChildResult, "bytes" | "detail">> {
  const reportDir = await mkdtemp(path.join(tmpdir(), "bench-report-"));
  const s3Client = target.startsWith("s3://") ? await benchS3Client() : null;
  try {
    const options: ScanOptions = { targets: [target], reportDir, concurrency: Number(concurrency) };
    if (s3Client) options.targetOptions = { s3Client };
    const { summary, findings } = await runScan(options);
    const unit = summary.coverage.units[0];
    return {
      bytes: summary.coverage.bytesRead,
      detail: {
        units: summary.coverage.units.length,
        scanned: summary.coverage.units.filter((u) => u.status === "scanned").length,
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
    s3Client?.destroy();
    await rm(reportDir, { recursive: true, force: true });
  }
}

async function ioS3(uri: string): Promise<Pick<ChildResult, "bytes">> {
  const { parseS3Uri } = await import("../packages/connectors/s3/index.ts");
  const { GetObjectCommand } = await import("@aws-sdk/client-s3");
  const { bucket, prefix: key } = parseS3Uri(uri);
  const client = await benchS3Client();
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    let bytes = 0;
    for await (const chunk of response.Body as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return { bytes };
  } finally {
    client.destroy();
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

type Mode = (target: string, extra?: string) => Promise<Pick<ChildResult, "bytes" | "detail">>;

const MODES: Record<string, Mode> = {
  scan,
  "scan-s3": scan,
  io,
  "io-s3": ioS3,
  gunzip,
  "parquet-decode": parquetDecode,
};

const [mode, target, extra] = process.argv.slice(2);
const run = MODES[mode ?? ""];
if (!run || !target) {
  process.stderr.write(`usage: child.ts <${Object.keys(MODES).join("|")}> <path>\n`);
  process.exit(2);
}
// S3 modes load the SDK and the S3 source before the clock starts: imports are excluded, as for the others.
if (mode === "scan-s3" || mode === "io-s3") {
  await import("@aws-sdk/client-s3");
  await import("../packages/connectors/s3/index.ts");
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const out = await run(target, extra);
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const result: ChildResult = {
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  wallSeconds,
  maxRssMb: peakRssMb(),
  ...out,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
