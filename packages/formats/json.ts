import type { FieldValue, ReadLimits, ScanRecord } from "../core/index.ts";
import { MAX_RECORD_FIELDS } from "./constants.ts";
import { JsonSyntaxError } from "./errors.ts";
import { linesToBatches } from "./lines.ts";
import type { NoteBook } from "./notes.ts";
import { plural } from "./notes.ts";

/**
 * How top-level values become records.
 * - `document`: a collection element (an object or array inside an array that is not itself
 *   inside an element) is one record; everything else of the document (scalars of the root and
 *   of wrapper objects) forms the root record, flushed at the end of the document, or between
 *   members of the root once it holds ROOT_FLUSH_FIELDS fields.
 * - `value`: each top-level value is one record (JSON lines).
 */
export type JsonRecordMode = "document" | "value";

const ROOT_FLUSH_FIELDS = 256;

enum State {
  Value = 0,
  ValueOrClose = 1,
  KeyOrClose = 2,
  Key = 3,
  Colon = 4,
  CommaOrClose = 5,
  DocEnd = 6,
}

enum Lex {
  None = 0,
  String = 1,
  Escape = 2,
  Number = 3,
  Literal = 4,
}

const OBJ = 0;
const ARR = 1;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * A streaming JSON parser over decoded text chunks that emits flattened records directly (no
 * intermediate objects): paths are dotted keys with array indices dropped, null and booleans are
 * skipped, numbers keep their digits as written. Memory is bounded: a string value longer than
 * `maxString` characters is truncated (noted), a record is flushed at MAX_RECORD_FIELDS fields.
 * Several top-level values in a row are accepted (JSON lines given as one document).
 */
export class JsonRecordParser {
  /** Records produced since the caller last drained it. */
  out: ScanRecord[] = [];
  private kinds: number[] = [];
  private paths: string[] = [];
  private key = "";
  private state: State = State.Value;
  private lex: Lex = Lex.None;
  private str = "";
  private strTruncated = false;
  private strIsKey = false;
  private esc = "";
  private tok = "";
  private base = 0;
  private backslash = -1;
  private elemDepth = -1;
  private elemFields: FieldValue[] = [];
  private rootFields: FieldValue[] = [];
  private records = 0;

  constructor(
    private readonly mode: JsonRecordMode,
    private readonly maxString: number,
    private readonly notes: NoteBook,
  ) {}

  /** Records emitted so far (their positions are 1..records). */
  get recordCount(): number {
    return this.records;
  }

  /** Clears all state (after an error, or between JSON lines). */
  reset(): void {
    this.kinds.length = 0;
    this.paths.length = 0;
    this.key = "";
    this.state = State.Value;
    this.lex = Lex.None;
    this.str = "";
    this.tok = "";
    this.esc = "";
    this.elemDepth = -1;
    this.elemFields = [];
    this.rootFields = [];
  }

  /** Sets the record number the next record gets (JSON lines use the line number). */
  setPosition(next: number): void {
    this.records = next - 1;
  }

