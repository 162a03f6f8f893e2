// CSV for a screening sink (see RecordSink in core/records.ts), read from the bytes of the unit.
import {
  type FieldValue,
  type ReadLimits,
  type RecordSink,
  ROLE_BASE,
  ROLE_CONTEXT,
  ROLE_COUNT,
  ROLE_GENERIC,
  ROLE_HITS,
  ROLE_RECORD,
  ROLE_TYPE,
  type ScanRecord,
} from "../core/index.ts";
import { bytesToLines, type TextLine } from "./byte-lines.ts";
import { type CsvOptions, CsvRows } from "./csv.ts";
import {
  acquireKernel,
  CELL_EMPTY,
  CELL_LICENCE,
  CELL_VALUE,
  type CsvRowsKernel,
  type KernelRow,
  releaseKernel,
} from "./csv-rows-kernel.ts";
import type { Utf8Decoder } from "./decode.ts";
import type { NoteBook } from "./notes.ts";
import { CUE_AFTER, hasCue } from "./screen-bytes.ts";

/** Bits beside the ROLE_* flags: a plain row holds a non-empty ROLE_RECORD cell, a non-empty cell. */
const RECORD_SEEN = 64;
const NON_EMPTY = 128;
const QUOTED = 256;

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
 * (no quotes, after the header) are read in one pass over their bytes: cells are delimited, counted
 * per column and screened (digits, licence cues: RecordSink) without becoming strings; only a cell
 * the sink must see is decoded and handed over. A row with a non-empty licence cell, or a generic id
 * beside a type cell that declares it, goes whole to the sink, like the rows of the general path
 * (header sample, quoted fields, lines across chunks), so the outcome is that of readCsv.
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

/** Columns counted through a per-row bit mask; wider rows count the rest one by one. */
const MASK_COLUMNS = 31;

class CsvScreen {
  /** Role per column (ROLE_* bits), -1 until the column is first seen. */
  private roles = new Int32Array(64).fill(-1);
  /** Values counted (not sent) per column, for columns past the mask, and finally for all. */
  private counts = new Float64Array(64);
  /** Rows per mask of counted columns (the masks repeat: a few patterns of empty cells). */
  private readonly masks = new Map<number, number>();
  private lastMask = 0;
  private run = 0;
  /** The cells of the current row to hand to the sink, and counted columns past the mask. */
  private sendStart = new Int32Array(16);
  private sendEnd = new Int32Array(16);
  private sendColumn = new Int32Array(16);
  private wide = new Int32Array(16);
  /** Per column of the current row: non-empty (1); bounds of licence and context cells. */
  private present = new Uint8Array(64);
  private cellStart = new Int32Array(64);
  private cellEnd = new Int32Array(64);
  private screened = 0;
  private readonly slow: ScanRecord[] = [];
  /** The WebAssembly loop over count-only rows (csv-rows-kernel.ts), once the header is decided. */
  private kernel: CsvRowsKernel | null = null;
  /** Whether roles changed since the kernel last got them. */
  private rolesChanged = true;

  constructor(
    private readonly rows: CsvRows,
    private readonly delimiter: number,
    private readonly maxLine: number,
    private readonly sink: RecordSink,
  ) {}

  text(line: string, lineNumber: number): void {
    this.rows.line(line, lineNumber, this.slow);
    this.flushSlow();
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
    let loaded = false;
    while (s < end) {
      if (this.rows.plain) {
        // Count-only rows in the kernel; the row it stops at (if any) is read below.
        if (!loaded) {
          this.kernel ??= acquireKernel();
          this.kernel.load(buf, start, end);
          loaded = true;
        }
        const kernel = this.kernel as CsvRowsKernel;
        if (this.rolesChanged) {
          kernel.setRoles(this.roles);
          this.rolesChanged = false;
        }
        const { stop, rows, values } = kernel.countRows(s - start, end - start, this.delimiter, this.maxLine);
        lineNumber += rows;
        s = start + stop;
        if (values) {
          this.kernelValues(buf, start, values, lineNumber, latin1);
          continue;
        }
        if (s >= end) break;
      }
      lineNumber++;
      let nl = this.rows.plain ? this.plainRow(buf, s, lineNumber, latin1) : -1;
      if (nl < 0) {
        // Not a plain row (header not decided, a quoted field open or in it, longer than the cap).
        nl = buf.indexOf(10, s);
        if (nl - s > this.maxLine) {
          asText(buf, s, nl, lineNumber);
        } else {
          const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl;
          this.text(buf.toString(latin1 ? "latin1" : "utf8", s, e), lineNumber);
        }
      }
      s = nl + 1;
    }
    return lineNumber;
  }

