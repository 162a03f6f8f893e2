// US Social Security numbers. Formatted values (123-45-6789, 123 45 6789, 123.45.6789) are candidates
// anywhere unless the field name says otherwise; a bare 9-digit run needs SSN context (field name or a nearby
// word). validate/invalidate hold what a regex cannot: never-issued ranges, ITINs, well-known test values.
import type { Candidate, DetectionContext, Detector, Strength } from "../core/index.ts";
import { DECLARED_SSN, describeField, mayHaveSsnContext, ssnContextNear } from "./context.ts";
import { isSsnTestValue } from "./test-values.ts";

export type SsnInvalidReason =
  | "not-9-digits"
  | "all-same"
  | "area-000"
  | "area-666"
  | "area-9xx"
  | "itin"
  | "group-00"
  | "serial-0000";

function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

function isNineDigits(s: string): boolean {
  if (s.length !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const d = digitAt(s, i);
    if (d < 0 || d > 9) return false;
  }
  return true;
}

const SEPARATORS = "-\u2010\u2011\u2012\u2013 .";

/** The digits of a whole value 123-45-6789 (one separator of FIELD_RE, used twice), or null. */
function groupedDigits(s: string): string | null {
  if (s.length !== 11) return null;
  const sep = s.charCodeAt(3);
  if (s.charCodeAt(6) !== sep || !SEPARATORS.includes(s.charAt(3))) return null;
  for (const i of DIGIT_SLOTS) {
    const d = digitAt(s, i);
    if (d < 0 || d > 9) return null;
  }
  return s.slice(0, 3) + s.slice(4, 6) + s.slice(7);
}
const DIGIT_SLOTS = [0, 1, 2, 4, 5, 7, 8, 9, 10];

function stripFormatting(value: string): string {
  return isNineDigits(value) ? value : value.replace(/[\s.\-\u2010-\u2013]/g, "");
}

/** ITIN group ranges (area 9xx): 50–65, 70–88, 90–92, 94–99. */
function isItinGroup(group: number): boolean {
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    (group >= 94 && group <= 99)
  );
}

/** Why a 9-digit value can never be an issued SSN, or null when it can be. Accepts 123-45-6789 too. */
export function ssnInvalidReason(value: string): SsnInvalidReason | null {
  const d = stripFormatting(value);
  if (!isNineDigits(d)) return "not-9-digits";
  let same = true;
  for (let i = 1; i < 9 && same; i++) same = d.charCodeAt(i) === d.charCodeAt(0);
  if (same) return "all-same";
  const area = digitAt(d, 0) * 100 + digitAt(d, 1) * 10 + digitAt(d, 2);
  const group = digitAt(d, 3) * 10 + digitAt(d, 4);
  const serial = digitAt(d, 5) * 1000 + digitAt(d, 6) * 100 + digitAt(d, 7) * 10 + digitAt(d, 8);
  if (area === 0) return "area-000";
  if (area === 666) return "area-666";
  if (area >= 900) return isItinGroup(group) ? "itin" : "area-9xx";
  if (group === 0) return "group-00";
  if (serial === 0) return "serial-0000";
  return null;
}

/** Whether a 9-digit value (or 123-45-6789) follows the SSA issuing rules. Test values may still pass. */
export function isSsnValid(value: string): boolean {
  return ssnInvalidReason(value) === null;
}

/** Whether a value is an ITIN (9xx with an ITIN group): a taxpayer number, not an SSN. */
export function isItin(value: string): boolean {
  return ssnInvalidReason(value) === "itin";
}

// Compiled once. Separators: hyphen and the Unicode dashes word processors produce, space, dot.
/** Formatted with one separator used twice; mixed separators (123-45.6789) do not match. */
const FORMATTED_RE = /(\d{3})([-\u2010-\u2013 .])(\d{2})\2(\d{4})/g;
/** In SSN fields: formatted, bare, or a single dash (123-456789, 12345-6789). Mixed ones are refused below. */
const FIELD_RE = /(\d{3})([-\u2010-\u2013 .]?)(\d{2})([-\u2010-\u2013 .]?)(\d{4})/g;
/** Digit runs: a bare SSN is a run of exactly nine. */
const DIGIT_RUN_RE = /\d{9,}/g;

