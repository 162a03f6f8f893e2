import { type Format, UnitReadError } from "../core/index.ts";
import { BINARY_SAMPLE_BYTES } from "./constants.ts";
import { DELIMITERS, detectHeader, sampleRows, sniffDelimiter } from "./csv.ts";
import type { TextEncodingName } from "./decode.ts";
import { NoteBook } from "./notes.ts";

/** The extension hint of a name: lower-case, `.gz` peeled off (data.csv.gz → csv). */
export function extensionOf(name: string): { ext: string; gz: boolean } {
  const base = name.slice(name.lastIndexOf("/") + 1).toLowerCase();
  let rest = base;
  let gz = false;
  if (rest.endsWith(".gz") || rest.endsWith(".gzip")) {
    gz = true;
    rest = rest.slice(0, rest.lastIndexOf("."));
  }
  const dot = rest.lastIndexOf(".");
  return { ext: dot > 0 ? rest.slice(dot + 1) : "", gz };
}

const startsWith = (head: Buffer, bytes: readonly number[]): boolean =>
  head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Known non-text containers: [magic, reason, what]. */
const SIGNATURES: [number[], "binary" | "unsupported-format", string][] = [
  [[0x89, 0x50, 0x4e, 0x47], "binary", "PNG image"],
  [[0xff, 0xd8, 0xff], "binary", "JPEG image"],
  [ascii("GIF8"), "binary", "GIF image"],
  [ascii("%PDF-"), "binary", "PDF document"],
  [[0x50, 0x4b, 0x03, 0x04], "binary", "ZIP archive (or Office document)"],
  [[0x50, 0x4b, 0x05, 0x06], "binary", "ZIP archive"],
  [[0xd0, 0xcf, 0x11, 0xe0], "binary", "OLE document"],
  [[0x7f, 0x45, 0x4c, 0x46], "binary", "ELF executable"],
  [ascii("SQLite format 3"), "binary", "SQLite database"],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "unsupported-format", "7z archive"],
  [ascii("Rar!"), "unsupported-format", "RAR archive"],
  [[0x28, 0xb5, 0x2f, 0xfd], "unsupported-format", "zstd compression"],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "unsupported-format", "xz compression"],
  [[0x04, 0x22, 0x4d, 0x18], "unsupported-format", "LZ4 compression"],
  [ascii("Obj\x01"), "unsupported-format", "Avro container"],
  [ascii("ORC"), "unsupported-format", "ORC file"],
];

/** Throws for images, archives, executables and unsupported compressions. */
export function rejectKnownBinary(head: Buffer): void {
  for (const [magic, reason, what] of SIGNATURES) {
    if (startsWith(head, magic)) throw new UnitReadError(reason, `content is a ${what}`);
  }
  const level = head[3] ?? 0;
  if (
    head.length >= 4 &&
    head[0] === 0x42 &&
    head[1] === 0x5a &&
    head[2] === 0x68 &&
    level >= 0x31 &&
    level <= 0x39
  ) {
    throw new UnitReadError("unsupported-format", "content is bzip2 compression");
  }
}

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** UTF-8 BOM bytes to skip (UTF-16 decoders drop their own BOM). */
  skip: number;
}

/**
 * BOMs first (UTF-8, UTF-16 LE/BE; UTF-32 and other BOMs are refused), then UTF-16 without BOM
 * from alternating NULs, then a binary check of the first 8 KiB: NULs or control characters that
 * are not text. Everything else is UTF-8, with a per-chunk Latin-1 fallback in the decoder.
 */
export function detectEncoding(head: Buffer): EncodingGuess {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", skip: 3 };
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) {
    throw new UnitReadError("unknown-encoding", "UTF-32 text is not supported");
  }
  if (startsWith(head, [0xff, 0xfe])) return { encoding: "utf-16le", skip: 0 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: "utf-16be", skip: 0 };
  if (startsWith(head, [0x2b, 0x2f, 0x76]) || startsWith(head, [0xdd, 0x73, 0x66, 0x73])) {
    throw new UnitReadError("unknown-encoding", "UTF-7 or UTF-EBCDIC text is not supported");
  }
  if (startsWith(head, [0x84, 0x31, 0x95, 0x33])) {
    throw new UnitReadError("unknown-encoding", "GB18030 text is not supported");
  }
  const n = Math.min(head.length, BINARY_SAMPLE_BYTES);
  const zerosByLane = new Uint32Array(4);
  let zeros = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] as number;
    if (b === 0) {
      zeros++;
      zerosByLane[i & 3] = (zerosByLane[i & 3] ?? 0) + 1;
    } else if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27 && b > 3) {
      controls++;
    }
  }
  if (zeros > 0 && n >= 8) {
    const lane = n / 4;
    const [z0 = 0, z1 = 0, z2 = 0, z3 = 0] = zerosByLane;
    if (z1 + z2 + z3 > 2.7 * lane && z0 < 0.1 * lane) {
      throw new UnitReadError("unknown-encoding", "UTF-32 (little-endian) text is not supported");
    }
    if (z0 + z1 + z2 > 2.7 * lane && z3 < 0.1 * lane) {
      throw new UnitReadError("unknown-encoding", "UTF-32 (big-endian) text is not supported");
    }
    const half = n / 2;
    const oddZeros = z1 + z3;
    const evenZeros = z0 + z2;
    if (oddZeros > 0.7 * half && evenZeros < 0.05 * half) return { encoding: "utf-16le", skip: 0 };
    if (evenZeros > 0.7 * half && oddZeros < 0.05 * half) return { encoding: "utf-16be", skip: 0 };
  }
  if (zeros > n / 1000 || controls > n * 0.03) {
    throw new UnitReadError("binary", "content is binary (NUL or control bytes in the first 8 KiB)");
  }
  return { encoding: "utf-8", skip: 0 };
}

