import type { NoteBook } from "./notes.ts";
import { plural } from "./notes.ts";

/** Text handed to the line splitter at a time, so one batch holds a few hundred records. */
const BATCH_CHARS = 64 * 1024;

export type LineHandler = (line: string, lineNumber: number) => void;

/**
 * Splits text chunks into lines with `indexOf`, dropping a trailing `\r`. A line longer than
 * `maxLine` characters is cut to its first `maxLine` characters (the rest is skipped up to the next
 * newline, never held) and counted in one `line-too-long` note.
 */
export class LineSplitter {
  private carry = "";
  private overflow = false;
  private lineNumber = 0;

  constructor(
    private readonly maxLine: number,
    private readonly onLine: LineHandler,
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
      let line: string;
      if (this.carry.length > 0 || this.overflow) {
        this.append(text, start, nl);
        line = this.carry;
        this.carry = "";
      } else if (nl - start > this.maxLine) {
        line = text.slice(start, start + this.maxLine);
        this.overflow = true;
      } else {
        line = text.slice(start, nl);
      }
      this.emit(line);
      start = nl + 1;
    }
  }

  end(): void {
    if (this.carry.length > 0 || this.overflow) {
      const line = this.carry;
      this.carry = "";
      this.emit(line);
    }
  }

  /** Lines seen so far. */
  get lines(): number {
    return this.lineNumber;
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

  private emit(line: string): void {
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
    const last = line.length - 1;
    if (last >= 0 && line.charCodeAt(last) === 13) line = line.slice(0, last);
    this.onLine(line, this.lineNumber);
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
  const splitter = new LineSplitter(maxLine, (line, lineNumber) => onLine(line, lineNumber, out), notes);
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