  write(text: string): void {
    const n = text.length;
    this.backslash = text.indexOf("\\");
    let i = 0;
    if (this.lex !== Lex.None) i = this.resume(text);
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }
      if (c === 34) {
        if (this.state === State.Key || this.state === State.KeyOrClose) this.strIsKey = true;
        else if (this.isValueState()) this.strIsKey = false;
        else throw this.error("unexpected string", i);
        this.str = "";
        this.strTruncated = false;
        this.lex = Lex.String;
        i = this.scanString(text, i + 1);
      } else if (c === 123 || c === 91) {
        this.open(c === 123 ? OBJ : ARR, i);
        i++;
      } else if (c === 125 || c === 93) {
        this.close(c === 125 ? OBJ : ARR, i);
        i++;
      } else if (c === 58) {
        if (this.state !== State.Colon) throw this.error("unexpected ':'", i);
        this.state = State.Value;
        i++;
      } else if (c === 44) {
        if (this.state !== State.CommaOrClose) throw this.error("unexpected ','", i);
        this.state = this.kinds[this.kinds.length - 1] === OBJ ? State.Key : State.Value;
        i++;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        if (!this.isValueState()) throw this.error("unexpected number", i);
        this.lex = Lex.Number;
        this.tok = "";
        i = this.scanToken(text, i);
      } else if (c === 116 || c === 102 || c === 110) {
        if (!this.isValueState()) throw this.error("unexpected literal", i);
        this.lex = Lex.Literal;
        this.tok = "";
        i = this.scanToken(text, i);
      } else {
        throw this.error("unexpected character", i);
      }
    }
    this.base += n;
  }

  /** Ends the input: throws when a value is left open; flushes the last records. */
  end(): void {
    if (this.lex === Lex.Number || this.lex === Lex.Literal) this.finishToken(this.base);
    if (this.lex !== Lex.None) throw this.error("unterminated string", this.base);
    if (this.kinds.length > 0) throw this.error("unexpected end of input", this.base);
    this.flushRoot();
  }

  /** After an error: emits the fields collected so far (the partial element and root record). */
  flushPartial(): void {
    this.flushElement();
    this.flushRoot();
  }

  private isValueState(): boolean {
    return (
      this.state === State.Value ||
      this.state === State.ValueOrClose ||
      (this.state === State.DocEnd && this.kinds.length === 0)
    );
  }

  private error(what: string, at: number): JsonSyntaxError {
    return new JsonSyntaxError(this.base + at, what);
  }

  private resume(text: string): number {
    switch (this.lex) {
      case Lex.String:
        return this.scanString(text, 0);
      case Lex.Escape: {
        const i = this.scanEscape(text, 0);
        return i < 0 ? text.length : this.scanString(text, i);
      }
      default:
        return this.scanToken(text, 0);
    }
  }

  private append(text: string, from: number, to: number): void {
    if (this.strTruncated || to <= from) return;
    const room = this.maxString - this.str.length;
    if (to - from > room) {
      this.str += text.slice(from, from + room);
      this.strTruncated = true;
    } else {
      this.str += text.slice(from, to);
    }
  }

  private scanString(text: string, from: number): number {
    const n = text.length;
    let i = from;
    while (true) {
      const q = text.indexOf('"', i);
      if (this.backslash !== -1 && this.backslash < i) this.backslash = text.indexOf("\\", i);
      const bs = this.backslash;
      if (bs !== -1 && (q === -1 || bs < q)) {
        this.append(text, i, bs);
        this.lex = Lex.Escape;
        this.esc = "";
        const next = this.scanEscape(text, bs + 1);
        if (next < 0) return n;
        i = next;
        continue;
      }
      if (q === -1) {
        this.append(text, i, n);
        this.lex = Lex.String;
        return n;
      }
      this.append(text, i, q);
      this.finishString(q);
      return q + 1;
    }
  }

  /** Collects an escape after a backslash; returns the index after it, or -1 if the chunk ended. */
  private scanEscape(text: string, from: number): number {
    const n = text.length;
    let i = from;
    while (i < n) {
      this.esc += text[i];
      i++;
      const e = this.esc;
      if (e[0] !== "u" || e.length === 5) {
        let decoded: string | undefined;
        if (e[0] === "u") {
          decoded = /^u[0-9a-fA-F]{4}$/.test(e)
            ? String.fromCharCode(Number.parseInt(e.slice(1), 16))
            : undefined;
        } else {
          decoded = ESCAPES[e];
        }
        if (decoded === undefined) throw this.error("invalid escape", i - 1);
        if (!this.strTruncated) {
          if (this.str.length < this.maxString) this.str += decoded;
          else this.strTruncated = true;
        }
        this.lex = Lex.String;
        return i;
      }
    }
    return -1;
  }

  private finishString(at: number): void {
    this.lex = Lex.None;
    const value = this.str;
    this.str = "";
    if (this.strTruncated) {
      const max = this.maxString;
      this.notes.count(
        "json-long-string",
        "line-too-long",
        this.base + at,
        (count, first) =>
          `${plural(count, "JSON string")} longer than ${max} characters truncated to that length (first ending at character ${first})`,
      );
    }
    if (this.strIsKey) {
      this.key = value;
      this.state = State.Colon;
    } else {
      this.scalar(value.length > 0 ? value : null);
    }
  }

  private scanToken(text: string, from: number): number {
    const n = text.length;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      const tokenChar =
        this.lex === Lex.Number
          ? (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69
          : c >= 97 && c <= 122;
      if (!tokenChar) break;
      i++;
    }
    if (this.tok.length + (i - from) > 512) throw this.error("token too long", i);
    this.tok += text.slice(from, i);
    if (i < n) this.finishToken(this.base + i);
    return i;
  }

  private finishToken(at: number): void {
    const tok = this.tok;
    const lex = this.lex;
    this.tok = "";
    this.lex = Lex.None;
    if (lex === Lex.Number) {
      if (!NUMBER.test(tok)) throw new JsonSyntaxError(at, "invalid number");
      this.scalar(tok);
    } else {
      if (tok !== "true" && tok !== "false" && tok !== "null")
        throw new JsonSyntaxError(at, "invalid literal");
      this.scalar(null);
    }
  }

  private childPath(): string {
    const depth = this.kinds.length;
    if (depth === 0) return "";
    const top = depth - 1;
    const parent = this.paths[top] as string;
    if (this.kinds[top] === ARR) return parent;
    return parent.length > 0 ? `${parent}.${this.key}` : this.key;
  }

  private afterValue(): void {
    this.state = this.kinds.length === 0 ? State.DocEnd : State.CommaOrClose;
  }

  private scalar(value: string | null): void {
    const depth = this.kinds.length;
    if (value !== null) {
      const path = this.childPath();
      const field: FieldValue = { path: path.length > 0 ? path : null, value };
      if (depth === 0) {
        this.emit([field]);
      } else if (this.elemDepth !== -1) {
        this.elemFields.push(field);
        if (this.elemFields.length >= MAX_RECORD_FIELDS) this.flushElement();
      } else if (this.mode === "document" && depth === 1 && this.kinds[0] === ARR) {
        this.emit([field]);
      } else {
        this.rootFields.push(field);
        if (this.rootFields.length >= MAX_RECORD_FIELDS) this.flushRoot();
      }
    }
    this.afterValue();
  }

  private open(kind: number, at: number): void {
    if (!this.isValueState()) throw this.error(kind === OBJ ? "unexpected '{'" : "unexpected '['", at);
    const depth = this.kinds.length;
    const path = this.childPath();
    if (this.mode === "document" && this.elemDepth === -1 && depth > 0 && this.kinds[depth - 1] === ARR) {
      this.elemDepth = depth;
    }
    this.kinds.push(kind);
    this.paths.push(path);
    this.state = kind === OBJ ? State.KeyOrClose : State.ValueOrClose;
  }

  private close(kind: number, at: number): void {
    const depth = this.kinds.length;
    const ok =
      depth > 0 &&
      this.kinds[depth - 1] === kind &&
      (this.state === State.CommaOrClose ||
        (kind === OBJ && this.state === State.KeyOrClose) ||
        (kind === ARR && this.state === State.ValueOrClose));
    if (!ok) throw this.error(kind === OBJ ? "unexpected '}'" : "unexpected ']'", at);
    this.kinds.pop();
    this.paths.pop();
    const now = depth - 1;
    if (now === this.elemDepth) {
      this.flushElement();
      this.elemDepth = -1;
    } else if (now === 1 && this.elemDepth === -1 && this.rootFields.length >= ROOT_FLUSH_FIELDS) {
      this.flushRoot();
    }
    if (now === 0) this.flushRoot();
    this.afterValue();
  }

  private flushElement(): void {
    if (this.elemFields.length > 0) {
      this.emit(this.elemFields);
      this.elemFields = [];
    }
  }

  private flushRoot(): void {
    if (this.rootFields.length > 0) {
      this.emit(this.rootFields);
      this.rootFields = [];
    }
  }

  private emit(fields: FieldValue[]): void {
    this.records++;
    this.out.push({ fields, position: this.records });
  }
}