/** Returned when nothing matched: shared and frozen, so callers must not push into it. */
const EMPTY = Object.freeze([]) as unknown as Candidate[];

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnumCode(c: number): boolean {
  const l = c | 32;
  return isDigitCode(c) || (l >= 97 && l <= 122);
}
function isDashCode(c: number): boolean {
  return c === 45 || (c >= 0x2010 && c <= 0x2013);
}
function isJoinerCode(c: number): boolean {
  return isDashCode(c) || c === 46 || c === 47;
}

/**
 * Whether text[start, end) stands alone: not part of a longer digit/alphanumeric run (1123-45-67890), a
 * dashed or dotted id (AB-123-45-6789, 1.123.45.6789), a spaced digit sequence (card numbers) or an amount.
 * `strict` (outside SSN fields) also refuses a letter joined by a dash: "ORD-123456789".
 */
function standsAlone(text: string, start: number, end: number, sep: number, strict: boolean): boolean {
  if (start > 0) {
    const p = text.charCodeAt(start - 1);
    if (isAlnumCode(p) || p === 95 || p === 43 || p === 36) return false; // word char, _, +, $
    if (isJoinerCode(p) && start > 1) {
      const pp = text.charCodeAt(start - 2);
      if (strict ? isAlnumCode(pp) : isDigitCode(pp)) return false;
    }
    if (p === 32 && sep === 32 && start > 1 && isDigitCode(text.charCodeAt(start - 2))) return false;
  }
  if (end < text.length) {
    const n = text.charCodeAt(end);
    if (isAlnumCode(n) || n === 95) return false;
    if (isJoinerCode(n) && end + 1 < text.length) {
      const nn = text.charCodeAt(end + 1);
      if (strict ? isAlnumCode(nn) : isDigitCode(nn)) return false;
    }
    if (n === 32 && sep === 32 && end + 1 < text.length && isDigitCode(text.charCodeAt(end + 1)))
      return false;
  }
  return true;
}

function candidate(
  text: string,
  start: number,
  end: number,
  normalized: string,
  pattern: string,
  strength: Strength,
): Candidate {
  const testValue = isSsnTestValue(normalized);
  return {
    dataType: "US_SSN",
    value: text.slice(start, end),
    normalized,
    start,
    end,
    pattern,
    strength,
    // Well-known examples are valid-shaped on purpose: the assessment counts them as test data.
    valid: testValue || ssnInvalidReason(normalized) === null,
    testValue,
    state: null,
  };
}

function separatorPattern(sep: string): string {
  if (sep === "") return "ssn-unformatted";
  if (sep === " ") return "ssn-spaced";
  if (sep === ".") return "ssn-dotted";
  return "ssn-dashed";
}

/** A field named for SSNs: any SSN-shaped run counts, valid or not (invalid ones tell synthetic data). */
function scanSsnField(text: string): Candidate[] {
  // The usual cells, nine digits bare or in 3-2-4 groups with one separator: what the regex below
  // would find, without it.
  if (isNineDigits(text)) return [candidate(text, 0, 9, text, "ssn-unformatted", "strong")];
  const grouped = groupedDigits(text);
  if (grouped !== null) {
    return [candidate(text, 0, 11, grouped, separatorPattern(text.charAt(3)), "strong")];
  }
  let out: Candidate[] | null = null;
  const re = FIELD_RE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const d1 = m[2] as string;
    const d2 = m[4] as string;
    let pattern: string;
    let strength: Strength = "strong";
    if (d1 === d2) pattern = separatorPattern(d1);
    else if ((d1 === "" && isDashCode(d2.charCodeAt(0))) || (d2 === "" && isDashCode(d1.charCodeAt(0)))) {
      pattern = "ssn-partially-dashed";
      strength = "medium";
    } else {
      re.lastIndex = start + 1; // mixed separators
      continue;
    }
    const sep = (d1 || d2).charCodeAt(0);
    if (!standsAlone(text, start, end, sep, false)) {
      re.lastIndex = start + 1;
      continue;
    }
    out ??= [];
    out.push(candidate(text, start, end, `${m[1]}${m[3]}${m[5]}`, pattern, strength));
  }
  return out ?? EMPTY;
}

