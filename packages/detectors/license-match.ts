// Matching a normalized license number against the state format table. Formats are compiled once and
// indexed by length so an unknown-state lookup tests a handful of anchored regexes, not all ~130.
import { LICENSE_FORMATS, type LicenseFormat } from "./license-formats.ts";

interface CompiledFormat {
  state: string;
  format: LicenseFormat;
  re: RegExp;
  min: number;
  max: number;
  /** What the first character may be. */
  firstDigit: boolean;
  firstLetter: boolean;
  firstStar: boolean;
  /** Letters-then-digits formats ([A-Z]{l}\d{d}) decided by counting, without a regex. */
  simple: { lmin: number; lmax: number; dmin: number; dmax: number } | null;
}

/** Longest normalized number any format allows (NY: 1 letter + 18 digits). */
export const MAX_LICENSE_LENGTH = 19;

interface Measure {
  min: number;
  max: number;
  firstDigit: boolean;
  firstLetter: boolean;
  firstStar: boolean;
}

/** Length range and first-character classes of a pattern in the table's regex subset. */
export function measurePattern(pattern: string): Measure {
  let min = 0;
  let max = 0;
  let i = 0;
  let first: { digit: boolean; letter: boolean; star: boolean } | null = null;
  while (i < pattern.length) {
    let digit = false;
    let letter = false;
    let star = false;
    const c = pattern[i];
    if (c === "\\") {
      if (pattern[i + 1] !== "d") throw new Error(`unsupported escape in license pattern ${pattern}`);
      digit = true;
      i += 2;
    } else if (c === "[") {
      const close = pattern.indexOf("]", i);
      if (close < 0) throw new Error(`unclosed class in license pattern ${pattern}`);
      const body = pattern.slice(i + 1, close);
      digit = /\d/.test(body);
      letter = /[A-Z]/.test(body);
      star = body.includes("*");
      i = close + 1;
    } else if (c !== undefined && /[A-Z0-9]/.test(c)) {
      digit = /\d/.test(c);
      letter = !digit;
      i += 1;
    } else {
      throw new Error(`unsupported token in license pattern ${pattern}`);
    }
    let lo = 1;
    let hi = 1;
    if (pattern[i] === "{") {
      const close = pattern.indexOf("}", i);
      const [a, b] = pattern.slice(i + 1, close).split(",");
      lo = Number(a);
      hi = b === undefined ? lo : Number(b);
      i = close + 1;
    }
    if (first === null) first = { digit, letter, star };
    min += lo;
    max += hi;
  }
  return {
    min,
    max,
    firstDigit: first?.digit ?? false,
    firstLetter: first?.letter ?? false,
    firstStar: first?.star ?? false,
  };
}

const SIMPLE_RE = /^(?:\[A-Z\](?:\{(\d+)(?:,(\d+))?\})?)?\\d\{(\d+)(?:,(\d+))?\}$/;

function simpleShape(pattern: string): CompiledFormat["simple"] {
  const m = SIMPLE_RE.exec(pattern);
  if (m === null) return null;
  const hasLetters = pattern.startsWith("[A-Z]");
  const lmin = hasLetters ? Number(m[1] ?? 1) : 0;
  const lmax = hasLetters ? Number(m[2] ?? m[1] ?? 1) : 0;
  const dmin = Number(m[3]);
  return { lmin, lmax, dmin, dmax: Number(m[4] ?? dmin) };
}

const BY_STATE = new Map<string, CompiledFormat[]>();
/** Pattern names, built once: "CA: 1 letter + 7 digits" and "any state: 1 letter + 7 digits". */
const STATE_LABEL = new Map<LicenseFormat, string>();
const ANY_LABEL = new Map<LicenseFormat, string>();
/** Non-loose formats of every state, bucketed by the lengths they accept. */
const BY_LENGTH: CompiledFormat[][] = Array.from({ length: MAX_LICENSE_LENGTH + 1 }, () => []);

