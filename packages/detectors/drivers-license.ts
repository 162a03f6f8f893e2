// US driver's-license numbers, context first: a value is looked at only in a field named for a license or
// next to a license word in text. The issuing state, when known from a sibling field or written next to the
// number, decides validity by its formats; otherwise the number must fit some state's distinctive format.
import type { Candidate, DetectionContext, Detector, Strength } from "../core/index.ts";
import {
  describeField,
  licenseContextNear,
  licenseContextSpans,
  mayHaveLicenseContext,
  normalizeState,
  stateFromText,
} from "./context.ts";
import { formatLabel, licenseFormatFor, MAX_LICENSE_LENGTH, matchAnyState } from "./license-match.ts";

const EMPTY = Object.freeze([]) as unknown as Candidate[];

/** Alphanumeric runs; "*" pads Washington's legacy name-based numbers. */
const GROUP_RE = /[A-Za-z0-9*]+/g;
/** Letter-only runs that separate rather than belong to a number: states and license words ("CA-D1234567"). */
const BREAK_WORDS = new Set([
  "DL",
  "DLN",
  "CDL",
  "LIC",
  "NO",
  "NUM",
  "NBR",
  "ID",
  "NUMBER",
  "LICENSE",
  "LICENCE",
]);

// Shapes that fit some state's digits but are something else (checked on the printed span).
const PHONE_RE = /^(?:1[- ])?\d{3}[- ]\d{3}[- ]\d{4}$/;
const DATE_RE = /^(?:\d{4}[- ]\d{1,2}[- ]\d{1,2}|\d{1,2}[- ]\d{1,2}[- ]\d{2,4})$/;
const ZIP4_RE = /^\d{5}-\d{4}$/;
const SSN_SHAPE_RE = /^\d{3}[- ]\d{2}[- ]\d{4}$/;

/** An unmatched value is an "invalid license" only if id-like: "Apache-2.0" in a license column is not. */
const MIN_INVALID_DIGITS = 4;
/** Pattern name of a number no format fits (an invalid candidate). */
const NO_FIT = "no state format fits";

/** Context-word window: numbers are looked for this far after a license word, and a little before it. */
const AFTER_WORD = 40;
const BEFORE_WORD = 20;
/** Most printed groups one number spans ("A 123 456 789 012"). */
const MAX_GROUPS = 6;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

/** NPI: 10 digits starting 1 or 2 whose Luhn check over "80840" + digits holds. */
export function isNpi(digits: string): boolean {
  if (digits.length !== 10 || !/^[12]\d{9}$/.test(digits)) return false;
  const full = `80840${digits}`;
  let sum = 0;
  for (let i = 0; i < full.length; i++) {
    let d = full.charCodeAt(full.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

interface Evaluation {
  valid: boolean;
  state: string | null;
  pattern: string;
  testValue: boolean;
}

/** Placeholder shapes: one repeated character, or five-plus digits all the same (D0000000). */
function isPlaceholder(norm: string): boolean {
  let same = true;
  let digits = 0;
  let firstDigit = -1;
  let digitsSame = true;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c !== norm.charCodeAt(0)) same = false;
    if (isDigit(c)) {
      digits++;
      if (firstDigit < 0) firstDigit = c;
      else if (c !== firstDigit) digitsSame = false;
    }
  }
  return same || (digits >= 5 && digitsSame);
}

/** Whether the number holds a digit, and whether its digits run in sequence (A1234567, 87654321). */
function digitFacts(norm: string): { hasDigit: boolean; sequential: boolean } {
  let count = 0;
  let prev = -1;
  let step = 0;
  let sequential = true;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (!isDigit(c)) continue;
    if (prev >= 0) {
      const d = (c - prev + 10) % 10;
      if (count === 1) step = d;
      if ((d !== 1 && d !== 9) || d !== step) sequential = false;
    }
    prev = c;
    count++;
  }
  return count === 0 ? NO_DIGITS : sequential && count >= 6 ? SEQUENTIAL : PLAIN;
}
const NO_DIGITS = Object.freeze({ hasDigit: false, sequential: false });
const SEQUENTIAL = Object.freeze({ hasDigit: true, sequential: true });
const PLAIN = Object.freeze({ hasDigit: true, sequential: false });

/**
 * Checks a normalized number against the state (known) or all states (unknown). Null when the shape is not
 * a license at all (too short/long, a phone, a date, masked) so no candidate should be made.
 */
