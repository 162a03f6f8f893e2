// Sampling of units over the per-object byte cap: the head plus spread ranges, each cut to whole
// records (after its first newline, up to its last), so the concatenated stream is valid CSV, JSON
// lines or text and a row is never half-read. The CSV header comes with the head. Formats that
// cannot be cut at newlines (a single JSON document, SQL statements, gzip, UTF-16) are read from the
// start up to the cap instead; Parquet reads its row groups through ranged reads as always.
import type { ReaderInput } from "../core/index.ts";
import { decodeSample } from "./decode.ts";
import { PARQUET_MAGIC } from "./parquet.ts";
import { chooseTextFormat, detectEncoding, extensionOf } from "./sniff.ts";
import { toBuffer } from "./source.ts";

export interface SamplingOptions {
  /** Units larger than this are sampled; the sample never exceeds it. */
  maxObjectBytes: number;
  /** Ranges spread over the unit after the head. */
  ranges: number;
}

export const DEFAULT_SAMPLE_RANGES = 8;
/** Smallest window worth fetching: fewer ranges are taken when the cap is small. */
export const MIN_SAMPLE_WINDOW = 16 * 1024;
/** Bytes looked at to decide how a unit can be sampled. */
const SAMPLE_SNIFF_BYTES = 64 * 1024;
/** A range whose unfinished record grows past this is cut there (its tail is dropped). */
const MAX_PENDING_BYTES = 8 * 1024 ** 2;
/** Ranged reads are fetched in pieces of this size when the input cannot stream a range. */
const RANGE_PIECE_BYTES = 4 * 1024 ** 2;

export type SampleMode = "ranges" | "head";

/** What the sampler did; filled while the input is read. */
export interface SampleState {
  mode: SampleMode | null;
  /** The format the cut was made for (csv, jsonl, text), or why only the head was read. */
  basis: string;
  /** Ranges that contributed whole records (the head included). */
  rangesRead: number;
  /** Ranges planned (the head included). */
  rangesPlanned: number;
  /** Bytes fetched from the store, including the partial records cut away at range edges. */
  bytesFetched: number;
}

interface Window {
  start: number;
  end: number;
}

/** Head plus `ranges` windows centred in equal segments of the rest; null when one window is all the cap allows. */
export function planWindows(size: number, options: SamplingOptions): Window[] | null {
  let ranges = Math.max(0, Math.floor(options.ranges));
  let window = Math.floor(options.maxObjectBytes / (ranges + 1));
  if (window < MIN_SAMPLE_WINDOW) {
    ranges = Math.floor(options.maxObjectBytes / MIN_SAMPLE_WINDOW) - 1;
    window = ranges >= 1 ? Math.floor(options.maxObjectBytes / (ranges + 1)) : 0;
  }
  if (ranges < 1 || window <= 0 || size <= options.maxObjectBytes) return null;
  const windows: Window[] = [{ start: 0, end: window }];
  const step = (size - window) / ranges;
  for (let i = 0; i < ranges; i++) {
    const start = Math.floor(window + step * i + (step - window) / 2);
    windows.push({ start, end: Math.min(size, start + window) });
  }
  return windows;
}

/**
 * Wraps a unit larger than `maxObjectBytes` so that reading it reads a sample. Returns null when
 * the unit is within the cap (or its size is unknown): it is then read whole. The reader's own cap
 * (ReadLimits.maxBytes, set to the same value) stops head-only reads.
 */
export function samplingInput(
  input: ReaderInput,
  options: SamplingOptions,
): { input: ReaderInput; state: SampleState } | null {
  const size = input.size;
  if (size === null || size <= options.maxObjectBytes) return null;
  const maybeRanged = rangeStreamOf(input);
  const state: SampleState = { mode: null, basis: "", rangesRead: 0, rangesPlanned: 0, bytesFetched: 0 };
  if (!maybeRanged) {
    state.mode = "head";
    state.basis = "the source offers no ranged reads";
    return { input, state };
  }
  const ranged: RangeStream = maybeRanged;
  const windows = planWindows(size, options);
  async function* open(): AsyncGenerator<Uint8Array> {
    const sniffed = await collect(ranged(0, Math.min(size as number, SAMPLE_SNIFF_BYTES)));
    state.bytesFetched += sniffed.length;
    const how = windows
      ? alignment(input.name, sniffed)
      : { mode: "head" as const, basis: "the cap allows one window" };
    state.mode = how.mode;
    state.basis = how.basis;
    if (how.mode === "head" || !windows) {
      yield* input.open();
      return;
    }
    state.rangesPlanned = windows.length;
    for (const [i, window] of windows.entries()) {
      let any = false;
      for await (const piece of alignedRange(ranged, window, {
        trimStart: i > 0,
        atEnd: window.end >= (size as number),
        csv: how.csv,
        fetched: (n) => {
          state.bytesFetched += n;
        },
      })) {
        any = true;
        yield piece;
      }
      if (any) state.rangesRead++;
    }
  }
  return { input: { ...input, open }, state };
}

