// Small writers for generated data: delimited text, JSON lines, SQL dumps and text encodings.
import { gzipSync } from "node:zlib";

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface DelimitedOptions {
  delimiter?: string;
  header?: boolean;
  eol?: "\n" | "\r\n";
  quoteAll?: boolean;
  bom?: boolean;
}

export function toDelimited(
  columns: readonly string[],
  rows: readonly Row[],
  options: DelimitedOptions = {},
): string {
  const { delimiter = ",", header = true, eol = "\n", quoteAll = false, bom = false } = options;
  const cell = (value: Cell) => {
    const text = value === null ? "" : String(value);
    const needsQuotes = quoteAll || text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim();
    return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = rows.map((row) => columns.map((c) => cell(row[c] ?? null)).join(delimiter));
  if (header) lines.unshift(columns.map(cell).join(delimiter));
  return `${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`;
}

export function toJsonLines(records: readonly unknown[]): string {
  return `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
}

export interface SqlOptions {
  /** One INSERT with many tuples (pg_dump --inserts style is one per row). */
  multiRow?: boolean;
  /** Quote identifiers with backticks (mysqldump) or double quotes (pg_dump). */
  quoteIdentifiers?: "none" | "backtick" | "double";
}

export function sqlInsert(
  table: string,
  columns: readonly string[],
  rows: readonly Row[],
  options: SqlOptions = {},
): string {
  const q = identQuote(options.quoteIdentifiers ?? "none");
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES`;
  const tuples = rows.map((row) => `(${columns.map((c) => sqlLiteral(row[c] ?? null)).join(", ")})`);
  if (options.multiRow) return `${head}\n${tuples.join(",\n")};\n`;
  return tuples.map((t) => `${head} ${t};\n`).join("");
}

/** PostgreSQL `COPY … FROM stdin` block: tab-separated, `\N` for NULL, ended by `\.`. */
export function sqlCopy(table: string, columns: readonly string[], rows: readonly Row[]): string {
  const copyField = (v: Cell) =>
    v === null ? "\\N" : String(v).replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n");
  const body = rows.map((row) => columns.map((c) => copyField(row[c] ?? null)).join("\t")).join("\n");
  return `COPY ${table} (${columns.join(", ")}) FROM stdin;\n${body}\n\\.\n`;
}

export function sqlLiteral(value: Cell): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

function identQuote(style: "none" | "backtick" | "double"): (name: string) => string {
  if (style === "backtick") return (name) => `\`${name}\``;
  if (style === "double") return (name) => `"${name}"`;
  return (name) => name;
}

export function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}

/** UTF-16 with a byte-order mark, as Excel's "Unicode text" export writes it. */
export function utf16(text: string, endian: "le" | "be" = "le"): Uint8Array {
  const le = Buffer.from(`\uFEFF${text}`, "utf16le");
  if (endian === "le") return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return be;
}

/** ISO-8859-1: one byte per character; fails loudly on anything outside it. */
export function latin1(text: string): Uint8Array {
  for (const ch of text) if (ch.charCodeAt(0) > 0xff) throw new Error("not representable in Latin-1");
  return Buffer.from(text, "latin1");
}

/** Deterministic gzip (no mtime in the header). */
export function gzip(data: string | Uint8Array): Uint8Array {
  return gzipSync(typeof data === "string" ? Buffer.from(data, "utf8") : data);
}
