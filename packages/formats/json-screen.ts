// JSON lines for a screening sink (see RecordSink in core/records.ts), read from the bytes of the unit.
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
import { instantiateWasm, wasmBytes } from "../core/wasm.ts";
import { bytesToLines, type TextLine } from "./byte-lines.ts";
import type { Utf8Decoder } from "./decode.ts";
import { JsonLineReader } from "./json.ts";
import type { NoteBook } from "./notes.ts";
import { hasCue } from "./screen-bytes.ts";
import { spanText } from "./span-text.ts";
import { WASM_BASE64 } from "./wasm/json-screen.wasm.ts";

/** Lines with more values than this take the general parser (which splits huge records). */
const MAX_VALUES = 4096;
/** Deeper nesting takes the general parser (the skimmer recurses). */
const MAX_DEPTH = 64;
/** JsonRecordParser refuses longer number tokens. */
const MAX_TOKEN = 512;

/**
 * readJsonLines for a screening sink, over the bytes of a UTF-8/Latin-1 unit (see bytesToLines). A
 * line holding one JSON object is skimmed in one pass over its bytes: keys are matched against the
 * keys of earlier lines (paths are interned), values are screened (digits, licence cues: RecordSink)
 * and counted per path without becoming strings; only the values the sink must see are decoded.
 * Anything unusual (escapes, a top-level array or scalar, several values, bad syntax), a licence
 * value or a generic id beside a type that declares it sends the line to the general parser and
 * its records whole to the sink, so the outcome is that of readJsonLines. The skim runs in
 * WebAssembly (wasm/json-screen.c, see wasmLines); the JS skimmer below is its reference and takes
 * the lines the module leaves.
 */
export function screenJsonLines(
  chunks: AsyncIterable<Buffer>,
  decoder: Utf8Decoder,
  limits: ReadLimits,
  notes: NoteBook,
  sink: RecordSink,
  /** Where lines are skimmed: WebAssembly (wasm/json-screen.c), or JS only (the reference, for tests). */
  skimmer: "wasm" | "js" = "wasm",
): AsyncGenerator<ScanRecord[]> {
  const reader = new JsonLineReader(limits, notes);
  const screen = new JsonLinesScreen(reader, limits.maxLineBytes, sink, skimmer === "wasm");
  return bytesToLines(chunks, decoder, limits.maxLineBytes, notes, screen, () => screen.end());
}

/** One path of the unit: values of `key` under the parent's path; array elements keep the path. */
class PathNode {
  readonly children = new Map<string, PathNode>();
  /** The key predicted first in an object at this path, and after this key among its siblings. */
  first: PathNode | null = null;
  following: PathNode | null = null;
  /** Values counted (not sent). */
  count = 0;
  /** A generic id with a type field under the same parent path somewhere in the unit (see declared). */
  typed = false;
  /** The key's bytes when ASCII (then the same in UTF-8 and Latin-1), for matching without decoding. */
  readonly keyBytes: Buffer | null;
  /** The field licence records carry for a value of this path no sibling reads (it never changes). */
  readonly placeholder: FieldValue;

  constructor(
    readonly key: string,
    /** The field path as readers report it (null for the root and for an empty path). */
    readonly path: string | null,
    readonly role: number,
    /** Path up to the last dot (for generic ids and their type siblings). */
    readonly parent: string,
    /** The node's number (the root is 0; see JsonLinesScreen.nodeOf). */
    readonly id: number,
  ) {
    this.keyBytes = /^[\x20-\x7e]*$/.test(key) ? Buffer.from(key, "latin1") : null;
    this.placeholder = Object.freeze({ path, value: "" });
  }
}

class JsonLinesScreen {
  private readonly root = new PathNode("", null, ROLE_COUNT, "", 0);
  private readonly nodes: PathNode[] = [];
  private readonly slow: ScanRecord[] = [];
  private screened = 0;
  // The line being skimmed, and its values: node, byte span, whether it goes to the sink.
  private buf: Buffer = Buffer.alloc(0);
  private i = 0;
  private e = 0;
  private latin1 = true;
  private n = 0;
  private seen = 0;
  private wasm: WasmSkimmer | null = null;
  /** A generic id became typed while the line was skimmed (see pairTyped). */
  private typedLate = false;
  private valueNode: PathNode[] = [];
  private valueStart = new Int32Array(256);
  private valueEnd = new Int32Array(256);
  private valueSend = new Uint8Array(256);

