import type { FieldValue, ReadLimits, ScanRecord } from "../core/index.ts";
import { MAX_RECORD_FIELDS } from "./constants.ts";
import { FormatError } from "./errors.ts";
import { linesToBatches } from "./lines.ts";
import type { NoteBook } from "./notes.ts";
import { plural } from "./notes.ts";

const IDENT = String.raw`(?:\x60(?:[^\x60]|\x60\x60)+\x60|"(?:[^"]|"")+"|\[[^\]]+\]|[\w$]+)`;
const QUALIFIED = String.raw`${IDENT}(?:\s*\.\s*${IDENT})*`;
const INSERT_START = /^(?:INSERT|REPLACE)\b/i;
const INSERT_HEADER = new RegExp(
  String.raw`^(?:INSERT|REPLACE)\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?(${QUALIFIED})\s*(?:\(([^)]*)\)\s*)?VALUES?\s*`,
  "i",
);
const COPY_START = new RegExp(String.raw`^COPY\s+(${QUALIFIED})\s*(?:\(([^)]*)\))?\s*FROM\s+stdin`, "i");
const CREATE_START = new RegExp(
  String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMPORARY|TEMP|UNLOGGED)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${QUALIFIED})`,
  "i",
);
const IDENT_GLOBAL = new RegExp(IDENT, "g");
const NOT_COLUMNS = new Set([
  "PRIMARY",
  "KEY",
  "UNIQUE",
  "CONSTRAINT",
  "INDEX",
  "FOREIGN",
  "CHECK",
  "FULLTEXT",
  "SPATIAL",
  "EXCLUDE",
  "LIKE",
  "PERIOD",
]);
const MYSQL_ESCAPES: Record<string, string> = { "0": "\0", n: "\n", r: "\r", t: "\t", Z: "\x1a", b: "\b" };
/** A statement header (before VALUES) longer than this is not an INSERT ... VALUES we can read. */
const MAX_HEADER_CHARS = 64 * 1024;
const MAX_CREATE_CHARS = 1024 * 1024;

/** Removes identifier quoting: "x", `x`, [x]. */
export function unquoteIdent(ident: string): string {
  const t = ident.trim();
  const first = t[0];
  if (t.length >= 2) {
    if (first === '"' && t.endsWith('"')) return t.slice(1, -1).replaceAll('""', '"');
    if (first === "`" && t.endsWith("`")) return t.slice(1, -1).replaceAll("``", "`");
    if (first === "[" && t.endsWith("]")) return t.slice(1, -1);
  }
  return t;
}

/** The last segment of a qualified name (schema.table → table), unquoted. */
function tableName(qualified: string): string {
  const parts = qualified.match(IDENT_GLOBAL) ?? [qualified];
  return unquoteIdent(parts[parts.length - 1] as string);
}

function columnList(list: string): string[] {
  return (list.match(IDENT_GLOBAL) ?? []).map(unquoteIdent);
}

function unescapeCopy(cell: string): string {
  return cell.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g, (_, oct, hex, ch) => {
    if (oct) return String.fromCharCode(Number.parseInt(oct, 8));
    if (hex) return String.fromCharCode(Number.parseInt(hex, 16));
    return { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" }[ch as string] ?? ch;
  });
}

