// Where reports are kept: a local directory or a report bucket, behind one small interface.
import { InvalidReportKeyError } from "../errors.ts";

/**
 * A flat key space of text files under one root (a directory, or a bucket and prefix). Keys are
 * relative, `/`-separated paths such as `runs/2025-03-01/<run-id>/summary.json`.
 */
export interface ReportStore {
  /** Writes one file whole: a reader sees the old content or the new, never a part. */
  put(key: string, body: string, contentType: string): Promise<void>;
  /** The file's text, or null when there is no such key. */
  get(key: string): Promise<string | null>;
  /** Writes one binary file whole (a compact handoff between phases), like `put`. */
  putBytes(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** The file's bytes, or null when there is no such key. */
  getBytes(key: string): Promise<Uint8Array | null>;
  /** Every key that starts with `prefix` (a plain string prefix, "" for all), sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes the keys; keys that do not exist are ignored. */
  delete(keys: readonly string[]): Promise<void>;
  /** Where a key lives, for people: a file path or an s3:// URI. */
  locate(key: string): string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL in keys is the point
const SEGMENT = /^[^/\\\u0000]+$/;

/** Throws InvalidReportKeyError unless `key` is a relative path of plain segments (no `.`, `..`, `\`, NUL). */
export function checkKey(key: string): string {
  const parts = key.split("/");
  if (key.length === 0 || parts.some((p) => !SEGMENT.test(p) || p === "." || p === ".."))
    throw new InvalidReportKeyError(key);
  return key;
}

/** Checks a list prefix: "" or a key, optionally ending in `/`. */
export function checkPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  checkKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}

export const CONTENT_TYPES = {
  json: "application/json; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
} as const;

/** The content type of a report file, by its extension. */
export function contentTypeOf(key: string): string {
  const ext = key.slice(key.lastIndexOf(".") + 1) as keyof typeof CONTENT_TYPES;
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}