  constructor(
    private readonly reader: JsonLineReader,
    private readonly maxLine: number,
    private readonly sink: RecordSink,
    /** Whether lines are skimmed by WebAssembly (an instance taken at the first chunk, given back at end). */
    private readonly useWasm: boolean,
  ) {}

  text(line: string, lineNumber: number): void {
    this.reader.line(line, lineNumber, this.slow);
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
    this.buf = buf;
    this.latin1 = latin1;
    if (this.useWasm) {
      this.wasm ??= WasmSkimmer.take();
      return this.wasmLines(this.wasm, start, end, firstLine, asText);
    }
    let lineNumber = firstLine - 1;
    let s = start;
    while (s < end) {
      lineNumber++;
      const nl = buf.indexOf(10, s);
      const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (nl - s > this.maxLine) asText(buf, s, nl, lineNumber);
      else if (e > s && !this.skimLine(s, e, lineNumber))
        this.text(buf.toString(latin1 ? "latin1" : "utf8", s, e), lineNumber);
      s = nl + 1;
    }
    return lineNumber;
  }

  end(): void {
    const wasm = this.wasm;
    for (const node of this.nodes) {
      if (wasm !== null) node.count += wasm.takeCount(node.id);
      if (node.count > 0) this.sink.count(node.path, node.count);
      node.count = 0;
    }
    if (wasm !== null) {
      this.screened += wasm.takeScreened();
      this.wasm = null;
      wasm.giveBack();
    }
    if (this.screened > 0) this.sink.screened(this.screened);
    this.screened = 0;
  }

  /** Skims one line; false sends it to the general parser (nothing of it was kept). */
  private skimLine(s: number, e: number, lineNumber: number): boolean {
    this.i = s;
    this.e = e;
    this.n = 0;
    this.seen = 0;
    this.typedLate = false;
    this.skipSpace();
    if (this.buf[this.i] !== 123 || !this.object(this.root, 0)) return false;
    this.skipSpace();
    if (this.i !== e) return false;
    return this.finishLine(lineNumber);
  }

  /**
   * A line whose values are in value*: hands them to the sink (or counts them). False sends the line
   * to the general parser (a generic id declared by a type sibling; nothing of it was kept).
   */
  private finishLine(lineNumber: number): boolean {
    const n = this.n;
    if (n === 0) return true; // no field: no record, as readJsonLines
    if (this.typedLate) {
      this.typedLate = false;
      for (let k = 0; k < n; k++) if ((this.valueNode[k] as PathNode).typed) this.seen |= SEEN_TYPED;
    }
    if ((this.seen & (SEEN_TYPED | ROLE_TYPE)) === (SEEN_TYPED | ROLE_TYPE) && this.declared()) return false;
    this.screened++;
    for (let k = 0; k < n; k++) {
      const node = this.valueNode[k] as PathNode;
      if (this.valueSend[k] === 1) {
        this.sink.value(
          node.path,
          spanText(this.buf, this.latin1, this.valueStart[k] as number, this.valueEnd[k] as number),
        );
      } else if ((node.role & ROLE_BASE) !== ROLE_RECORD) {
        node.count++;
      }
    }
    if ((this.seen & SEEN_RECORD) !== 0) this.licenceValues(lineNumber);
    return true;
  }

  /**
   * The licence values of a line, each examined with a record of the line as context: all its
   * values in order, decoded only where siblings read them (RecordSink.recordField).
   */
  private licenceValues(lineNumber: number): void {
    const fields: FieldValue[] = [];
    const examined: number[] = [];
    for (let k = 0; k < this.n; k++) {
      const node = this.valueNode[k] as PathNode;
      const licence = (node.role & ROLE_BASE) === ROLE_RECORD;
      const real = licence || (node.role & ROLE_CONTEXT) !== 0;
      if (licence) examined.push(k);
      fields.push(
        real
          ? {
              path: node.path,
              value: spanText(
                this.buf,
                this.latin1,
                this.valueStart[k] as number,
                this.valueEnd[k] as number,
              ),
            }
          : node.placeholder,
      );
    }
    const record = { fields, position: lineNumber };
    for (const index of examined) this.sink.recordField(record, index);
  }

