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
import {
  ROLE_CONTEXT,
  ROLE_COUNT,
  ROLE_GENERIC,
  ROLE_HITS,
  ROLE_RECORD,
  ROLE_TYPE,
  ROLE_VALUE,
} from "../core/index.ts";
import { describeField, isGenericIdField, isTypeField } from "./context.ts";

export { mayHoldCandidate } from "../core/index.ts";

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
    case "state":
      // No detector looks at a state field, but licence fields read their state sibling.
      role = ROLE_COUNT | ROLE_CONTEXT;
      break;
    default:
      // negative-license (plates, keys, professional licences): no detector looks at them.
      role = ROLE_COUNT;
  }
  if (isTypeField(path)) role |= ROLE_TYPE | ROLE_CONTEXT;
  if (ROLES.size >= ROLE_CACHE_LIMIT) ROLES.clear();
  ROLES.set(path, role);
  return role;
}
