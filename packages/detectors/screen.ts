// Screening: cheap tests that tell which values cannot hold a candidate, so readers and the engine
// skip them. Every rule is a superset of what the detectors look for: a value screened out would
// have produced no candidate and no protection verdict.
//
// - A field's role follows from its name (fieldRole): SSN fields are always examined, licence fields
//   need their record (state sibling, plate/software cues), fields named for something else (phone,
//   zip, state, plate…) never hold a candidate.
// - In any other field a value needs nine digits and something besides digits (detectSsn returns
//   nothing below nine digits outside SSN fields; a bare number is never an SSN there, it needs a
//   separator or an SSN word), or a digit and a licence cue: dl, d. or lic (every licence context
//   word holds one; the licence detector finds nothing in text without a context word). See
//   RecordSink in core/records.ts; readers apply it on bytes.
import { ROLE_COUNT, ROLE_GENERIC, ROLE_HITS, ROLE_RECORD, ROLE_TYPE, ROLE_VALUE } from "../core/index.ts";
import { describeField, isGenericIdField, isTypeField } from "./context.ts";

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
      // A generic id may be typed per record by a sibling: examined as neutral unless one declares it.
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

/**
 * Whether a value of a ROLE_HITS field may hold a candidate: nine digits and not only digits, or a
 * digit and a licence cue (dl, d. or lic in any case: every context word DL_CONTEXT_RE knows holds
 * one). The byte-level twin is formats/screen-bytes.ts.
 */
export function mayHoldCandidate(value: string): boolean {
  let digits = 0;
  let cue = false;
  let p1 = 0;
  let p2 = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      p2 = p1;
      p1 = c;
      continue;
    }
    const l = c | 32;
    if (!cue) {
      cue = (p1 === 100 && (l === 108 || l === 46)) || (p1 === 105 && p2 === 108 && l === 99);
    }
    p2 = p1;
    p1 = l;
  }
  return (digits >= 9 && digits < n) || (cue && digits > 0);
}