  /** An object at buf[i] === "{" whose keys are children of `node`. */
  private object(node: PathNode, depth: number): boolean {
    if (depth >= MAX_DEPTH) return false;
    const buf = this.buf;
    this.i++;
    this.skipSpace();
    if (buf[this.i] === 125) {
      this.i++;
      return true;
    }
    let predicted = node.first;
    let previous: PathNode | null = null;
    for (;;) {
      if (buf[this.i] !== 34) return false;
      const ks = this.i + 1;
      let child: PathNode;
      let j: number;
      const bytes = predicted?.keyBytes;
      if (predicted && bytes && buf[ks + bytes.length] === 34 && sameBytes(buf, ks, bytes)) {
        // The key the previous line had here (keys never hold quotes or backslashes).
        child = predicted;
        j = ks + bytes.length;
      } else {
        const e = this.e;
        for (j = ks; j < e; j++) {
          const c = buf[j] as number;
          if (c === 34) break;
          if (c === 92) return false; // an escape: the general parser decodes it
        }
        if (j >= e) return false;
        child = this.child(node, buf.toString(this.latin1 ? "latin1" : "utf8", ks, j));
        if (previous === null) node.first = child;
        else previous.following = child;
      }
      this.i = j + 1;
      this.skipSpace();
      if (buf[this.i] !== 58) return false;
      this.i++;
      this.skipSpace();
      if (!this.value(child, depth)) return false;
      this.skipSpace();
      const c = buf[this.i];
      this.i++;
      if (c === 125) return true;
      if (c !== 44) return false;
      this.skipSpace();
      previous = child;
      predicted = child.following;
    }
  }

  /** An array at buf[i] === "[": its elements keep the path of `node`. */
  private array(node: PathNode, depth: number): boolean {
    if (depth >= MAX_DEPTH) return false;
    const buf = this.buf;
    this.i++;
    this.skipSpace();
    if (buf[this.i] === 93) {
      this.i++;
      return true;
    }
    for (;;) {
      if (!this.value(node, depth)) return false;
      this.skipSpace();
      const c = buf[this.i];
      this.i++;
      if (c === 93) return true;
      if (c !== 44) return false;
      this.skipSpace();
    }
  }

  /** A value at buf[i] for the path of `node`. */
  private value(node: PathNode, depth: number): boolean {
    const buf = this.buf;
    const e = this.e;
    const c = buf[this.i] as number;
    if (c === 34) {
      // A string: one pass for its end and its screening facts: digits, and a loose licence cue
      // ("dl", "d.", "lic": the letters before are read back when "l", "." or "c" comes; hasCue
      // confirms within the value).
      const start = this.i + 1;
      let digits = 0;
      let cue = false;
      let j = start;
      for (; j < e; j++) {
        const b = buf[j] as number;
        if (b >= 65) {
          if (b === 92) return false; // an escape: the general parser decodes it
          const l = b | 32;
          if (l === 108) {
            if (((buf[j - 1] as number) | 32) === 100) cue = true;
          } else if (l === 99) {
            if (((buf[j - 1] as number) | 32) === 105 && ((buf[j - 2] as number) | 32) === 108) cue = true;
          }
          continue;
        }
        if (b >= 48) {
          if (b <= 57) digits++;
          continue;
        }
        if (b === 34) break;
        if (b === 46 && ((buf[j - 1] as number) | 32) === 100) cue = true;
      }
      if (j >= e) return false;
      this.i = j + 1;
      if (j > start) {
        // A loose cue (dl, d., lic anywhere) is confirmed by a cue word at a word start (hasCue).
        const mayHold = digits >= 9 ? digits < j - start : cue && digits > 0 && hasCue(buf, start, j);
        return this.add(node, start, j, mayHold);
      }
      return true;
    }
    if (c === 123) return this.object(node, depth + 1);
    if (c === 91) return this.array(node, depth + 1);
    if (c === 45 || (c >= 48 && c <= 57)) {
      const start = this.i;
      const end = numberEnd(buf, start, e);
      if (end < 0) return false;
      this.i = end;
      let digits = 0;
      for (let k = start; k < end; k++) if ((buf[k] as number) <= 57 && (buf[k] as number) >= 48) digits++;
      return this.add(node, start, end, digits >= 9 && digits < end - start);
    }
    // true, false, null: no value (JsonRecordParser skips them), but exactly those words.
    const word = c === 116 ? TRUE : c === 102 ? FALSE : c === 110 ? NULL : null;
    if (word === null || this.i + word.length > e || !sameBytes(buf, this.i, word)) return false;
    const after = buf[this.i + word.length] as number;
    if (this.i + word.length < e && after >= 97 && after <= 122) return false;
    this.i += word.length;
    return true;
  }

