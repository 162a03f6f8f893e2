import type { FieldValue, ReadLimits, ScanRecord } from "../core/index.ts";
import { linesToBatches } from "./lines.ts";
import type { NoteBook } from "./notes.ts";
import { plural } from "./notes.ts";

/** Candidate delimiters, in tie-break order (\x01 is Hive's default field separator). */
export const DELIMITERS = [",", "\t", ";", "|", "\x01"] as const;
const DELIMITER_CODES = DELIMITERS.map((d) => d.charCodeAt(0));

/** Rows used to sniff the delimiter and to decide whether the first row is a header. */
const SAMPLE_ROWS = 50;
const HEADER_SAMPLE_ROWS = 20;
/** A quoted field may span this many lines before its quoting is judged broken. */
const MAX_RECORD_LINES = 10_000;

export interface DelimiterGuess {
  delimiter: string;
  /** Share of sampled rows whose delimiter count equals the most common count. */
  consistency: number;
  /** Most common delimiter count per row (columns - 1). */
  separators: number;
  rows: number;
}

/**
 * Picks the delimiter whose count per row is the most consistent over the first rows of the
 * sample (quoted sections skipped). `complete` says the sample is the whole unit, so its last row
 * counts too. Returns null when no candidate appears at all.
 */
export function sniffDelimiter(sample: string, complete: boolean, preferred?: string): DelimiterGuess | null {
  const perRow: number[][] = DELIMITERS.map(() => []);
  const current = new Array<number>(DELIMITERS.length).fill(0);
  let inQuotes = false;
  let rowHasContent = false;
  let rows = 0;
  const n = sample.length;
  const closeRow = () => {
    if (rowHasContent) {
      for (let k = 0; k < current.length; k++) (perRow[k] as number[]).push(current[k] as number);
      rows++;
    }
    current.fill(0);
    rowHasContent = false;
  };
  for (let i = 0; i < n && rows < SAMPLE_ROWS; i++) {
    const c = sample.charCodeAt(i);
    if (c === 34) {
      inQuotes = !inQuotes;
      rowHasContent = true;
    } else if (inQuotes) {
    } else if (c === 10) {
      closeRow();
    } else if (c !== 13) {
      rowHasContent = true;
      const k = DELIMITER_CODES.indexOf(c);
      if (k >= 0) current[k] = (current[k] as number) + 1;
    }
  }
  if (complete && rows < SAMPLE_ROWS) closeRow();
  if (rows === 0) return null;
  let best: DelimiterGuess | null = null;
  let bestScore = -1;
  DELIMITERS.forEach((delimiter, k) => {
    const counts = perRow[k] as number[];
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0;
    let modeRows = 0;
    for (const [count, seen] of freq) {
      if (seen > modeRows || (seen === modeRows && count > mode)) {
        mode = count;
        modeRows = seen;
      }
    }
    if (mode === 0) return;
    const consistency = modeRows / rows;
    // Consistency decides. A real delimiter also separates the first (header) row the same way, which
    // a decimal comma inside values does not; the preferred delimiter (from the extension) breaks ties.
    const firstRowAgrees = counts[0] === mode ? 5 : 0;
    const score = consistency * 100 + firstRowAgrees + (delimiter === preferred ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = { delimiter, consistency, separators: mode, rows };
    }
  });
  return best;
}

const HEADER_CELL = /^[\p{L}_#][\p{L}\p{N}\p{M}_ .\-#/()&:?%'"[\]]*$/u;

function headerLike(cell: string): boolean {
  const t = cell.trim();
  if (t.length === 0 || t.length > 100 || !HEADER_CELL.test(t)) return false;
  let digits = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits > 3) return false;
  }
  return true;
}

/**
 * The first row is a header when its cells are identifier-like names (letters first, few digits,
 * no long codes) and the data rows are not all like that. A file of names only stays header-less:
 * it cannot hold the digit-bearing values this scanner looks for anyway.
 */
export function detectHeader(rows: readonly (readonly string[])[]): boolean {
  const first = rows[0];
  if (!first || first.length === 0) return false;
  let named = 0;
  for (const cell of first) {
    if (cell.trim().length === 0) continue;
    if (!headerLike(cell)) return false;
    named++;
  }
  if (named === 0 || named * 2 < first.length) return false;
  if (rows.length === 1) return true;
  for (let r = 1; r < rows.length; r++) {
    for (const cell of rows[r] as readonly string[]) {
      if (cell.trim().length > 0 && !headerLike(cell)) return true;
    }
  }
  return false;
}