for (const state of LICENSE_FORMATS) {
  const list: CompiledFormat[] = [];
  for (const format of state.formats) {
    const m = measurePattern(format.pattern);
    const compiled: CompiledFormat = {
      state: state.code,
      format,
      re: new RegExp(`^(?:${format.pattern})$`),
      ...m,
      simple: simpleShape(format.pattern),
    };
    list.push(compiled);
    STATE_LABEL.set(format, `${state.code}: ${format.name}`);
    ANY_LABEL.set(format, `any state: ${format.name}`);
    if (format.loose) continue;
    for (let n = m.min; n <= Math.min(m.max, MAX_LICENSE_LENGTH); n++) BY_LENGTH[n]?.push(compiled);
  }
  BY_STATE.set(state.code, list);
}

// Shape of the value being matched, computed once per lookup (module scratch: no allocation).
let shapeLetters = 0;
let shapeDigits = 0;
let shapeSimple = false;

function measureValue(norm: string): void {
  let i = 0;
  while (i < norm.length && norm.charCodeAt(i) >= 65 && norm.charCodeAt(i) <= 90) i++;
  shapeLetters = i;
  while (i < norm.length && norm.charCodeAt(i) >= 48 && norm.charCodeAt(i) <= 57) i++;
  shapeDigits = i - shapeLetters;
  shapeSimple = i === norm.length;
}

function fits(f: CompiledFormat, norm: string): boolean {
  const s = f.simple;
  if (s !== null) {
    return (
      shapeSimple &&
      shapeLetters >= s.lmin &&
      shapeLetters <= s.lmax &&
      shapeDigits >= s.dmin &&
      shapeDigits <= s.dmax
    );
  }
  return f.re.test(norm);
}

function firstFits(f: CompiledFormat, c: number): boolean {
  if (c >= 48 && c <= 57) return f.firstDigit;
  if (c >= 65 && c <= 90) return f.firstLetter;
  return c === 42 && f.firstStar;
}

/** The state's format the normalized number fits (loose formats included), or null. */
export function licenseFormatFor(normalized: string, state: string): LicenseFormat | null {
  const list = BY_STATE.get(state);
  if (list === undefined) return null;
  const n = normalized.length;
  const c = normalized.charCodeAt(0);
  measureValue(normalized);
  for (const f of list) {
    if (n < f.min || n > f.max || !firstFits(f, c)) continue;
    if (fits(f, normalized)) return f.format;
  }
  return null;
}

export interface AnyStateMatch {
  /** How many states have a (non-loose) format the number fits. */
  count: number;
  /** The state when exactly one fits, else null. */
  state: string | null;
  /** The first matching format (for the pattern name), or null when none fits. */
  format: LicenseFormat | null;
}

const NO_MATCH: AnyStateMatch = Object.freeze({ count: 0, state: null, format: null });

/** Which states' distinctive (non-loose) formats the normalized number fits. */
export function matchAnyState(normalized: string): AnyStateMatch {
  const bucket = BY_LENGTH[normalized.length];
  if (bucket === undefined || bucket.length === 0) return NO_MATCH;
  const c = normalized.charCodeAt(0);
  measureValue(normalized);
  let count = 0;
  let state: string | null = null;
  let format: LicenseFormat | null = null;
  for (const f of bucket) {
    // Buckets keep a state's formats together: a state with two matching formats counts once.
    if (f.state === state || !firstFits(f, c) || !fits(f, normalized)) continue;
    count++;
    state = f.state;
    format ??= f.format;
  }
  if (count === 0) return NO_MATCH;
  return { count, state: count === 1 ? state : null, format };
}

/** Candidate pattern name for a format: with its state, or "any state" when several states fit. */
export function formatLabel(format: LicenseFormat, withState: boolean): string {
  return (withState ? STATE_LABEL.get(format) : ANY_LABEL.get(format)) ?? format.name;
}

/** Whether the state is in the table (50 states and DC). */
export function isKnownState(code: string): boolean {
  return BY_STATE.has(code);
}
