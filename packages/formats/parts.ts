// Parts of a large CSV, JSON lines or text object, scanned as independent units (in different threads)
// and merged afterwards. Part i holds the records that START in its byte range [start, end): it
// begins after the first newline at or after start − 1 (part 0 at byte 0) and ends with the first
// newline at or after end − 1, so every record is read by exactly one part. CSV parts after the
// first are read behind the object's header line. As in sampling.ts, a CSV cut is only made where
// the quotes counted from the part's start are balanced: when a quoted field holds the newline at a
// boundary, the part before reads on to the end of that record and reports it (`straddle`); the next
// part cannot know it began inside a field, and the merge notes the two disagreeing offsets.
import { type ReaderInput, UnitReadError } from "../core/index.ts";
import { alignment, rangeStreamOf } from "./sampling.ts";
import { toBuffer } from "./source.ts";

/** Where a part lies in its object and how the object reads (decided once, from the object's head). */
export interface PartSpec {
  index: number;
  count: number;
  start: number;
  end: number;
  format: "csv" | "jsonl" | "text";
  delimiter?: string;
  /** Bytes of the CSV header line (newline included) read before a later part's records; 0 otherwise. */
  header: number;
}

/** What a part read, filled while it is read. */
export interface PartState {
  /** Offset of its first record (after the newline that ended the part before). */
  startAt: number;
  /** Offset just after its last record's newline (the object's size for the last part). */
  endAt: number;
  /** A quoted CSV field held the newline at its end boundary: it read on to the record's end. */
  straddle: boolean;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Bytes of an object's head looked at to decide whether and how it can be split. */
export const SPLIT_SNIFF_BYTES = 64 * 1024;

/**
 * How an object can be split, from its first bytes: null for anything that is not uncompressed UTF-8
 * CSV, JSON lines or text (gzip, Parquet, a JSON document, SQL, UTF-16), or a CSV whose header line
 * does not end within the head.
 */
export function splitFormat(
  name: string,
  head: Buffer,
): Omit<PartSpec, "index" | "count" | "start" | "end"> | null {
  const how = alignment(name, head);
  if (how.mode !== "ranges") return null;
  if (how.basis !== "csv") return { format: how.basis, header: 0 };
  let inQuotes = false;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (b === NEWLINE && !inQuotes) {
      return { format: "csv", ...(how.delimiter ? { delimiter: how.delimiter } : {}), header: i + 1 };
    }
  }
  return null;
}

/** The input that reads one part (behind the header for CSV), and what it read. */
export function partInput(input: ReaderInput, part: PartSpec): { input: ReaderInput; state: PartState } {
  const size = input.size;
  const ranged = rangeStreamOf(input);
  const state: PartState = { startAt: part.start, endAt: part.start, straddle: false };
  const csv = part.format === "csv";
  async function* open(): AsyncGenerator<Uint8Array> {
    if (size === null || !ranged) {
      throw new UnitReadError("read-error", "a part of a split object needs ranged reads and a known size");
    }
    // The object's start counts as a record boundary (a newline at −1): a range that ends there is empty.
    if (part.end <= 0) return;
    const fromStart = part.start === 0;
    if (!fromStart && part.header > 0) yield* ranged(0, part.header);
    // One byte before the range tells whether it starts right after a newline.
    const from = fromStart ? 0 : part.start - 1;
    let at = from;
    let skipping = !fromStart;
    let inQuotes = false;
    if (fromStart) state.startAt = 0;
    for await (const chunk of ranged(from, size)) {
      let buf = toBuffer(chunk);
      const chunkAt = at;
      at += buf.length;
      let offset = chunkAt;
      if (skipping) {
        const nl = buf.indexOf(NEWLINE);
        if (nl === -1) continue;
        buf = buf.subarray(nl + 1);
        offset = chunkAt + nl + 1;
        state.startAt = offset;
        state.endAt = offset;
        skipping = false;
        // The first record starts at or after end: it belongs to a later part; this one is empty.
        if (offset >= part.end) return;
      }
      // The first newline at or after end − 1 (balanced quotes for CSV) closes the part.
      const boundary = part.end - 1;
      let cut = -1;
      if (csv) {
        // Quotes toggle (an escaped "" toggles twice); jump between quotes and newlines with indexOf.
        const from = Math.max(0, boundary - offset);
        let i = 0;
        for (;;) {
          const q = buf.indexOf(QUOTE, i);
          const stop = q === -1 ? buf.length : q;
          const at = Math.max(i, from);
          const nl = at < stop ? buf.indexOf(NEWLINE, at) : -1;
          if (nl !== -1 && nl < stop) {
            if (!inQuotes) {
              cut = nl;
              break;
            }
            state.straddle = true;
          }
          if (q === -1) break;
          inQuotes = !inQuotes;
          i = q + 1;
        }
      } else if (offset + buf.length > boundary) {
        cut = buf.indexOf(NEWLINE, Math.max(0, boundary - offset));
      }
      if (cut !== -1) {
        state.endAt = offset + cut + 1;
        if (cut >= 0) yield buf.subarray(0, cut + 1);
        return;
      }
      state.endAt = offset + buf.length;
      if (buf.length > 0) yield buf;
    }
    if (skipping) {
      state.startAt = size as number;
      state.endAt = size as number;
    }
  }
  return {
    input: {
      ...input,
      open,
      format: { format: part.format, ...(part.delimiter ? { delimiter: part.delimiter } : {}) },
    },
    state,
  };
}