  private add(node: PathNode, start: number, end: number, mayHold: boolean): boolean {
    const k = this.n;
    if (k >= MAX_VALUES) return false;
    if (k === this.valueStart.length) this.grow();
    this.valueNode[k] = node;
    this.valueStart[k] = start;
    this.valueEnd[k] = end;
    const role = node.role;
    const base = role & ROLE_BASE;
    this.valueSend[k] =
      base === ROLE_RECORD || base === ROLE_COUNT || (base === ROLE_HITS && !mayHold) ? 0 : 1;
    this.seen |=
      (base === ROLE_RECORD ? SEEN_RECORD : 0) | (node.typed ? SEEN_TYPED : 0) | (role & ROLE_TYPE);
    this.n = k + 1;
    return true;
  }

  /** Whether a generic id value shares its parent path with a type value that declares a kind. */
  private declared(): boolean {
    const encoding = this.latin1 ? "latin1" : "utf8";
    for (let g = 0; g < this.n; g++) {
      const generic = this.valueNode[g] as PathNode;
      if ((generic.role & ROLE_GENERIC) === 0) continue;
      for (let t = 0; t < this.n; t++) {
        const type = this.valueNode[t] as PathNode;
        if (t === g || (type.role & ROLE_TYPE) === 0 || type.parent !== generic.parent) continue;
        if (this.sink.declaresKind(this.buf.toString(encoding, this.valueStart[t], this.valueEnd[t])))
          return true;
      }
    }
    return false;
  }

  private child(node: PathNode, key: string): PathNode {
    let child = node.children.get(key);
    if (child === undefined) {
      const path = node.path === null ? key : `${node.path}.${key}`;
      child = new PathNode(
        key,
        path.length > 0 ? path : null,
        this.sink.role(path.length > 0 ? path : null),
        parentOf(path),
        this.nodes.length + 1,
      );
      node.children.set(key, child);
      this.nodes.push(child);
      this.pairTyped(child);
    }
    return child;
  }

  /** Marks generic ids that share their parent path with a type field (only their lines need declared). */
  private pairTyped(node: PathNode): void {
    if ((node.role & (ROLE_GENERIC | ROLE_TYPE)) === 0) return;
    for (const other of this.nodes) {
      if (other.parent !== node.parent) continue;
      if ((node.role & ROLE_TYPE) !== 0 && (other.role & ROLE_GENERIC) !== 0 && !other.typed) {
        other.typed = true;
        this.wasm?.setTyped(other.id);
        // A value of it may already be in the line: finishLine reads the flag again.
        this.typedLate = true;
      }
      if ((node.role & ROLE_GENERIC) !== 0 && (other.role & ROLE_TYPE) !== 0) node.typed = true;
    }
  }

  /** The node numbered `id` (see PathNode.id). */
  private nodeOf(id: number): PathNode {
    return id === 0 ? this.root : (this.nodes[id - 1] as PathNode);
  }