  end(): void {
    this.rows.end(this.slow);
    this.flushSlow();
    this.flushRun();
    const counts = this.counts;
    if (this.kernel) {
      this.screened += this.kernel.drain(counts);
      releaseKernel(this.kernel);
      this.kernel = null;
    }
    for (const [mask, n] of this.masks) {
      for (let k = 0; k < MASK_COLUMNS; k++)
        if ((mask & (1 << k)) !== 0) counts[k] = (counts[k] as number) + n;
    }
    this.masks.clear();
    for (let k = 0; k < counts.length; k++) {
      const n = counts[k] as number;
      if (n > 0) this.sink.count(this.rows.pathFor(k), n);
    }
    counts.fill(0);
    if (this.screened > 0) this.sink.screened(this.screened);
    this.screened = 0;
  }

  private flushSlow(): void {
    for (const record of this.slow) this.sink.record(record);
    this.slow.length = 0;
  }

  private flushRun(): void {
    if (this.run > 0) this.masks.set(this.lastMask, (this.masks.get(this.lastMask) ?? 0) + this.run);
    this.run = 0;
  }

  /**
   * One plain row from buf[s]: returns the index of its newline, or -1 when the row holds a quote or
   * is longer than the cap (nothing kept then). One pass over the bytes finds the cells and, per cell,
   * the screening facts: digit count and licence cue (see screen-bytes.ts). Counted cells only set a
   * bit; cells for the sink are noted; a row with a licence cell is re-read whole.
   */
  private plainRow(buf: Buffer, s: number, lineNumber: number, latin1: boolean): number {
    const d = this.delimiter;
    let roles = this.roles;
    let present = this.present;
    let k = 0;
    let seen = 0;
    let mask = 0;
    let sends = 0;
    let wide = 0;
    let i = s;
    let c = 0;
    for (;;) {
      // One cell from i. Its role picks the loop: only ROLE_HITS cells need the screening facts.
      // Past the roles array (a row wider than any before) the role is unknown too, never "counted".
      let role = k < roles.length ? (roles[k] as number) : -1;
      if (role < 0) {
        role = this.roleOf(k);
        roles = this.roles;
      }
      const base = role & ROLE_BASE;
      const start = i;
      let mayHold = false;
      let empty: boolean;
      if (buf[i] === 34) {
        // A quoted cell (rare: read apart, so this loop stays small).
        i = this.quotedCell(buf, i);
        if (i < 0) return -1; // the quoted field goes on past the line: the general parser reads it
        c = buf[i] as number;
        mayHold = this.quotedMayHold;
        empty = this.quotedEmpty;
        seen |= QUOTED;
      } else {
        if (base === ROLE_HITS) {
          let digits = 0;
          // A loose cue ("dl", "d.", "lic": the letters before are read back when "l", "." or "c"
          // comes) may reach into the previous cell: hasCue confirms within the cell.
          let cue = false;
          if (d < 48) {
            // Comma, tab, \x01: letters (the most frequent bytes) are tested first and need no
            // delimiter test.
            for (; ; i++) {
              c = buf[i] as number;
              if (c >= 65) {
                const l = c | 32;
                if (l === 108) {
                  if (((buf[i - 1] as number) | 32) === 100) cue = true;
                } else if (l === 99) {
                  if (((buf[i - 1] as number) | 32) === 105 && ((buf[i - 2] as number) | 32) === 108)
                    cue = true;
                }
                continue;
              }
              if (c >= 48) {
                if (c <= 57) digits++;
                continue;
              }
              if (c === d || c === 10) break;
              if (c === 34) return -1; // a quote inside a cell: the general parser reads this line
              if (c === 46 && ((buf[i - 1] as number) | 32) === 100) cue = true;
            }
          } else {
            for (; ; i++) {
              c = buf[i] as number;
              if (c <= 57 && c >= 48) {
                digits++;
                continue;
              }
              if (c === d || c === 10) break;
              if (c === 34) return -1; // a quote inside a cell: the general parser reads this line
              const l = c | 32;
              if (l === 108 || l === 46) {
                if (((buf[i - 1] as number) | 32) === 100) cue = true;
              } else if (l === 99) {
                if (((buf[i - 1] as number) | 32) === 105 && ((buf[i - 2] as number) | 32) === 108)
                  cue = true;
              }
            }
          }
          const end = c === 10 && i > start && buf[i - 1] === 13 ? i - 1 : i;
          // The loose cue (dl, d., lic anywhere) is cheap to track here; a cue word at a word start,
          // the rule itself, is then confirmed on the few values with one and a loose cue.
          mayHold = digits >= 9 ? digits < end - start : cue && digits > 0 && hasCue(buf, start, end);
        } else {
          for (; ; i++) {
            c = buf[i] as number;
            if (c === d || c === 10) break;
            if (c === 34) return -1;
          }
        }
        empty = !(i > start && !(c === 10 && i - 1 === start && buf[start] === 13));
      }
      if (k === present.length) {
        this.growCells();
        present = this.present;
      }
      if (!empty) {
        const end = c === 10 && buf[i - 1] === 13 ? i - 1 : i;
        present[k] = 1;
        if (base === ROLE_COUNT || (base === ROLE_HITS && !mayHold)) {
          if (k < MASK_COLUMNS) mask |= 1 << k;
          else wide = this.noteWide(wide, k);
        } else if (base === ROLE_RECORD) {
          seen |= RECORD_SEEN;
        } else {
          sends = this.noteSend(sends, k, start, end);
        }
        if (base === ROLE_RECORD || (role & ROLE_CONTEXT) !== 0) {
          this.cellStart[k] = start;
          this.cellEnd[k] = end;
        }
        seen |= role | NON_EMPTY;
      } else {
        present[k] = 0;
      }
      if (c === 10) break;
      k++;
      i++;
    }
    if (i - s > this.maxLine) return -1;
    if ((seen & NON_EMPTY) === 0) return i;
    const encoding = latin1 ? "latin1" : "utf8";
    if ((seen & ROLE_GENERIC) !== 0 && (seen & ROLE_TYPE) !== 0) {
      // A generic id beside a type cell: re-read whole, as readCsv does, and when the type declares
      // the id (DL, SSN) the row goes to the sink as a record.
      const e = buf[i - 1] === 13 ? i - 1 : i;
      const line = buf.toString(encoding, s, e);
      if ((seen & QUOTED) !== 0) this.rows.line(line, lineNumber, this.slow);
      else this.rows.simpleRow(line, lineNumber, this.slow);
      const record = this.slow[0];
      this.slow.length = 0;
      if (record !== undefined && this.declared(record)) {
        this.sink.record(record);
        return i;
      }
    }
    this.screened++;
    if (mask !== this.lastMask) {
      this.flushRun();
      this.lastMask = mask;
    }
    this.run++;
    for (let w = 0; w < wide; w++) {
      const col = this.wide[w] as number;
      this.counts[col] = (this.counts[col] as number) + 1;
    }
    for (let n = 0; n < sends; n++) {
      const col = this.sendColumn[n] as number;
      const text = buf.toString(encoding, this.sendStart[n], this.sendEnd[n]);
      this.sink.value(this.rows.pathFor(col), text.charCodeAt(0) === 34 ? unquote(text) : text);
    }
    if ((seen & RECORD_SEEN) !== 0)
      this.licenceCells(buf, encoding, k + 1, lineNumber, this.present, this.cellStart, this.cellEnd, 0);
    return i;
  }