type RowHandler = (cells: string[], line: number) => void;

/**
 * Delimited rows from lines: a line without quotes is split with `String.split` (fast path);
 * quoted fields ("" escapes, delimiters and newlines inside) take the slow path. A quoted field
 * that stays open for MAX_RECORD_LINES lines or maxLineBytes characters (broken quoting) is noted
 * and its lines are re-read one by one with quotes closed at the end of each line.
 */
export class CsvRowParser {
  private cells: string[] = [];
  private field = "";
  private inQuoted = false;
  private pending: string[] | null = null;
  private pendingChars = 0;
  private startLine = 0;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars: number,
    private readonly onRow: RowHandler,
    private readonly notes: NoteBook,
  ) {}

  line(line: string, lineNumber: number): void {
    if (this.pending) {
      this.pending.push(line);
      this.pendingChars += line.length + 1;
      if (this.pending.length > MAX_RECORD_LINES || this.pendingChars > this.maxRecordChars) {
        this.resync();
        return;
      }
      this.field += "\n";
      if (this.parse(line, 0)) this.complete();
      return;
    }
    if (line.length === 0) return;
    if (line.indexOf('"') === -1) {
      this.onRow(line.split(this.delimiter), lineNumber);
      return;
    }
    this.startLine = lineNumber;
    if (this.parse(line, 0)) {
      this.complete();
    } else {
      this.pending = [line];
      this.pendingChars = line.length;
    }
  }

  end(): void {
    if (this.pending) this.resync();
  }

  /** True while a quoted field is open across lines. */
  get open(): boolean {
    return this.pending !== null;
  }

  private complete(): void {
    const cells = this.cells;
    this.cells = [];
    this.field = "";
    this.pending = null;
    this.pendingChars = 0;
    this.onRow(cells, this.startLine);
  }

  private resync(): void {
    const lines = this.pending ?? [];
    const start = this.startLine;
    this.notes.count(
      "csv-quote",
      "malformed",
      start,
      (count, first) =>
        `${plural(count, "quoted field")} left open (broken quoting, first at line ${first}); lines re-read one by one`,
    );
    this.pending = null;
    this.pendingChars = 0;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k] as string;
      this.cells = [];
      this.field = "";
      this.inQuoted = false;
      if (line.length === 0) continue;
      this.startLine = start + k;
      if (!this.parse(line, 0)) {
        this.inQuoted = false;
        this.cells.push(this.field);
      }
      this.complete();
    }
    this.inQuoted = false;
  }

  /** Parses from `i`; returns false when the line ends inside a quoted field. */
  private parse(line: string, from: number): boolean {
    const d = this.delimiter;
    const n = line.length;
    let i = from;
    while (true) {
      if (!this.inQuoted) {
        if (i < n && line.charCodeAt(i) === 34) {
          this.inQuoted = true;
          this.field = "";
          i++;
        } else {
          const j = line.indexOf(d, i);
          if (j === -1) {
            this.cells.push(line.slice(i));
            return true;
          }
          this.cells.push(line.slice(i, j));
          i = j + 1;
          continue;
        }
      }
      const q = line.indexOf('"', i);
      if (q === -1) {
        this.field += line.slice(i);
        return false;
      }
      if (line.charCodeAt(q + 1) === 34) {
        this.field += line.slice(i, q + 1);
        i = q + 2;
        continue;
      }
      this.field += line.slice(i, q);
      this.inQuoted = false;
      // Characters between a closing quote and the delimiter are kept (lenient, like most readers).
      const j = line.indexOf(d, q + 1);
      if (j === -1) {
        this.cells.push(this.field + line.slice(q + 1));
        this.field = "";
        return true;
      }
      this.cells.push(q + 1 < j ? this.field + line.slice(q + 1, j) : this.field);
      this.field = "";
      i = j + 1;
    }
  }
}

/** Parses the complete rows of a text sample (for header detection while sniffing). */
export function sampleRows(
  sample: string,
  complete: boolean,
  delimiter: string,
  limit: number,
  notes: NoteBook,
): string[][] {
  const rows: string[][] = [];
  const parser = new CsvRowParser(delimiter, Number.POSITIVE_INFINITY, (cells) => rows.push(cells), notes);
  let start = 0;
  while (rows.length < limit) {
    const nl = sample.indexOf("\n", start);
    if (nl === -1) {
      if (complete && start < sample.length) parser.line(trimCr(sample.slice(start)), 0);
      break;
    }
    parser.line(trimCr(sample.slice(start, nl)), 0);
    start = nl + 1;
  }
  if (complete) parser.end();
  return rows.slice(0, limit);
}