function evaluate(norm: string, span: string, state: string | null, freeText: boolean): Evaluation | null {
  if (norm.length < 4 || norm.length > MAX_LICENSE_LENGTH) return null;
  // Printed shapes need a separator; bare values skip these tests.
  if (span.length !== norm.length) {
    if (PHONE_RE.test(span) || DATE_RE.test(span) || ZIP4_RE.test(span)) return null;
    if (freeText && SSN_SHAPE_RE.test(span)) return null; // the SSN detector's, not a license
  }
  if (norm.includes("XXX")) return null; // masked: XXXX1234
  const placeholder = isPlaceholder(norm);
  const digits = digitFacts(norm);
  const testValue = !placeholder && digits.sequential;
  if (state !== null) {
    const format = licenseFormatFor(norm, state);
    if (format === null && norm.includes("*")) return null; // masked, not a Washington legacy number
    return {
      valid: format !== null && !placeholder,
      state,
      pattern: format === null ? NO_FIT : formatLabel(format, true),
      testValue,
    };
  }
  const any = matchAnyState(norm);
  if (any.count === 0 && norm.includes("*")) return null;
  if (freeText && any.count > 0 && isNpi(norm)) return null;
  return {
    valid: any.count > 0 && !placeholder && digits.hasDigit,
    state: any.state,
    pattern: any.format === null ? NO_FIT : formatLabel(any.format, any.state !== null),
    testValue,
  };
}

interface Unit {
  start: number;
  end: number;
  norm: string;
  hasDigit: boolean;
}

/** Dash-joined runs of alphanumerics from text[from, to): one printed token each ("S123-456-78-901-0"). */
function unitsIn(text: string, from: number, to: number): Unit[] {
  const units: Unit[] = [];
  GROUP_RE.lastIndex = from;
  let cur: Unit | null = null;
  for (let m = GROUP_RE.exec(text); m !== null && m.index < to; m = GROUP_RE.exec(text)) {
    const s = m.index;
    const e = s + m[0].length;
    const up = m[0].toUpperCase();
    let hasDigit = false;
    for (let i = 0; i < up.length && !hasDigit; i++) hasDigit = isDigit(up.charCodeAt(i));
    const isBreak = !hasDigit && (BREAK_WORDS.has(up) || (up.length === 2 && normalizeState(up) !== null));
    const joined = cur !== null && !isBreak && s === cur.end + 1 && text.charCodeAt(cur.end) === 45;
    if (joined && cur !== null) {
      cur.end = e;
      cur.norm += up;
      cur.hasDigit ||= hasDigit;
    } else {
      cur = { start: s, end: e, norm: up, hasDigit };
      units.push(cur);
      if (isBreak) cur = null; // nothing joins onto a break word
    }
  }
  return units;
}

/** Whether units a and b are printed groups of one number separated by a single space ("123 456 789"). */
function spaceJoined(text: string, a: Unit, b: Unit): boolean {
  return b.start === a.end + 1 && text.charCodeAt(a.end) === 32 && b.norm.length <= 5 && b.hasDigit;
}

interface ScanOptions {
  freeText: boolean;
  hint: string | null;
  explicitDriver: boolean;
  /** Context-word spans a number must not overlap (free text). */
  words: number[] | null;
}

function overlapsWord(words: number[] | null, start: number, end: number): boolean {
  if (words === null) return false;
  for (let i = 0; i < words.length; i += 2) {
    if (start < (words[i + 1] as number) && end > (words[i] as number)) return true;
  }
  return false;
}

function scanRegion(text: string, from: number, to: number, opt: ScanOptions, out: Candidate[]): void {
  const units = unitsIn(text, from, to);
  let invalidSeen = false;
  for (let i = 0; i < units.length; i++) {
    const first = units[i] as Unit;
    const letterStart = !first.hasDigit;
    // A number holds a digit; a single letter may lead spaced groups (MI "A 123 456 789 012"); all letters
    // only in a license field whose state is known (NY: 8 letters).
    if (letterStart && first.norm.length !== 1 && (opt.freeText || opt.hint === null)) continue;
    if (overlapsWord(opt.words, first.start, first.end)) continue;
    let maxJ = i;
    if (first.norm.length <= 5) {
      while (maxJ + 1 < units.length && maxJ - i + 1 < MAX_GROUPS) {
        if (!spaceJoined(text, units[maxJ] as Unit, units[maxJ + 1] as Unit)) break;
        maxJ++;
      }
    }
    let emitted = false;
    let fallback: { start: number; end: number; norm: string; ev: Evaluation } | null = null;
    for (let j = maxJ; j >= i; j--) {
      if (j === i && letterStart && first.norm.length === 1) break;
      const last = units[j] as Unit;
      let norm = first.norm;
      for (let k = i + 1; k <= j; k++) norm += (units[k] as Unit).norm;
      const span = text.slice(first.start, last.end);
      const state = stateFromText(text, first.start, last.end) ?? opt.hint;
      const ev = evaluate(norm, span, state, opt.freeText);
      if (ev === null) continue;
      if (ev.valid) {
        // In text the nearest context word must be a license word, not plate/key/business.
        const near = opt.freeText ? licenseContextNear(text, first.start, last.end) : 2;
        if (near <= 0) break;
        out.push(makeCandidate(text, first.start, last.end, norm, ev, opt, near));
        i = j;
        emitted = true;
        break;
      }
      fallback ??= { start: first.start, end: last.end, norm, ev };
    }
    // An invalid number is worth reporting only in a license field (it tells synthetic data), once per value.
    if (!emitted && fallback !== null && !opt.freeText && !invalidSeen && out.length === 0) {
      if (fallback.norm.length >= 5 && countDigits(fallback.norm) >= MIN_INVALID_DIGITS) {
        invalidSeen = true;
        out.push(makeCandidate(text, fallback.start, fallback.end, fallback.norm, fallback.ev, opt, 0));
      }
    }
  }
  if (invalidSeen && out.length > 1) {
    // A valid number later in the value wins over the invalid one kept earlier.
    const valid = out.filter((c) => c.valid);
    out.splice(0, out.length, ...valid);
  }
}

