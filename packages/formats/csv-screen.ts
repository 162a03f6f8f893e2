// CSV for a screening sink (see RecordSink in core/records.ts), read from the bytes of the unit.
import {
  type FieldValue,
  type ReadLimits,
  type RecordSink,
  ROLE_BASE,
  ROLE_CONTEXT,
  ROLE_RECORD,
  type ScanRecord,
} from "../core/index.ts";
import { bytesToLines, type TextLine } from "./byte-lines.ts";
import { type CsvOptions, CsvRows } from "./csv.ts";
import {
  acquireKernel,
  CELL_LICENCE,
  CELL_VALUE,
  type CsvRowsKernel,
  KERNEL_COLUMNS,
  type KernelBatch,
  releaseKernel,
} from "./csv-rows-kernel.ts";
import type { Utf8Decoder } from "./decode.ts";
import type { NoteBook } from "./notes.ts";
import { spanText } from "./span-text.ts";

/** The value of a quoted cell as CsvRowParser reads it: "" is a quote, text after the closing quote is kept. */
function unquote(cell: string): string {
  let value = "";
  let i = 1;
  for (;;) {
    const q = cell.indexOf('"', i);
    if (q === -1) return value + cell.slice(i);
    if (cell.charCodeAt(q + 1) === 34) {
      value += cell.slice(i, q + 1);
      i = q + 2;
      continue;
    }
    return value + cell.slice(i, q) + cell.slice(q + 1);
  }
}

/**
 * readCsv for a screening sink, over the bytes of a UTF-8/Latin-1 unit (see bytesToLines). Plain rows
 * (after the header, no quoted field open) are delimited and screened by the WebAssembly kernel
 * (csv-rows-kernel.ts): counted cells never become strings; only a cell the sink must see is decoded
 * and handed over, and a row with a licence cell goes over with its context cells as a record. Rows
 * the kernel does not read (a quoted field across lines, a quote inside a cell, a generic id beside
 * a type, more than KERNEL_COLUMNS cells, a line over the cap) take the general path as text, so
 * the outcome is that of readCsv.
 */
export function screenCsv(
  chunks: AsyncIterable<Buffer>,
  decoder: Utf8Decoder,
  options: CsvOptions,
  limits: ReadLimits,
  notes: NoteBook,
  sink: RecordSink,
): AsyncGenerator<ScanRecord[]> {
  const screen = new CsvScreen(
    new CsvRows(options.delimiter, options.header ?? "detect", limits, notes),
    options.delimiter.charCodeAt(0),
    limits.maxLineBytes,
    sink,
  );
  return bytesToLines(chunks, decoder, limits.maxLineBytes, notes, screen, () => screen.end());
}

class CsvScreen {
  /** Role per column (ROLE_* bits), -1 until the column is first seen. */
  private roles = new Int32Array(64).fill(-1);
  private readonly slow: ScanRecord[] = [];
  /** The kernel of this unit, from its first plain row to its end. */
  private kernel: CsvRowsKernel | null = null;
  /** Whether roles changed since the kernel last got them. */
  private rolesChanged = true;
  /** Per column, the field licence records carry for a cell whose value no sibling reads. */
  private readonly placeholders: FieldValue[] = [];

  constructor(
    private readonly rows: CsvRows,
    private readonly delimiter: number,
    private readonly maxLine: number,
    private readonly sink: RecordSink,
  ) {}

  text(line: string, lineNumber: number): void {
    this.rows.line(line, lineNumber, this.slow);
    for (const record of this.slow) this.sink.record(record);
    this.slow.length = 0;
  }

  lines(
    buf: Buffer,
    start: number,
    end: number,
    firstLine: number,
    latin1: boolean,
    asText: TextLine,
  ): number {
    let lineNumber = firstLine - 1;
    let s = start;
    let kernel: CsvRowsKernel | null = null;
    while (s < end) {
      if (this.rows.plain) {
        if (kernel === null) {
          kernel = this.kernel ??= acquireKernel();
          kernel.load(buf, start, end);
        }
        if (this.rolesChanged) {
          kernel.setRoles(this.roles);
          this.rolesChanged = false;
        }
        const stop = kernel.countRows(s - start, end - start, this.delimiter, this.maxLine);
        const batch = kernel.batch();
        if (batch) this.handOver(buf, start, batch, lineNumber, latin1);
        lineNumber += kernel.rowsRead;
        s = start + stop;
        if (s >= end) break;
        if (kernel.batchFull) continue;
        if (kernel.unknownColumn >= 0) {
          // A column not seen before: its role, then the same row again.
          this.learnRole(kernel.unknownColumn);
          continue;
        }
      }
      // Not a plain row, or one the kernel does not read: the general path, as text.
      lineNumber++;
      const nl = buf.indexOf(10, s);
      if (nl - s > this.maxLine) {
        asText(buf, s, nl, lineNumber);
      } else {
        const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl;
        this.text(buf.toString(latin1 ? "latin1" : "utf8", s, e), lineNumber);
      }
      s = nl + 1;
    }
    return lineNumber;
  }

