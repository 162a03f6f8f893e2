// Screening: cheap, exact-in-the-safe-direction tests that tell which values cannot hold a candidate,
// so readers and the engine skip them. Every rule here is a superset of what the detectors look for:
// a value screened out would have produced no candidate and no protection verdict.
//
// - A field's role follows from its name (see fieldRole): SSN fields are always examined, licence
//   fields need their record (state sibling, plate/software cues), fields named for something else
//   (phone, zip, state, plate…) never hold a candidate.
// - In any other field, the SSN detector needs 9+ digits forming ddd-dd-dddd (one of - ‐ ‑ ‒ – space
//   dot as separators) or a run of 9 digits inside a longer value (with an SSN word); the licence
//   detector needs a context word (DL, D.L., driver…, driving…, operator…, lic…). findHits finds
//   the spans that start those shapes and words; a value with none of them inside is inert.
import {
  ROLE_COUNT,
  ROLE_GENERIC,
  ROLE_HITS,
  ROLE_RECORD,
  ROLE_TYPE,
  ROLE_VALUE,
  type SpanList,
} from "../core/index.ts";
import { describeField, isGenericIdField, isTypeField } from "./context.ts";

/**
 * SSN shapes: ddd S dd S dddd (either separator; the detector wants the same one twice) or nine
 * digits in a row. Matched as a window: a longer digit run is extended in code.
 */
const SSN_SHAPE_RE = /\d{3}(?:[-\u2010-\u2013 .]\d{2}[-\u2010-\u2013 .]|\d{2})\d{4}/g;
/** The first letters of every licence context word the detector knows (DL_CONTEXT_RE in context.ts). */
const LICENSE_CUE_RE = /d(?:\.\s?)?l|driv|operat|lic/gi;

const ROLES = new Map<string, number>();
const ROLE_CACHE_LIMIT = 50_000;

/** The screening role of a field, from its path (ROLE_* bits, see core/records.ts). Cached. */
export function fieldRole(path: string | null): number {
  if (path === null || path === "") return ROLE_HITS;
  let role = ROLES.get(path);
  if (role !== undefined) return role;
  const info = describeField(path);
  switch (info.kind) {
    case "license":
      role = ROLE_RECORD;
      break;
    case "ssn":
      role = ROLE_VALUE;
      break;
    case "neutral":
      role = info.notSsn ? ROLE_COUNT : ROLE_HITS;
      // A generic id may be typed per record by a sibling: examined as neutral until one declares it.
      if (isGenericIdField(path)) role = ROLE_HITS | ROLE_GENERIC;
      break;
    default:
      // state, negative-license: no detector looks at them (states are read from whole records).
      role = ROLE_COUNT;
  }
  if (isTypeField(path)) role |= ROLE_TYPE;
  if (ROLES.size >= ROLE_CACHE_LIMIT) ROLES.clear();
  ROLES.set(path, role);
  return role;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Appends the spans of `text` that may start a candidate, ordered by start: SSN shapes (a bare run
 * of 9+ digits is reported whole and marked digits-only) and licence context words.
 */
export function findHits(text: string, out: SpanList): void {
  // Two passes (one regex with both alternations is several times slower), merged by start.
  let cueAt = nextCue(text, 0);
  const re = SSN_SHAPE_RE;
  re.lastIndex = 0;
  while (re.test(text)) {
    let end = re.lastIndex;
    let start: number;
    let digitsOnly = false;
    if (isDigit(text.charCodeAt(end - 5))) {
      // Nine digits: report the whole run, and continue after it.
      digitsOnly = true;
      start = end - 9;
      while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
      re.lastIndex = end;
    } else {
      start = end - 11;
    }
    while (cueAt !== -1 && cueAt < start) {
      out.add(cueAt, LICENSE_CUE_RE.lastIndex, false);
      cueAt = nextCue(text, LICENSE_CUE_RE.lastIndex);
    }
    out.add(start, end, digitsOnly);
  }
  while (cueAt !== -1) {
    out.add(cueAt, LICENSE_CUE_RE.lastIndex, false);
    cueAt = nextCue(text, LICENSE_CUE_RE.lastIndex);
  }
}

/** Start of the next licence cue at or after `from` (LICENSE_CUE_RE.lastIndex is its end), or -1. */
function nextCue(text: string, from: number): number {
  const re = LICENSE_CUE_RE;
  re.lastIndex = from;
  const m = re.exec(text);
  return m === null ? -1 : m.index;
}

/** Scratch span list for one value (mayHoldCandidate). */
class ValueSpans implements SpanList {
  hit = false;
  length = 0;
  add(start: number, end: number, digitsOnly: boolean): void {
    if (!(digitsOnly && start === 0 && end === this.length)) this.hit = true;
  }
}
const VALUE_SPANS = new ValueSpans();

/** Whether a value of a ROLE_HITS field may hold a candidate (the same rule readers apply to spans). */
export function mayHoldCandidate(value: string): boolean {
  // Fast exits: no cue letter and fewer than nine digits.
  let digits = 0;
  let cue = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else {
      const l = c | 32;
      if (l === 100 || l === 108 || l === 111) cue = true; // d, l, o
    }
  }
  if (digits < 9 && !cue) return false;
  VALUE_SPANS.hit = false;
  VALUE_SPANS.length = value.length;
  findHits(value, VALUE_SPANS);
  return VALUE_SPANS.hit;
}