  /**
   * The lines of buf[start, end) skimmed by WebAssembly (wasm/json-screen.c): lines that need
   * nothing but counts stay there; the rest comes back in order (see handOut), and a key the module
   * does not know yet is named here (child) before it starts that line again.
   */
  private wasmLines(
    wasm: WasmSkimmer,
    start: number,
    end: number,
    firstLine: number,
    asText: TextLine,
  ): number {
    const buf = this.buf;
    wasm.load(buf, start, end);
    let from = 0;
    let line = firstLine;
    for (;;) {
      const status = wasm.scan(from, end - start, line, this.latin1, this.maxLine);
      const result = wasm.result;
      this.handOut(wasm, start, result[3] as number, asText);
      from = result[1] as number;
      line = result[2] as number;
      if (status === SCAN_DONE) return line;
      if (status !== SCAN_NEED_KEY) continue;
      const parent = this.nodeOf(result[5] as number);
      const key = buf.toString(
        this.latin1 ? "latin1" : "utf8",
        start + (result[6] as number),
        start + (result[7] as number),
      );
      const child = this.child(parent, key);
      if (wasm.define(child)) continue;
      // The module's tables are full: this line is skimmed here.
      const s = start + from;
      const nl = start + (result[4] as number);
      const e = nl > s && buf[nl - 1] === 13 ? nl - 1 : nl;
      if (!this.skimLine(s, e, line)) this.text(buf.toString(this.latin1 ? "latin1" : "utf8", s, e), line);
      from = nl + 1 - start;
      line++;
    }
  }

  /** What the module wrote for the JS side (OUT_* in wasm/json-screen.c), positions from `start`. */
  private handOut(wasm: WasmSkimmer, start: number, length: number, asText: TextLine): void {
    const out = wasm.out;
    const buf = this.buf;
    const encoding = this.latin1 ? "latin1" : "utf8";
    let o = 0;
    while (o < length) {
      const kind = out[o] as number;
      const line = out[o + 1] as number;
      if (kind === OUT_SEND) {
        const n = out[o + 2] as number;
        o += 3;
        for (let k = 0; k < n; k++, o += 3) {
          const node = this.nodeOf(out[o] as number);
          this.sink.value(
            node.path,
            spanText(buf, this.latin1, start + (out[o + 1] as number), start + (out[o + 2] as number)),
          );
        }
      } else if (kind === OUT_FULL) {
        const s = start + (out[o + 2] as number);
        const e = start + (out[o + 3] as number);
        const n = out[o + 4] as number;
        o += 5;
        this.n = 0;
        this.seen = 0;
        for (let k = 0; k < n; k++, o += 4) {
          if (k === this.valueStart.length) this.grow();
          const node = this.nodeOf(out[o] as number);
          const base = node.role & ROLE_BASE;
          this.valueNode[k] = node;
          this.valueStart[k] = start + (out[o + 1] as number);
          this.valueEnd[k] = start + (out[o + 2] as number);
          this.valueSend[k] = out[o + 3] as number;
          this.seen |=
            (base === ROLE_RECORD ? SEEN_RECORD : 0) |
            (node.typed ? SEEN_TYPED : 0) |
            (node.role & ROLE_TYPE);
        }
        this.n = n;
        if (!this.finishLine(line)) this.text(buf.toString(encoding, s, e), line);
      } else {
        const s = start + (out[o + 2] as number);
        const e = start + (out[o + 3] as number);
        o += 4;
        if (kind === OUT_TEXT) asText(buf, s, e, line);
        else if (!this.skimLine(s, e, line)) this.text(buf.toString(encoding, s, e), line);
      }
    }
  }

  private skipSpace(): void {
    const buf = this.buf;
    let i = this.i;
    while (i < this.e) {
      const c = buf[i];
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
      i++;
    }
    this.i = i;
  }

  private grow(): void {
    const n = this.valueStart.length * 2;
    const starts = new Int32Array(n);
    starts.set(this.valueStart);
    this.valueStart = starts;
    const ends = new Int32Array(n);
    ends.set(this.valueEnd);
    this.valueEnd = ends;
    const send = new Uint8Array(n);
    send.set(this.valueSend);
    this.valueSend = send;
  }
}

const SEEN_RECORD = 64;
/** A line holds a generic id whose parent path has a type field in the unit. */
const SEEN_TYPED = 128;
const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");
const NULL = Buffer.from("null");

const parentOf = (path: string): string => {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? "" : path.slice(0, dot);
};

function sameBytes(buf: Buffer, at: number, bytes: Buffer): boolean {
  for (let k = 0; k < bytes.length; k++) if (buf[at + k] !== bytes[k]) return false;
  return true;
}

/**
 * End of a JSON number token at buf[start], or -1 when the token is not a valid number (as
 * JsonRecordParser reads it: number characters, then -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?).
 */