/**
 * An SSN column stored as a number loses its leading zeros (012-34-5678 → 12345678): a value of only
 * 7–8 digits in an SSN field is padded back.
 */
function scanNumericSsn(text: string): Candidate[] {
  const n = text.length;
  if (n < 7 || n > 8) return EMPTY;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return EMPTY;
  }
  return [candidate(text, 0, n, text.padStart(9, "0"), "ssn-number-without-leading-zeros", "medium")];
}

/** Any other field or free text: formatted values, and bare 9-digit runs only next to an SSN word. */
function scanOther(text: string, freeText: boolean): Candidate[] {
  let out: Candidate[] | null = null;
  const re = FORMATTED_RE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const sep = (m[2] as string).charCodeAt(0);
    if (!standsAlone(text, start, end, sep, true)) {
      re.lastIndex = start + 1;
      continue;
    }
    const near = text.length > end - start ? ssnContextNear(text, start, end) : 0;
    if (near < 0) continue; // a phone/order/account word is nearer than any SSN word
    const dashed = isDashCode(sep);
    // Dashes are the SSN's own format; in a named column they are strong, in free text only with a word.
    const strength: Strength = near > 0 || (dashed && !freeText) ? "strong" : "medium";
    const c = candidate(
      text,
      start,
      end,
      `${m[1]}${m[3]}${m[4]}`,
      separatorPattern(m[2] as string),
      strength,
    );
    // Invalid values count only where the shape is strong (dashes or an SSN word): they hint at test data.
    if (!c.valid && !dashed && near === 0) continue;
    out ??= [];
    out.push(c);
  }
  if (text.length > 9 && mayHaveSsnContext(text)) {
    const runs = DIGIT_RUN_RE;
    runs.lastIndex = 0;
    let added = false;
    for (let m = runs.exec(text); m !== null; m = runs.exec(text)) {
      if (m[0].length !== 9) continue;
      const start = m.index;
      const end = start + 9;
      if (!standsAlone(text, start, end, 0, true) || ssnContextNear(text, start, end) <= 0) continue;
      out ??= [];
      out.push(candidate(text, start, end, m[0], "ssn-unformatted", "strong"));
      added = true;
    }
    if (added && out !== null && out.length > 1) out.sort((a, b) => a.start - b.start);
  }
  return out ?? EMPTY;
}

/** Finds SSN candidates in one value. Returns a shared empty array when there are none: do not mutate it. */
export function detectSsn(text: string, context: DetectionContext): Candidate[] {
  // Hot path: fewer than nine digits cannot hold an SSN, and most values end here.
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits === 9) break;
  }
  if (digits < 7) return EMPTY;
  if (context.declaredKind === "license") return EMPTY;
  const path = context.fieldPath ?? context.fieldName;
  const info = context.declaredKind === "ssn" ? DECLARED_SSN : describeField(path);
  if (info.notSsn) return EMPTY;
  if (digits < 9) return info.kind === "ssn" ? scanNumericSsn(text) : EMPTY;
  if (info.kind === "ssn") return scanSsnField(text);
  return scanOther(text, path === null);
}

export const ssnDetector: Detector = {
  dataType: "US_SSN",
  version: "1.0.0",
  description:
    "US SSN: 123-45-6789 / 123 45 6789 / 123.45.6789 anywhere the field name allows; bare 9 digits only with SSN " +
    "context (field name or a word within 40 characters); SSA never-issued ranges and ITINs invalid; well-known " +
    "example numbers flagged.",
  detect: detectSsn,
};