function makeCandidate(
  text: string,
  start: number,
  end: number,
  norm: string,
  ev: Evaluation,
  opt: ScanOptions,
  near: number,
): Candidate {
  let strength: Strength;
  if (!ev.valid) strength = "weak";
  else if (opt.freeText) {
    // An explicit word (DL, driver's license) with a known state is strong; "lic#" alone is ambiguous.
    if (near === 2) strength = ev.state !== null ? "strong" : "medium";
    else strength = ev.state !== null ? "medium" : "weak";
  } else strength = opt.explicitDriver || opt.hint !== null || ev.state !== null ? "strong" : "medium";
  return {
    dataType: "US_DRIVERS_LICENSE",
    value: text.slice(start, end),
    normalized: norm,
    start,
    end,
    pattern: ev.pattern,
    strength,
    valid: ev.valid,
    testValue: ev.testValue,
    state: ev.state,
  };
}

/** A license field: the value (or each token of it) is a number candidate; no context word needed. */
function scanField(text: string, hint: string | null, explicitDriver: boolean): Candidate[] {
  const n = text.length;
  if (n < 4) return EMPTY;
  // Fast path: the whole value is one bare token, the usual shape of a license column.
  let bare = n <= MAX_LICENSE_LENGTH;
  for (let i = 0; i < n && bare; i++) {
    const c = text.charCodeAt(i);
    const l = c | 32;
    bare = isDigit(c) || (l >= 97 && l <= 122) || c === 42;
  }
  const opt: ScanOptions = { freeText: false, hint, explicitDriver, words: null };
  if (bare) {
    const norm = text.toUpperCase();
    let hasDigit = false;
    for (let i = 0; i < n && !hasDigit; i++) hasDigit = isDigit(text.charCodeAt(i));
    if (!hasDigit && hint === null) return EMPTY;
    const ev = evaluate(norm, text, hint, false);
    if (ev === null || (!ev.valid && (n < 5 || countDigits(norm) < MIN_INVALID_DIGITS))) return EMPTY;
    return [makeCandidate(text, 0, n, norm, ev, opt, 2)];
  }
  const out: Candidate[] = [];
  scanRegion(text, 0, n, opt, out);
  return out.length === 0 ? EMPTY : out;
}

/** Free text or a neutral field: only numbers next to a license word (DL, driver's license, lic#). */
function scanText(text: string): Candidate[] {
  if (!mayHaveLicenseContext(text)) return EMPTY;
  const words = licenseContextSpans(text);
  if (words.length === 0) return EMPTY;
  const out: Candidate[] = [];
  const opt: ScanOptions = { freeText: true, hint: null, explicitDriver: false, words };
  let regionStart = -1;
  let regionEnd = -1;
  for (let i = 0; i < words.length; i += 2) {
    const s = Math.max(0, (words[i] as number) - BEFORE_WORD);
    const e = Math.min(text.length, (words[i + 1] as number) + AFTER_WORD);
    if (regionEnd >= s) {
      regionEnd = Math.max(regionEnd, e);
      continue;
    }
    if (regionStart >= 0) scanRegion(text, regionStart, regionEnd, opt, out);
    regionStart = s;
    regionEnd = e;
  }
  if (regionStart >= 0) scanRegion(text, regionStart, regionEnd, opt, out);
  return out.length === 0 ? EMPTY : out;
}

/** Finds driver's-license candidates in one value. Returns a shared empty array when none: do not mutate it. */
export function detectDriversLicense(text: string, context: DetectionContext): Candidate[] {
  if (text.length < 4) return EMPTY;
  if (context.declaredKind === "license") return scanField(text, normalizeState(context.stateHint), true);
  if (context.declaredKind === "ssn") return EMPTY;
  const path = context.fieldPath ?? context.fieldName;
  const info = describeField(path);
  if (info.kind === "license") {
    return scanField(text, normalizeState(context.stateHint), info.explicitDriver);
  }
  if (info.kind !== "neutral" || info.notSsn === true) {
    // Named for something else (ssn, plate, state, phone, zip…): never a license, even next to a license word.
    return EMPTY;
  }
  return scanText(text);
}

export const driversLicenseDetector: Detector = {
  dataType: "US_DRIVERS_LICENSE",
  version: "1.0.0",
  description:
    "US driver's license: only in license-named fields (not plates, keys, business/professional licenses) or " +
    "within 40 characters of DL / driver's license / lic#; the issuing state (sibling field or adjacent text) " +
    "decides validity by its formats, else the number must fit a distinctive format of some state (50 + DC).",
  detect: detectDriversLicense,
};