function numberEnd(buf: Buffer, start: number, e: number): number {
  let end = start;
  while (end < e) {
    const c = buf[end] as number;
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) end++;
    else break;
  }
  if (end - start > MAX_TOKEN) return -1;
  let i = start;
  if (buf[i] === 45) i++;
  if (buf[i] === 48) i++;
  else if ((buf[i] as number) >= 49 && (buf[i] as number) <= 57) {
    while (i < end && (buf[i] as number) >= 48 && (buf[i] as number) <= 57) i++;
  } else return -1;
  if (i < end && buf[i] === 46) {
    i++;
    const digitsFrom = i;
    while (i < end && (buf[i] as number) >= 48 && (buf[i] as number) <= 57) i++;
    if (i === digitsFrom) return -1;
  }
  if (i < end && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    if (i < end && (buf[i] === 43 || buf[i] === 45)) i++;
    const digitsFrom = i;
    while (i < end && (buf[i] as number) >= 48 && (buf[i] as number) <= 57) i++;
    if (i === digitsFrom) return -1;
  }
  return i === end ? end : -1;
}

// The module's scan results and out records (see wasm/json-screen.c).
const SCAN_DONE = 0;
const SCAN_NEED_KEY = 2;
const OUT_TEXT = 1;
const OUT_SEND = 3;
const OUT_FULL = 4;
/** Instances kept per thread for the next units. */
const IDLE_SKIMMERS = 4;

/**
 * An instance of wasm/json-screen.c: one unit's paths and counts while the unit is read, then reset
 * and kept for the next unit of the thread (units read at once each have their own).
 */
class WasmSkimmer {
  private static readonly idle: WasmSkimmer[] = [];

  static take(): WasmSkimmer {
    return WasmSkimmer.idle.pop() ?? new WasmSkimmer();
  }

  giveBack(): void {
    this.exports.reset();
    if (WasmSkimmer.idle.length < IDLE_SKIMMERS) WasmSkimmer.idle.push(this);
  }

  private readonly exports: SkimmerExports;
  private readonly heapBase: number;
  private bytes: Uint8Array;
  out: Int32Array = new Int32Array(0);
  result: Int32Array = new Int32Array(0);

  constructor() {
    const instance = instantiateWasm("json-screen", WASM_BASE64);
    this.exports = instance.exports as unknown as SkimmerExports;
    this.heapBase = this.exports.__heap_base.value;
    this.bytes = wasmBytes(this.exports.memory, 0);
    this.views();
  }

  /** Copies buf[start, end) to the module (then 16 readable bytes after it: the module reads ahead). */
  load(buf: Buffer, start: number, end: number): void {
    const bytes = wasmBytes(this.exports.memory, this.heapBase + end - start + 16);
    if (bytes.buffer !== this.bytes.buffer) {
      this.bytes = bytes;
      this.views();
    }
    bytes.set(buf.subarray(start, end), this.heapBase);
  }

  scan(from: number, end: number, line: number, latin1: boolean, maxLine: number): number {
    // A line in one chunk is shorter than 2 GiB: a larger cap is the same as this one (an i32).
    return this.exports.scan(this.heapBase, from, end, line, latin1 ? 1 : 0, Math.min(maxLine, 0x7fffffff));
  }

  /** Names the pending key's node; false when the module's tables are full. */
  define(node: PathNode): boolean {
    return this.exports.define(node.id, node.role, node.typed ? 1 : 0) === 1;
  }

  setTyped(node: number): void {
    this.exports.set_typed(node, 1);
  }

  takeCount(node: number): number {
    return this.exports.take_count(node) >>> 0;
  }

  takeScreened(): number {
    return this.exports.take_screened() >>> 0;
  }

  private views(): void {
    const buffer = this.exports.memory.buffer;
    this.out = new Int32Array(buffer, this.exports.out_ptr(), this.exports.out_capacity());
    this.result = new Int32Array(buffer, this.exports.result_ptr(), 8);
  }
}

interface SkimmerExports {
  memory: WebAssembly.Memory;
  __heap_base: { readonly value: number };
  scan(input: number, from: number, end: number, line: number, latin1: number, maxLine: number): number;
  define(node: number, role: number, typed: number): number;
  set_typed(node: number, typed: number): void;
  take_count(node: number): number;
  take_screened(): number;
  reset(): void;
  out_ptr(): number;
  out_capacity(): number;
  result_ptr(): number;
}
