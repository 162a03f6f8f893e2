import type { ReaderInput, ReadLimits, ReadResult, ScanRecord } from "../../packages/core/index.ts";
import { readUnit } from "../../packages/formats/index.ts";

export interface MemoryInputOptions {
  /** Size of the chunks `open()` yields (default 64 KiB, to exercise chunk boundaries). */
  chunkSize?: number;
  /** Offer `readRange` (random access) like a local file or S3 does. */
  ranges?: boolean;
  /** Report the size (default true). */
  sized?: boolean;
}

/** An in-memory ReaderInput over `bytes` (string = UTF-8). */
export function memoryInput(
  name: string,
  bytes: Uint8Array | string,
  options: MemoryInputOptions = {},
): ReaderInput {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes);
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const input: ReaderInput = {
    name,
    size: options.sized === false ? null : data.length,
    open: async function* () {
      for (let at = 0; at < data.length; at += chunkSize) yield data.subarray(at, at + chunkSize);
    },
  };
  if (options.ranges) {
    input.readRange = async (start, end) => data.subarray(start, Math.min(end, data.length));
  }
  return input;
}

/** A ReaderInput whose bytes come from a generator (for inputs too big to hold). */
export function streamInput(
  name: string,
  chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): ReaderInput {
  return {
    name,
    size: null,
    open: async function* () {
      yield* chunks();
    },
  };
}

export async function collect(result: ReadResult): Promise<ScanRecord[]> {
  const out: ScanRecord[] = [];
  for await (const record of result.records) out.push(record);
  return out;
}

/** Reads a unit fully: its result, its records, and the records as plain {path: value} objects. */
export async function readAll(input: ReaderInput, limits?: Partial<ReadLimits>) {
  const result = await readUnit(input, limits);
  const records = await collect(result);
  const rows = records.map((r) => Object.fromEntries(r.fields.map((f) => [f.path ?? "<text>", f.value])));
  return { result, records, rows };
}

/** All values of one path across records. */
export const valuesOf = (records: ScanRecord[], path: string | null): string[] =>
  records.flatMap((r) => r.fields.filter((f) => f.path === path).map((f) => f.value));