/** Top-level comma split of a CREATE TABLE body into column names (constraints dropped). */
function createTableColumns(statement: string): string[] | null {
  const open = statement.indexOf("(");
  if (open === -1) return null;
  const columns: string[] = [];
  let depth = 0;
  let quote = "";
  let start = open + 1;
  const take = (end: number) => {
    const item = statement.slice(start, end).trim();
    const m = new RegExp(`^${IDENT}`).exec(item);
    if (m && !NOT_COLUMNS.has(m[0].toUpperCase())) columns.push(unquoteIdent(m[0]));
  };
  for (let i = open + 1; i < statement.length; i++) {
    const c = statement[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"' || c === "`") {
      quote = c;
    } else if (c === "(") {
      depth++;
    } else if (c === ")") {
      if (depth === 0) {
        take(i);
        return columns;
      }
      depth--;
    } else if (c === "," && depth === 0) {
      take(i);
      start = i + 1;
    }
  }
  return null;
}

/** Thrown inside the tuple parser on unexpected text. */
class SqlSyntax extends FormatError {}

interface Insert {
  table: string;
  columns: string[] | null;
}

enum Mode {
  Idle = 0,
  Insert = 1,
  Copy = 2,
  Create = 3,
}

/**
 * SQL dumps, line by line with statement buffering:
 * - `INSERT INTO [schema.]table (cols) VALUES (...), (...);` → one record per tuple, paths
 *   `table.column` (identifiers unquoted, schema dropped). Without a column list the columns of
 *   an earlier `CREATE TABLE` of the dump are used when the count matches, else paths are null.
 * - `COPY table (cols) FROM stdin;` → tab-separated rows (with COPY escapes, \N = null) until `\.`.
 * - Every other line (DDL, comments, SET…) → a free-text record (path null), so nothing is missed.
 * Strings: '' escapes; backslash escapes too for MySQL dumps (backtick identifiers, "MySQL dump"
 * header) and E'...' strings. A statement that cannot be parsed is noted and kept as free text.
 */
class SqlParser {
  private mode: Mode = Mode.Idle;
  private readonly tables = new Map<string, string[]>();
  private backslashes = false;
  private buf = "";
  private pos = 0;
  private bufBackslash = -1;
  private insert: Insert | null = null;
  private expectTuple = true;
  private startLine = 0;
  private copy: Insert | null = null;
  private create: { table: string; text: string } | null = null;

  constructor(
    private readonly maxStatement: number,
    private readonly notes: NoteBook,
  ) {}

  line(line: string, lineNumber: number, out: ScanRecord[]): void {
    switch (this.mode) {
      case Mode.Insert:
        this.setBuf(this.buf.length > this.pos ? `${this.buf.slice(this.pos)}\n${line}` : line);
        this.parseInsert(lineNumber, out);
        return;
      case Mode.Copy:
        this.copyRow(line, lineNumber, out);
        return;
      case Mode.Create:
        this.createLine(line, lineNumber, out);
        return;
      default:
        this.dispatch(line, lineNumber, out);
    }
  }

  end(out: ScanRecord[]): void {
    if (this.mode === Mode.Insert) {
      const rest = this.buf.slice(this.pos);
      if (rest.trim().length > 0) {
        this.malformed("not terminated", this.startLine);
        out.push(freeText(rest, this.startLine));
      }
    }
    this.mode = Mode.Idle;
  }

  private setBuf(text: string): void {
    this.buf = text;
    this.pos = 0;
    this.bufBackslash = text.indexOf("\\");
  }

  private dispatch(text: string, lineNumber: number, out: ScanRecord[]): void {
    const t = text.trimStart();
    if (t.length === 0) return;
    if (INSERT_START.test(t)) {
      this.mode = Mode.Insert;
      this.insert = null;
      this.expectTuple = true;
      this.startLine = lineNumber;
      this.setBuf(t);
      this.parseInsert(lineNumber, out);
      return;
    }
    const copy = COPY_START.exec(t);
    if (copy) {
      const table = tableName(copy[1] as string);
      this.copy = {
        table,
        columns: copy[2] ? columnList(copy[2]) : (this.tables.get(table.toLowerCase()) ?? null),
      };
      this.mode = Mode.Copy;
      return;
    }
    out.push(freeText(text, lineNumber));
    if (t.startsWith("--") && /(?:MySQL|MariaDB) dump/i.test(t)) this.backslashes = true;
    const create = CREATE_START.exec(t);
    if (create) {
      if ((create[1] as string).includes("`")) this.backslashes = true;
      this.create = { table: tableName(create[1] as string), text: "" };
      this.mode = Mode.Create;
      this.createText(t);
    }
  }

  private createLine(line: string, lineNumber: number, out: ScanRecord[]): void {
    if (line.length > 0) out.push(freeText(line, lineNumber));
    this.createText(line);
  }

  private createText(text: string): void {
    const create = this.create as { table: string; text: string };
    create.text += `${text}\n`;
    const columns = createTableColumns(create.text);
    if (columns) {
      if (columns.length > 0) this.tables.set(create.table.toLowerCase(), columns);
      this.mode = Mode.Idle;
      this.create = null;
    } else if (create.text.length > MAX_CREATE_CHARS || /;\s*$/.test(text)) {
      this.mode = Mode.Idle;
      this.create = null;
    }
  }

  private copyRow(line: string, lineNumber: number, out: ScanRecord[]): void {
    if (line === "\\.") {
      this.mode = Mode.Idle;
      this.copy = null;
      return;
    }
    const { table, columns } = this.copy as Insert;
    const cells = line.split("\t");
    const fields: FieldValue[] = [];
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k] as string;
      if (cell.length === 0 || cell === "\\N") continue;
      const column = columns?.[k];
      fields.push({
        path: column ? `${table}.${column}` : null,
        value: cell.includes("\\") ? unescapeCopy(cell) : cell,
      });
    }
    if (fields.length > 0) out.push({ fields, position: lineNumber });
  }

  private parseInsert(lineNumber: number, out: ScanRecord[]): void {
    if (!this.insert) {
      const m = INSERT_HEADER.exec(this.buf);
      if (!m) {
        const statementEnded = /;\s*$/.test(this.buf) || /\bSELECT\b/i.test(this.buf);
        if (statementEnded || this.buf.length > MAX_HEADER_CHARS) {
          // INSERT ... SELECT, or something else: keep it as free text.
          out.push(freeText(this.buf, this.startLine));
          this.mode = Mode.Idle;
        }
        return;
      }
      const qualified = m[1] as string;
      if (qualified.includes("`")) this.backslashes = true;
      const table = tableName(qualified);
      let columns = m[2] !== undefined ? columnList(m[2]) : null;
      if (!columns) columns = this.tables.get(table.toLowerCase()) ?? null;
      this.insert = { table, columns };
      this.pos = m[0].length;
    }
    try {
      this.tuples(lineNumber, out);
    } catch (error) {
      if (!(error instanceof SqlSyntax)) throw error;
      this.malformed("could not be parsed", this.startLine);
      out.push(freeText(this.buf.slice(this.pos), lineNumber));
      this.mode = Mode.Idle;
      return;
    }
    if (this.mode === Mode.Insert && this.buf.length - this.pos > this.maxStatement) {
      this.malformed(`has a value tuple longer than ${this.maxStatement} characters`, this.startLine);
      out.push(freeText(this.buf.slice(this.pos, this.pos + this.maxStatement), lineNumber));
      this.mode = Mode.Idle;
    }
  }

  private malformed(what: string, line: number): void {
    this.notes.count(
      `sql-${what}`,
      "malformed",
      line,
      (count, first) =>
        `${plural(count, "SQL statement")} ${what} (first at line ${first}); kept as free text`,
    );
  }

  /** Parses tuples from `pos`; leaves `pos` at the first unconsumed character when more input is needed. */
  private tuples(lineNumber: number, out: ScanRecord[]): void {
    const buf = this.buf;
    const n = buf.length;
    while (true) {
      const i = skipSpace(buf, this.pos);
      if (i >= n) {
        this.pos = i;
        return;
      }
      const c = buf.charCodeAt(i);
      if (this.expectTuple) {
        if (c !== 40) throw new SqlSyntax("expected a value tuple");
        const values = this.tuple(i + 1);
        if (!values) {
          this.pos = i;
          return;
        }
        this.emitTuple(values.values, lineNumber, out);
        this.pos = values.end;
        this.expectTuple = false;
        continue;
      }
      if (c === 44) {
        this.pos = i + 1;
        this.expectTuple = true;
        continue;
      }
      if (c === 59) {
        this.statementDone(i + 1, lineNumber, out);
        return;
      }
      // ON DUPLICATE KEY UPDATE …, RETURNING …: scan to the end of the statement, keep as free text.
      const end = this.statementEnd(i);
      if (end === -1) {
        this.pos = i;
        return;
      }
      out.push(freeText(buf.slice(i, end), lineNumber));
      this.statementDone(end + 1, lineNumber, out);
      return;
    }
  }

  private statementDone(next: number, lineNumber: number, out: ScanRecord[]): void {
    const rest = this.buf.slice(next);
    this.mode = Mode.Idle;
    this.insert = null;
    this.setBuf("");
    if (rest.trim().length > 0) this.dispatch(rest, lineNumber, out);
  }

  /** Index of the `;` ending the statement from `from` (outside strings), or -1. */
  private statementEnd(from: number): number {
    const buf = this.buf;
    for (let i = from; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 59) return i;
      if (c === 39 || c === 34) {
        const s = this.quoted(i, c, false);
        if (!s) return -1;
        i = s.end - 1;
      }
    }
    return -1;
  }

  private emitTuple(values: (string | null)[], lineNumber: number, out: ScanRecord[]): void {
    const { table, columns } = this.insert as Insert;
    const named = columns !== null && columns.length === values.length;
    const fields: FieldValue[] = [];
    for (let k = 0; k < values.length && fields.length < MAX_RECORD_FIELDS; k++) {
      const value = values[k];
      if (value === null || value === undefined) continue;
      fields.push({ path: named ? `${table}.${(columns as string[])[k]}` : null, value });
    }
    if (fields.length > 0) out.push({ fields, position: lineNumber });
  }

  /** Parses the values of a tuple whose `(` is before `from`; null when the buffer ends first. */
  private tuple(from: number): { values: (string | null)[]; end: number } | null {
    const buf = this.buf;
    const n = buf.length;
    const values: (string | null)[] = [];
    let i = from;
    while (true) {
      i = skipSpace(buf, i);
      if (i >= n) return null;
      let depth = 0;
      let str: string | null = null;
      const start = i;
      let end = -1;
      let closesTuple = false;
      while (end === -1) {
        if (i >= n) return null;
        const c = buf.charCodeAt(i);
        if (c === 39 || c === 34) {
          const prev = i > start ? buf.charCodeAt(i - 1) : 0;
          const s = this.quoted(i, c, prev === 69 || prev === 101);
          if (!s) return null;
          str = str === null ? s.value : str + s.value;
          i = s.end;
        } else if (c === 40) {
          depth++;
          i++;
        } else if (c === 41) {
          if (depth === 0) {
            end = i;
            closesTuple = true;
          } else {
            depth--;
          }
          i++;
        } else if (c === 44 && depth === 0) {
          end = i;
          i++;
        } else {
          i++;
        }
      }
      if (str !== null) {
        values.push(str.length > 0 ? str : null);
      } else {
        const raw = buf.slice(start, end).trim();
        values.push(raw.length === 0 || /^(?:NULL|DEFAULT|TRUE|FALSE)$/i.test(raw) ? null : raw);
      }
      if (closesTuple) return { values, end: i };
    }
  }

  /** A quoted string at `at`; null when the buffer ends before it closes (or right at a quote). */
  private quoted(at: number, quote: number, forceBackslash: boolean): { value: string; end: number } | null {
    const buf = this.buf;
    const n = buf.length;
    const q = quote === 39 ? "'" : '"';
    const backslashes = this.backslashes || forceBackslash;
    let value = "";
    let i = at + 1;
    while (true) {
      const j = buf.indexOf(q, i);
      if (j === -1) return null;
      if (backslashes && this.bufBackslash !== -1) {
        if (this.bufBackslash < i) this.bufBackslash = buf.indexOf("\\", i);
        const k = this.bufBackslash;
        if (k !== -1 && k < j) {
          if (k + 1 >= n) return null;
          const e = buf[k + 1] as string;
          value += buf.slice(i, k) + (MYSQL_ESCAPES[e] ?? e);
          i = k + 2;
          continue;
        }
      }
      if (j + 1 >= n) return null;
      if (buf.charCodeAt(j + 1) === quote) {
        value += buf.slice(i, j + 1);
        i = j + 2;
        continue;
      }
      value += buf.slice(i, j);
      return { value, end: j + 1 };
    }
  }
}

function skipSpace(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

const freeText = (value: string, position: number): ScanRecord => ({
  fields: [{ path: null, value }],
  position,
});

export function readSql(
  chunks: AsyncIterable<string>,
  limits: ReadLimits,
  notes: NoteBook,
): AsyncGenerator<ScanRecord[]> {
  const parser = new SqlParser(limits.maxLineBytes, notes);
  return linesToBatches<ScanRecord>(
    chunks,
    limits.maxLineBytes,
    notes,
    (line, lineNumber, out) => parser.line(line, lineNumber, out),
    (out) => parser.end(out),
  );
}
