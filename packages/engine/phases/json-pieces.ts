// JSON.stringify's text as pieces, long strings passed through (no copy: their slices), so that a large
// document (the scan state, whose kept lookups run to megabytes) is written out piece by piece instead
// of being made whole as one string and again as one buffer.

/** Strings at least this long are pieces of their own (sliced, not copied). */
const LONG_STRING = 4096;
/** Characters per piece of a long string, and the size the small pieces are gathered to. */
const PIECE_CHARS = 1 << 20;
/** What JSON.stringify escapes: quote, backslash, controls, surrogates (lone ones are escaped). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The pieces, in order, whose concatenation is JSON.stringify(value) (none for undefined). */
export function jsonPieces(value: unknown): string[] {
  const out = new JsonPieces();
  out.value(value, false);
  return out.finish();
}

class JsonPieces {
  private readonly pieces: string[] = [];
  private pending = "";

  finish(): string[] {
    if (this.pending.length > 0) this.pieces.push(this.pending);
    return this.pieces;
  }

  private text(s: string): void {
    this.pending += s;
    if (this.pending.length >= PIECE_CHARS) {
      this.pieces.push(this.pending);
      this.pending = "";
    }
  }

  /** `inArray`: undefined (and functions, symbols) become null, as JSON.stringify writes them. */
  value(v: unknown, inArray: boolean): void {
    if (typeof v === "string" && v.length >= LONG_STRING && !ESCAPED.test(v)) {
      this.text('"');
      if (this.pending.length > 0) this.pieces.push(this.pending);
      this.pending = "";
      for (let at = 0; at < v.length; at += PIECE_CHARS) this.pieces.push(v.slice(at, at + PIECE_CHARS));
      this.text('"');
      return;
    }
    if (v === null || typeof v !== "object" || typeof (v as { toJSON?: unknown }).toJSON === "function") {
      const json = JSON.stringify(v);
      this.text(json === undefined ? (inArray ? "null" : "") : json);
      return;
    }
    if (Array.isArray(v)) {
      this.text("[");
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.text(",");
        this.value(v[i], true);
      }
      this.text("]");
      return;
    }
    this.text("{");
    let first = true;
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
      this.text(first ? JSON.stringify(key) : `,${JSON.stringify(key)}`);
      this.text(":");
      first = false;
      this.value(item, false);
    }
    this.text("}");
  }
}