  end(): void {
    this.rows.end(this.slow);
    for (const record of this.slow) this.sink.record(record);
    this.slow.length = 0;
    if (!this.kernel) return;
    const counts = new Float64Array(KERNEL_COLUMNS);
    const screened = this.kernel.drain(counts);
    releaseKernel(this.kernel);
    this.kernel = null;
    for (let k = 0; k < counts.length; k++) {
      const n = counts[k] as number;
      if (n > 0) this.sink.count(this.rows.pathFor(k), n);
    }
    if (screened > 0) this.sink.screened(screened);
  }

  /**
   * The kernel's rows with values (their counted cells are counted already), each in turn: its value
   * cells to the sink, then its licence cells with the row as context.
   */
  private handOver(
    buf: Buffer,
    offset: number,
    batch: KernelBatch,
    lineBefore: number,
    latin1: boolean,
  ): void {
    const words = batch.words;
    for (let at = 0; at < batch.length; ) {
      const cells = words[at + 1] as number;
      const first = at + 2;
      const next = first + 3 * cells;
      let licence = false;
      for (let w = first; w < next; w += 3) {
        const flag = (words[w] as number) & 3;
        if (flag === CELL_VALUE) {
          const text = this.decode(buf, latin1, offset, words, w);
          this.sink.value(this.rows.pathFor((words[w] as number) >>> 2), text);
        } else if (flag === CELL_LICENCE) {
          licence = true;
        }
      }
      if (licence)
        this.licenceCells(buf, latin1, offset, words, first, next, lineBefore + (words[at] as number));
      at = next;
    }
  }

  /** The value of the batch cell at words[w] (unquoted). */
  private decode(buf: Buffer, latin1: boolean, offset: number, words: Int32Array, w: number): string {
    const text = spanText(buf, latin1, offset + (words[w + 1] as number), offset + (words[w + 2] as number));
    return text.charCodeAt(0) === 34 ? unquote(text) : text;
  }

  /**
   * The licence cells of a row, each examined with a record of the row as context: the row's
   * non-empty cells (words[first, next)) in order, decoded only where siblings read them
   * (RecordSink.recordField).
   */
  private licenceCells(
    buf: Buffer,
    latin1: boolean,
    offset: number,
    words: Int32Array,
    first: number,
    next: number,
    lineNumber: number,
  ): void {
    const fields: FieldValue[] = [];
    const examined: number[] = [];
    for (let w = first; w < next; w += 3) {
      const k = (words[w] as number) >>> 2;
      const role = this.roles[k] as number;
      const licence = (role & ROLE_BASE) === ROLE_RECORD;
      if (licence) examined.push(fields.length);
      if (licence || (role & ROLE_CONTEXT) !== 0) {
        fields.push({ path: this.rows.pathFor(k), value: this.decode(buf, latin1, offset, words, w) });
      } else {
        // A sibling nothing reads: the column's placeholder, made once (it never changes).
        let placeholder = this.placeholders[k];
        if (placeholder === undefined) {
          placeholder = Object.freeze({ path: this.rows.pathFor(k), value: "" });
          this.placeholders[k] = placeholder;
        }
        fields.push(placeholder);
      }
    }
    const record = { fields, position: lineNumber };
    for (const index of examined) this.sink.recordField(record, index);
  }

  private learnRole(k: number): void {
    if (k >= this.roles.length) {
      const roles = new Int32Array(Math.max(k + 1, this.roles.length * 2)).fill(-1);
      roles.set(this.roles);
      this.roles = roles;
    }
    this.roles[k] = this.sink.role(this.rows.pathFor(k));
    this.rolesChanged = true;
  }
}