const trimCr = (line: string): string => (line.endsWith("\r") ? line.slice(0, -1) : line);

export interface CsvOptions {
  delimiter: string;
  /** true/false to force; "detect" (default) decides from the first rows. */
  header?: boolean | "detect";
}

/** The row logic shared by the text reader and the screening byte reader (header, quoted fields). */
export class CsvRows {
  private readonly names: string[] = [];
  private readonly colNames: string[] = [];
  private headerMode: boolean | "detect";
  private sample: { cells: string[]; line: number }[] | null;
  private first = true;
  private target: ScanRecord[] = [];
  private readonly parser: CsvRowParser;

  constructor(
    readonly delimiter: string,
    header: boolean | "detect",
    limits: ReadLimits,
    notes: NoteBook,
  ) {
    this.headerMode = header;
    this.sample = header === "detect" ? [] : null;
    this.parser = new CsvRowParser(
      delimiter,
      limits.maxLineBytes,
      (cells, line) => {
        if (this.sample) {
          this.sample.push({ cells, line });
          if (this.sample.length >= HEADER_SAMPLE_ROWS) this.flushSample(this.target);
          return;
        }
        this.emit(cells, line, this.target);
      },
      notes,
    );
  }

  pathFor(i: number): string {
    const name = this.names[i];
    if (name) return name;
    let generated = this.colNames[i];
    if (generated === undefined) {
      generated = `col_${i + 1}`;
      this.colNames[i] = generated;
    }
    return generated;
  }

  /** Whether a line without quotes is a plain row (the header is decided, no quoted field is open). */
  get plain(): boolean {
    return this.sample === null && !this.first && !this.parser.open;
  }

  /** Any line through the general parser; its records are pushed to `out`. */
  line(line: string, lineNumber: number, out: ScanRecord[]): void {
    this.target = out;
    this.parser.line(line, lineNumber);
  }

  end(out: ScanRecord[]): void {
    this.target = out;
    this.parser.end();
    this.flushSample(out);
  }

  /** A plain row (no quotes): fields straight from indexOf, no cell array. */
  simpleRow(line: string, lineNumber: number, out: ScanRecord[]): void {
    const delimiter = this.delimiter;
    const fields: FieldValue[] = [];
    let i = 0;
    let k = 0;
    const n = line.length;
    while (true) {
      const j = line.indexOf(delimiter, i);
      const end = j === -1 ? n : j;
      if (end > i) fields.push({ path: this.pathFor(k), value: line.slice(i, end) });
      if (j === -1) break;
      k++;
      i = j + 1;
    }
    if (fields.length > 0) out.push({ fields, position: lineNumber });
  }

  private emit(cells: string[], line: number, out: ScanRecord[]): void {
    if (this.first) {
      this.first = false;
      if (this.headerMode === true) {
        for (const cell of cells) this.names.push(cell.trim());
        return;
      }
    }
    const fields: FieldValue[] = [];
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i] as string;
      if (value.length > 0) fields.push({ path: this.pathFor(i), value });
    }
    if (fields.length > 0) out.push({ fields, position: line });
  }

  private flushSample(out: ScanRecord[]): void {
    if (!this.sample) return;
    const rows = this.sample;
    this.sample = null;
    this.headerMode = detectHeader(rows.map((r) => r.cells));
    for (const row of rows) this.emit(row.cells, row.line, out);
  }
}

/**
 * CSV and other delimited text: one record per row, one field per non-empty cell. The path is the
 * trimmed header name, or `col_N` (1-based) without a header or beyond the header's width.
 * `position` is the line number where the row starts.
 */
export function readCsv(
  chunks: AsyncIterable<string>,
  options: CsvOptions,
  limits: ReadLimits,
  notes: NoteBook,
): AsyncGenerator<ScanRecord[]> {
  const rows = new CsvRows(options.delimiter, options.header ?? "detect", limits, notes);
  return linesToBatches<ScanRecord>(
    chunks,
    limits.maxLineBytes,
    notes,
    (line, lineNumber, out) => {
      if (rows.plain && line.indexOf('"') === -1) {
        if (line.length > 0) rows.simpleRow(line, lineNumber, out);
        return;
      }
      rows.line(line, lineNumber, out);
    },
    (out) => rows.end(out),
  );
}