/** Whether a sample starts like a JSON document: `{"`, `{}`, `[` then a value or newline. */
function looksLikeJsonStart(t: string): boolean {
  return /^\{\s*(?:"|\}|$)/.test(t) || /^\[\s*(?:[{["\]]|$)/.test(t) || /^\[\s*\n/.test(t);
}

/**
 * JSON or JSON lines, or null. Several complete lines that each parse as an object/array → jsonl;
 * one line that parses, or a document start (pretty-printed, or one line longer than the sample) → json.
 */
export function sniffJson(text: string, complete: boolean, preferLines = false): "json" | "jsonl" | null {
  const t = text.trimStart();
  const c = t[0];
  if (c !== "{" && c !== "[") return null;
  const lines: string[] = [];
  let start = 0;
  while (lines.length < 20) {
    const nl = t.indexOf("\n", start);
    if (nl === -1) {
      if (complete && start < t.length) lines.push(t.slice(start));
      break;
    }
    lines.push(t.slice(start, nl));
    start = nl + 1;
  }
  const nonEmpty = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  let parsed = 0;
  for (const line of nonEmpty) {
    if (line[0] !== "{" && line[0] !== "[") continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === "object") parsed++;
    } catch {
      // not a complete value on one line
    }
  }
  if (parsed >= 2 && parsed >= 0.8 * nonEmpty.length) return "jsonl";
  // A .jsonl/.ndjson name: any line that parses on its own says lines (unless one opens a document).
  if (preferLines && parsed >= 1 && nonEmpty.length > 1 && !/^[[{]$/.test(nonEmpty[0] as string))
    return "jsonl";
  if (parsed === 1 && nonEmpty.length === 1) return "json";
  return looksLikeJsonStart(t) ? "json" : null;
}

const SQL_STATEMENT =
  /^[ \t]*(?:INSERT[ \t]+(?:IGNORE[ \t]+)?INTO[ \t]|REPLACE[ \t]+INTO[ \t]|COPY[ \t]+\S[^\n]*[ \t]FROM[ \t]+stdin|CREATE[ \t]+(?:\w+[ \t]+)?TABLE[ \t])/im;

export const looksLikeSql = (text: string): boolean => SQL_STATEMENT.test(text);

const PREFERRED_DELIMITER: Record<string, string> = { csv: ",", tsv: "\t", tab: "\t", psv: "|" };

export interface FormatGuess {
  format: Exclude<Format, "parquet">;
  delimiter?: string;
}

/** A consistently delimited sample (2+ rows, 90% of rows with the same count). */
function delimited(text: string, complete: boolean, preferred?: string): string | null {
  const guess = sniffDelimiter(text, complete, preferred);
  if (!guess || guess.rows < 2 || guess.consistency < 0.9) return null;
  return guess.delimiter;
}

/**
 * Chooses the text format from the extension hint and the decoded sample. The extension decides
 * unless the content clearly disagrees (JSON in a .csv, JSON lines in a .json or .log, a
 * headed table in a .txt); unknown extensions (.dat, .out, none) are sniffed: JSON → SQL →
 * delimited → text.
 */
export function chooseTextFormat(ext: string, text: string, complete: boolean): FormatGuess {
  const json = sniffJson(text, complete, ext === "jsonl" || ext === "ndjson");
  const generic = (): FormatGuess => {
    if (json) return { format: json };
    if (looksLikeSql(text)) return { format: "sql" };
    const delimiter = delimited(text, complete);
    return delimiter ? { format: "csv", delimiter } : { format: "text" };
  };
  switch (ext) {
    case "csv":
    case "tsv":
    case "tab":
    case "psv": {
      if (json) return { format: json };
      const preferred = PREFERRED_DELIMITER[ext];
      const guess = sniffDelimiter(text, complete, preferred);
      return { format: "csv", delimiter: guess?.delimiter ?? preferred ?? "," };
    }
    case "json":
    case "jsonl":
    case "ndjson":
    case "geojson":
      return json ? { format: json } : generic();
    case "sql":
      return { format: "sql" };
    case "txt":
    case "text":
    case "log": {
      if (json === "jsonl") return { format: "jsonl" };
      const delimiter = delimited(text, complete);
      if (delimiter) {
        const rows = sampleRows(text, complete, delimiter, 20, new NoteBook());
        if (rows.length >= 3 && detectHeader(rows)) return { format: "csv", delimiter };
      }
      return { format: "text" };
    }
    default:
      return generic();
  }
}

export { DELIMITERS };