/**
 * A JSON document (or several concatenated), streamed: see JsonRecordMode "document" for the
 * record granularity. Invalid JSON ends the read with a `malformed` note after yielding the
 * records (and partial record) parsed before it.
 */
export async function* readJson(
  chunks: AsyncIterable<string>,
  limits: ReadLimits,
  notes: NoteBook,
): AsyncGenerator<ScanRecord[]> {
  const parser = new JsonRecordParser("document", limits.maxLineBytes, notes);
  const take = (): ScanRecord[] => {
    const out = parser.out;
    parser.out = [];
    return out;
  };
  try {
    for await (const text of chunks) {
      // Small batches keep records young for the garbage collector (see linesToBatches).
      for (let at = 0; at < text.length; at += 64 * 1024) {
        parser.write(text.length <= 64 * 1024 ? text : text.slice(at, at + 64 * 1024));
        if (parser.out.length > 0) yield take();
      }
    }
    parser.end();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    notes.add("malformed", `malformed JSON (${error.message}); records before it were read`);
    parser.flushPartial();
  }
  if (parser.out.length > 0) yield take();
}

/**
 * JSON lines: one record per non-empty line (the whole value flattened). A line that is not valid
 * JSON is counted in one `malformed` note and still scanned as free text (path null).
 */
export function readJsonLines(
  chunks: AsyncIterable<string>,
  limits: ReadLimits,
  notes: NoteBook,
): AsyncGenerator<ScanRecord[]> {
  const reader = new JsonLineReader(limits, notes);
  return linesToBatches<ScanRecord>(chunks, limits.maxLineBytes, notes, (line, lineNumber, out) =>
    reader.line(line, lineNumber, out),
  );
}

/** One line of JSON lines through the general parser: its records, or a free-text record and a note. */
export class JsonLineReader {
  private readonly parser: JsonRecordParser;

  constructor(
    private readonly limits: ReadLimits,
    private readonly notes: NoteBook,
  ) {
    this.parser = new JsonRecordParser("value", limits.maxLineBytes, notes);
  }

  line(line: string, lineNumber: number, out: ScanRecord[]): void {
    if (line.length === 0) return;
    const parser = this.parser;
    parser.out = out;
    parser.setPosition(lineNumber);
    const before = out.length;
    try {
      parser.write(line);
      parser.end();
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      parser.reset();
      out.length = before;
      if (isBlank(line)) return;
      out.push({ fields: [{ path: null, value: line }], position: lineNumber });
      // A line cut by the line-length cap is already noted as such.
      const truncated = line.length >= this.limits.maxLineBytes;
      if (truncated) return;
      this.notes.count(
        "jsonl-malformed",
        "malformed",
        lineNumber,
        (count, first) =>
          `${plural(count, "line")} not valid JSON (first at line ${first}); scanned as free text`,
      );
    }
  }
}

const isBlank = (line: string): boolean => line.trim().length === 0;
