// HTML escaping. Every value that comes from data goes through `escapeHtml`, directly or via the `html` tag.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Invisible characters a crafted key could use to disguise itself: C0/C1 controls (except tab and
 * newlines) and bidirectional overrides/isolates/marks ("Trojan Source"). Shown as visible `<U+XXXX>`.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes text for HTML element content and quoted attribute values: & < > " ' become entities, and
 * invisible control/bidi characters become a visible `⟨U+XXXX⟩`. `null`/`undefined` become "".
 */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value)
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(INVISIBLE, (c) => `⟨U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}⟩`);
}

/** Markup that is already safe: produced by `html` or a trusted constant, never by data. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What the `html` tag accepts: safe markup as is; text and numbers escaped; null/undefined/false dropped. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(value);
}

/** Tagged template: escaping is the default, so forgetting it is not possible. Arrays are concatenated. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Trusted markup from constants in this package (CSS, fixed strings). Never pass data. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