  /** A row the kernel read, with values for the sink: handed over as plainRow would (counts are done). */
  private kernelValues(
    buf: Buffer,
    offset: number,
    row: KernelRow,
    lineNumber: number,
    latin1: boolean,
  ): void {
    const encoding = latin1 ? "latin1" : "utf8";
    const { flags, starts, ends } = row;
    let licence = false;
    for (let k = 0; k < row.count; k++) {
      const flag = flags[k] as number;
      if (flag === CELL_VALUE) {
        const text = buf.toString(encoding, offset + (starts[k] as number), offset + (ends[k] as number));
        this.sink.value(this.rows.pathFor(k), text.charCodeAt(0) === 34 ? unquote(text) : text);
      } else if (flag === CELL_LICENCE) {
        licence = true;
      }
    }
    if (licence) this.licenceCells(buf, encoding, row.count, lineNumber, flags, starts, ends, offset);
  }

  /** Facts of the last quoted cell (quotedCell). */
  private quotedMayHold = false;
  private quotedEmpty = false;

  /**
   * A quoted cell at buf[i] === '"' ("" is a quote; text after the closing quote is kept, as the
   * parser does): returns the index of the byte that ends it (delimiter or newline), or -1 when the
   * quoted field goes on past the line. The screening facts are those of the value (quotes that are
   * not part of it are skipped; the loose cue stands for the cue, a superset).
   */
  private quotedCell(buf: Buffer, i: number): number {
    const d = this.delimiter;
    const cueAfter = CUE_AFTER;
    let digits = 0;
    let cue = false;
    let p1 = 0;
    let p2 = 0;
    let length = 0;
    let open = true;
    let c = 0;
    for (i++; ; i++) {
      c = buf[i] as number;
      if (c === 10) {
        if (open) return -1;
        break;
      }
      if (open && c === 34) {
        if (buf[i + 1] !== 34) {
          open = false;
          continue;
        }
        i++;
      } else if (!open && c === d) {
        break;
      }
      length++;
      if (c <= 57 && c >= 48) {
        digits++;
        p2 = p1;
        p1 = c;
        continue;
      }
      const l = c | 32;
      if (!cue && cueAfter[p1] === 1) {
        cue = (p1 === 100 && (l === 108 || l === 46)) || (p1 === 105 && p2 === 108 && l === 99);
      }
      p2 = p1;
      p1 = l;
    }
    if (c === 10 && buf[i - 1] === 13) length--; // the line's "\r" (after the closing quote) is not the value's
    this.quotedMayHold = (digits >= 9 && digits < length) || (cue && digits > 0);
    this.quotedEmpty = length === 0;
    return i;
  }

