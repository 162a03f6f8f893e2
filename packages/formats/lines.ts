import type { NoteBook } from "./notes.ts";
import { plural } from "./notes.ts";

/** Text handed to the line splitter at a time, so one batch holds a few hundred records. */
const BATCH_CHARS = 64 * 1024;

export type LineHandler = (line: string, lineNumber: number) => void;
/** A line as a span of `text` (`\r` already dropped): no string is made for it. */
export type SpanLineHandler = (text: string, start: number, end: number, lineNumber: number) => void;

/**
 * Splits text chunks into lines with `indexOf`, dropping a trailing `\r`. A line longer than
 * `maxLine` characters is cut to its first `maxLine` characters (the rest is skipped up to the next
 * newline, never held) and counted in one `line-too-long` note. Lines are handed over as spans of
 * the pushed text; only a line that spans two pushes (or is cut) becomes a string of its own.
 */
export class LineSplitter {
  private carry = "";
  private overflow = false;
  private lineNumber = 0;

  constructor(
    private readonly maxLine: number,
    private readonly onLine: SpanLineHandler,
    private readonly notes: NoteBook,
  ) {}

  push(text: string): void {
    let start = 0;
    const n = text.length;
    while (start < n) {
      const nl = text.indexOf("\n", start);
      if (nl === -1) {
        this.append(text, start, n);
        return;
      }
      if (this.carry.length > 0 || this.overflow) {
        this.append(text, start, nl);
        const line = this.carry;
        this.carry = "";
        this.emit(line, 0, line.length);
      } else if (nl - start > this.maxLine) {
        this.overflow = true;
        this.emit(text, start, start + this.maxLine);
      } else {
        this.emit(text, start, nl);
      }
      start = nl + 1;
    }
  }

  end(): void {
    if (this.carry.length > 0 || this.overflow) {
      const line = this.carry;
      this.carry = "";
      this.emit(line, 0, line.length);
    }
  }

  /** Lines seen so far. */
  get lines(): number {
    return this.lineNumber;
  }

  /** Counts lines handed over elsewhere (a screening reader reads whole lines from bytes). */
  set lines(count: number) {
    this.lineNumber = count;
  }

  private append(text: string, from: number, to: number): void {
    if (this.overflow) return;
    const room = this.maxLine - this.carry.length;
    if (to - from > room) {
      this.carry += text.slice(from, from + room);
      this.overflow = true;
    } else if (to > from) {
      this.carry += text.slice(from, to);
    }
  }

  private emit(text: string, start: number, end: number): void {
    this.lineNumber++;
    if (this.overflow) {
      this.overflow = false;
      const max = this.maxLine;
      this.notes.count(
        "line-too-long",
        "line-too-long",
        this.lineNumber,
        (count, first) =>
          `${plural(count, "line")} longer than ${max} characters truncated to that length (first at line ${first})`,
      );
    }
    const e = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    this.onLine(text, start, e, this.lineNumber);
  }
}

/**
 * Drives a line handler over text chunks and yields the records it produced, one batch per chunk,
 * so the per-line work stays synchronous and only one await happens per chunk.
 */
export async function* linesToBatches<T>(
  chunks: AsyncIterable<string>,
  maxLine: number,
  notes: NoteBook,
  onLine: (line: string, lineNumber: number, out: T[]) => void,
  onEnd?: (out: T[]) => void,
): AsyncGenerator<T[]> {
  let out: T[] = [];
  const splitter = new LineSplitter(
    maxLine,
    (text, start, end, lineNumber) =>
      onLine(start === 0 && end === text.length ? text : text.slice(start, end), lineNumber, out),
    notes,
  );
  for await (const text of chunks) {
    // Small batches: records are consumed while young, which keeps garbage collection cheap.
    for (let at = 0; at < text.length; at += BATCH_CHARS) {
      splitter.push(at === 0 && text.length <= BATCH_CHARS ? text : text.slice(at, at + BATCH_CHARS));
      if (out.length > 0) {
        yield out;
        out = [];
      }
    }
  }
  splitter.end();
  onEnd?.(out);
  if (out.length > 0) yield out;
}