/** How a unit can be cut at records, from its head: ranges (csv, jsonl, text; with the CSV delimiter) or head only. */
export function alignment(
  name: string,
  head: Buffer,
):
  | { mode: "head"; basis: string }
  | { mode: "ranges"; basis: "csv" | "jsonl" | "text"; csv: boolean; delimiter: string | undefined } {
  if (head[0] === 0x1f && head[1] === 0x8b)
    return { mode: "head", basis: "gzip cannot be read from the middle" };
  if (head.subarray(0, 4).equals(PARQUET_MAGIC))
    return { mode: "head", basis: "parquet row groups from the start" };
  let encoding: ReturnType<typeof detectEncoding>;
  try {
    encoding = detectEncoding(head);
  } catch {
    return { mode: "head", basis: "content not recognised as text" };
  }
  if (encoding.encoding !== "utf-8") return { mode: "head", basis: `${encoding.encoding} text` };
  const { format, delimiter } = chooseTextFormat(
    extensionOf(name).ext,
    decodeSample(head, encoding.encoding, encoding.skip),
    false,
  );
  if (format === "csv" || format === "jsonl" || format === "text")
    return { mode: "ranges", basis: format, csv: format === "csv", delimiter };
  return {
    mode: "head",
    basis: format === "json" ? "a JSON document has no record boundaries" : `${format} statements span lines`,
  };
}

export type RangeStream = (start: number, end: number) => AsyncIterable<Uint8Array>;

/** A byte range as a stream: the input's own, else ranged reads in pieces; null when it has neither. */
export function rangeStreamOf(input: ReaderInput): RangeStream | null {
  if (input.openRange) return input.openRange;
  const readRange = input.readRange;
  if (!readRange) return null;
  return async function* (start: number, end: number) {
    for (let at = start; at < end; at += RANGE_PIECE_BYTES) {
      const piece = await readRange(at, Math.min(end, at + RANGE_PIECE_BYTES));
      if (piece.length === 0) return;
      yield piece;
    }
  };
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(toBuffer(chunk));
  return Buffer.concat(parts);
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * The whole records of one window: bytes before the first newline (a record begun before the
 * window) and after the last one (a record going past it) are dropped, unless the window starts at
 * 0 or ends at the end of the unit. For CSV, a cut is only made where the quotes seen so far are
 * balanced, so a quoted field cannot swallow the next window.
 */
async function* alignedRange(
  ranged: RangeStream,
  window: Window,
  options: { trimStart: boolean; atEnd: boolean; csv: boolean; fetched: (n: number) => void },
): AsyncGenerator<Buffer> {
  // One byte before the window tells whether it starts right after a newline.
  const from = options.trimStart ? window.start - 1 : window.start;
  let skipping = options.trimStart;
  let inQuotes = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of ranged(from, window.end)) {
    options.fetched(chunk.length);
    let buf = toBuffer(chunk);
    if (skipping) {
      const nl = buf.indexOf(NEWLINE);
      if (nl === -1) continue;
      buf = buf.subarray(nl + 1);
      skipping = false;
    }
    let cut = -1;
    if (options.csv) {
      for (let i = 0; i < buf.length; i++) {
        const b = buf[i];
        if (b === QUOTE) inQuotes = !inQuotes;
        else if (b === NEWLINE && !inQuotes) cut = i;
      }
    } else {
      cut = buf.lastIndexOf(NEWLINE);
    }
    if (cut === -1) {
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes > MAX_PENDING_BYTES) return;
      continue;
    }
    pending.push(buf.subarray(0, cut + 1));
    yield pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    pending = [buf.subarray(cut + 1)];
    pendingBytes = buf.length - cut - 1;
  }
  if (options.atEnd && pendingBytes > 0) yield Buffer.concat(pending);
}