  /**
   * The licence cells of a row, each examined with a record of the row as context: the row's
   * non-empty cells in order, decoded only where siblings read them (RecordSink.recordField).
   */
  private licenceCells(
    buf: Buffer,
    encoding: BufferEncoding,
    cells: number,
    lineNumber: number,
    present: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    offset: number,
  ): void {
    const fields: FieldValue[] = [];
    const examined: number[] = [];
    for (let k = 0; k < cells; k++) {
      if (present[k] === CELL_EMPTY) continue;
      const role = this.roles[k] as number;
      const licence = (role & ROLE_BASE) === ROLE_RECORD;
      let value = "";
      if (licence || (role & ROLE_CONTEXT) !== 0) {
        const text = buf.toString(encoding, offset + (starts[k] as number), offset + (ends[k] as number));
        value = text.charCodeAt(0) === 34 ? unquote(text) : text;
      }
      if (licence) examined.push(fields.length);
      fields.push({ path: this.rows.pathFor(k), value });
    }
    const record = { fields, position: lineNumber };
    for (const index of examined) this.sink.recordField(record, index);
  }

  private growCells(): void {
    const n = this.present.length * 2;
    const present = new Uint8Array(n);
    present.set(this.present);
    this.present = present;
    this.cellStart = grown(this.cellStart);
    this.cellEnd = grown(this.cellEnd);
  }

  private noteSend(sends: number, k: number, start: number, end: number): number {
    if (sends === this.sendStart.length) {
      this.sendStart = grown(this.sendStart);
      this.sendEnd = grown(this.sendEnd);
      this.sendColumn = grown(this.sendColumn);
    }
    this.sendStart[sends] = start;
    this.sendEnd[sends] = end;
    this.sendColumn[sends] = k;
    return sends + 1;
  }

  private noteWide(wide: number, k: number): number {
    if (wide === this.wide.length) this.wide = grown(this.wide);
    this.wide[wide] = k;
    return wide + 1;
  }

  /** Whether a generic id field shares its parent path with a type field whose value declares a kind. */
  private declared(record: ScanRecord): boolean {
    const fields = record.fields;
    for (const g of fields) {
      if (g.path === null || (this.sink.role(g.path) & ROLE_GENERIC) === 0) continue;
      for (const t of fields) {
        if (t === g || t.path === null || (this.sink.role(t.path) & ROLE_TYPE) === 0) continue;
        if (parentOf(t.path) === parentOf(g.path) && this.sink.declaresKind(t.value)) return true;
      }
    }
    return false;
  }

  private roleOf(k: number): number {
    if (k >= this.roles.length) {
      const roles = new Int32Array(Math.max(k + 1, this.roles.length * 2)).fill(-1);
      roles.set(this.roles);
      this.roles = roles;
      const counts = new Float64Array(roles.length);
      counts.set(this.counts);
      this.counts = counts;
    }
    const role = this.sink.role(this.rows.pathFor(k));
    this.roles[k] = role;
    this.rolesChanged = true;
    return role;
  }
}

const parentOf = (path: string): string => {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? "" : path.slice(0, dot);
};

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
