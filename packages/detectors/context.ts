// Context: what a field name says about its values, which words sit near a match in free text, and which
// state issued a license. Field names are classified once and cached: the scanner sees few distinct paths.
import type { FieldValue, ScanRecord } from "../core/index.ts";
import { LICENSE_FORMATS } from "./license-formats.ts";

export type FieldKind = "ssn" | "license" | "state" | "negative-license" | "neutral";

export interface FieldInfo {
  kind: FieldKind;
  /** The name says the values are something other than SSNs (phone, zip, account, license, …). */
  notSsn: boolean;
  /** A license field named for drivers (driver_license, dl_number), not just "license". */
  explicitDriver: boolean;
  /** A state field named for the license (dl_state, issuing_state), preferred over an address state. */
  licenseState: boolean;
}

const NEUTRAL: FieldInfo = Object.freeze({
  kind: "neutral",
  notSsn: false,
  explicitDriver: false,
  licenseState: false,
});

// ---------------------------------------------------------------------------------------------------------
// Field names

/** Segments that only say "the value of the parent": customer.license.number is about "license". */
const GENERIC = new Set(
  "number numbers no num nbr nr id ids value val digits code text raw data info details detail string str plain plaintext cleartext clear formatted full original field col column # v".split(
    " ",
  ),
);

/** Trailing words that make a field describe the number rather than hold it (license_class, ssn_last4). */
const QUALIFIERS = new Set(
  (
    "name first last middle status verified verification verify valid validated validation flag type class " +
    "category cat date dt exp expiry expiration expires expire expired issued issue issuance country count cnt " +
    "source src provided present exists required reason url link path file filename image img photo pic scan " +
    "front back endorsement endorsements restriction restrictions points suspended suspension revoked length len " +
    "format mask masked checked confirmed match matched on at by hint label description desc notes note comment " +
    "comments error message msg method level score risk result kind year month day age holder owner address city " +
    "email phone attempts suffix prefix digit speed rate size bytes progress last4 four"
  ).split(" "),
);

/** Bases that may carry a glued "number"/"no"/"id" suffix (dlnum, ssno, taxid, licno, phonenumber). */
const GLUE_BASES = new Set(
  "ss ssn dl dln cdl lic license licence driverslicense driverlicense drivinglicense driverslicence driverlicence drivinglicence tax taxpayer tin phone account acct routing order invoice zip policy member customer card passport plate serial npi ein vin employee student patient ticket case tracking".split(
    " ",
  ),
);
const GLUE_SUFFIXES = ["number", "numb", "num", "nbr", "nr", "no", "id"];

const SSN_TOKENS = new Set(["ssn", "ssns", "ssan", "socsec", "tin", "taxid"]);
const NUMBERISH = new Set(["num", "no", "number", "nbr", "nr", "#", "numb"]);
const TAX_ID_SUFFIX = new Set(["id", "identification", "ident", "no", "num", "number", "nbr"]);

const DRIVER_WORDS = new Set(["driver", "drivers", "driving", "operator", "operators", "motorist", "motor"]);
const DL_TOKENS = new Set(["dl", "dln", "dls", "cdl"]);

/** Words that make a "license" something other than a driver's license. */
const NEG_WITH_LICENSE = new Set(
  (
    "plate plates tag tags vehicle vehicles veh car cars auto vin key keys serial software product activation seat " +
    "seats saas subscription business biz professional prof medical med nursing nurse rn physician doctor pharmacy " +
    "pharmacist dea liquor alcohol contractor cosmetology barber estate realestate realtor broker insurance firearm " +
    "firearms gun fishing hunting marriage pilot faa radio pet dog vendor trade bar attorney lawyer cpa teacher " +
    "teaching childcare daycare food health npi passport permit registration app application sales tax notary agent " +
    "plumbing electrical electrician engineer architect"
  ).split(" "),
);
/** Ids that are never a driver's license, with or without the word license. */
const NEG_STANDALONE = new Set(
  "plate plates platenumber licenseplate passport vin npi serial permit registration productkey activation imei".split(
    " ",
  ),
);
/** "key" with one of these is a software/product key: product_key, activation_key, serial_key. */
const KEY_OWNERS = new Set(["product", "software", "activation", "serial", "registration", "cd", "install"]);
/** Parent segments that turn a bare "license" into a plate, key or professional license. */
const NEG_ANCESTORS = new Set(
  "vehicle vehicles car cars auto automobile software product products app apps business company vendor provider providers professional medical license_plate".split(
    " ",
  ),
);

/** Names of values that are not SSNs even when shaped like one. */
const SSN_BLOCK = new Set(
  (
    "phone phones tel telephone mobile cell cellphone fax zip zipcode zip4 postal postcode routing aba rtn account " +
    "accounts acct iban swift bic card cc pan order orders invoice inv tracking shipment awb part sku upc ean gtin " +
    "isbn issn asin date dob birthdate birthday time timestamp ts created updated case ticket incident serial npi ein " +
    "fein itin vin imei meid iccid imsi msisdn passport policy claim ip ipv4 mac version ver price amount total " +
    "balance qty quantity lat lng lon latitude longitude checksum uuid guid confirmation reservation booking pnr " +
    "transaction txn payment receipt check cheque batch lot mrn plate ext extension pin otp year fedex ups usps " +
    "ssid"
  ).split(" "),
);
const SSN_BLOCK_STEMS = [
  "phone",
  "telephone",
  "zipcode",
  "postal",
  "routing",
  "account",
  "invoice",
  "tracking",
  "serial",
  "passport",
  "timestamp",
  "confirmation",
  "reservation",
  "transaction",
];

const STATE_WORDS = new Set(["state", "st", "jurisdiction", "juris", "province"]);
const STATE_TAIL = new Set([
  "state",
  "st",
  "jurisdiction",
  "juris",
  "province",
  "code",
  "abbr",
  "abbrev",
  "abbreviation",
  "cd",
  "name",
  "issue",
  "issued",
  "issuance",
  "issuing",
]);
/** Free-text fields: named for prose, never blocked (a "case_notes" column may quote an SSN). */
const PROSE = new Set(
  "notes note comment comments description desc remarks remark memo message msg body narrative summary log content".split(
    " ",
  ),
);
const BOOLEAN_HEADS = new Set(["has", "is", "was", "needs", "can", "should", "did", "does"]);

/** Lowercase name tokens: snake, kebab, spaces, camelCase, acronyms (DLNumber), letter/digit edges, "#". */
export function nameTokens(name: string): string[] {
  const raw: string[] = [];
  let cur = "";
  let prev = 0; // 0 none, 1 lower, 2 upper, 3 digit
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const t = c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 3 : 0;
    if (t === 0) {
      if (cur) raw.push(cur.toLowerCase());
      cur = "";
      if (c === 35) raw.push("#");
      prev = 0;
      continue;
    }
    let split = false;
    if (cur) {
      if ((prev === 3) !== (t === 3)) split = true;
      else if (prev === 1 && t === 2) split = true;
      else if (prev === 2 && t === 2) {
        const n = name.charCodeAt(i + 1);
        if (n >= 97 && n <= 122) split = true; // DLNumber: DL|Number
      }
    }
    if (split) {
      raw.push(cur.toLowerCase());
      cur = "";
    }
    cur += name[i];
    prev = t;
  }
  if (cur) raw.push(cur.toLowerCase());
  // Runs of single letters are an acronym written with dots or spaces: "D.L." → dl, "S S N" → ssn.
  const merged: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const tok = raw[i] as string;
    if (
      tok.length === 1 &&
      /[a-z]/.test(tok) &&
      raw[i + 1]?.length === 1 &&
      /[a-z]/.test(raw[i + 1] as string)
    ) {
      let acc = tok;
      while (raw[i + 1]?.length === 1 && /[a-z]/.test(raw[i + 1] as string)) acc += raw[++i];
      merged.push(acc);
    } else merged.push(tok);
  }
  // Glued suffixes on known bases: dlnum → dl num, taxid → tax id, phonenumber → phone number.
  const out: string[] = [];
  for (const tok of merged) {
    let done = false;
    for (const suf of GLUE_SUFFIXES) {
      if (tok.length > suf.length + 1 && tok.endsWith(suf) && GLUE_BASES.has(tok.slice(0, -suf.length))) {
        out.push(tok.slice(0, -suf.length), suf);
        done = true;
        break;
      }
    }
    if (!done) out.push(tok);
  }
  return out;
}

/** Path segments without array indices: "a.b[0].c" → [a, b, c]. */
function pathSegments(path: string): string[] {
  return path.split(/[.[\]/]+/).filter((s) => s !== "" && s !== "$" && !/^\d+$/.test(s));
}

function isGenericSegment(tokens: string[]): boolean {
  return tokens.length > 0 && tokens.every((t) => GENERIC.has(t) || /^\d+$/.test(t));
}

function hasSsnSignal(toks: string[], concat: string): boolean {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const n = toks[i + 1];
    if (SSN_TOKENS.has(t)) return true;
    if (t.length > 3 && (t.startsWith("ssn") || t.endsWith("ssn"))) return true;
    if (n === undefined) continue;
    if (t === "ss" && NUMBERISH.has(n)) return true;
    if ((t === "social" || t === "soc") && (n === "security" || n === "sec")) return true;
    if ((t === "tax" || t === "taxpayer") && TAX_ID_SUFFIX.has(n)) return true;
  }
  return concat.includes("socialsecurity") || concat.includes("socsec") || concat.includes("taxpayerid");
}

function isLicenseWord(t: string): boolean {
  return t === "lic" || t.startsWith("licen");
}

function hasAny(toks: string[], set: Set<string>): boolean {
  for (const t of toks) if (set.has(t)) return true;
  return false;
}

function classify(path: string): FieldInfo {
  const segs = pathSegments(path);
  // "D.L. Number", "S.S.N.": dots inside a column name, not a JSON path.
  if (segs.length > 1 && segs.some((s) => s.trim().length === 1)) {
    const whole = classifySegments([path]);
    if (whole.kind !== "neutral" || whole.notSsn) return whole;
  }
  return classifySegments(segs);
}

function classifySegments(segs: string[]): FieldInfo {
  let idx = segs.length - 1;
  let toks: string[] = [];
  while (idx >= 0) {
    toks = nameTokens(segs[idx] as string);
    if (!isGenericSegment(toks)) break;
    idx--;
  }
  if (idx < 0 || toks.length === 0) return NEUTRAL;
  const ancestors = segs.slice(0, idx).flatMap((s) => nameTokens(s));
  const meaningful = toks.filter((t) => !GENERIC.has(t) && !/^\d+$/.test(t));
  const last = meaningful[meaningful.length - 1] ?? "";
  const rawLast = toks[toks.length - 1] as string;
  const concat = toks.join("");

  if (BOOLEAN_HEADS.has(toks[0] as string) && toks.length > 1) {
    return { kind: "neutral", notSsn: true, explicitDriver: false, licenseState: false };
  }
  if (PROSE.has(toks[toks.length - 1] as string)) return NEUTRAL;
  const license = toks.some(isLicenseWord) || hasAny(toks, DL_TOKENS);
  const driver =
    hasAny(toks, DL_TOKENS) ||
    (hasAny(toks, DRIVER_WORDS) && toks.some(isLicenseWord)) ||
    /driv(?:er|ers|ing)lic|operators?lic/.test(concat);

  // State: "state", "dl_state", "issuing_state", "state_code", "state_of_issue"; not "state_id" (an id number).
  if (
    (STATE_WORDS.has(last) || (hasAny(toks, STATE_WORDS) && STATE_TAIL.has(rawLast))) &&
    STATE_TAIL.has(rawLast)
  ) {
    const licenseState =
      license ||
      driver ||
      toks.includes("issuing") ||
      toks.includes("issue") ||
      toks.includes("issued") ||
      toks.includes("issuer");
    return { kind: "state", notSsn: true, explicitDriver: false, licenseState };
  }
  if (hasSsnSignal(toks, concat)) {
    if (QUALIFIERS.has(last))
      return { kind: "neutral", notSsn: true, explicitDriver: false, licenseState: false };
    return { kind: "ssn", notSsn: false, explicitDriver: false, licenseState: false };
  }
  if (license || driver) {
    const negative =
      QUALIFIERS.has(last) ||
      hasAny(toks, NEG_WITH_LICENSE) ||
      (!driver && hasAny(ancestors, NEG_ANCESTORS) && !hasAny(ancestors, DRIVER_WORDS));
    if (negative)
      return { kind: "negative-license", notSsn: true, explicitDriver: false, licenseState: false };
    const explicitDriver = driver || hasAny(ancestors, DRIVER_WORDS) || hasAny(ancestors, DL_TOKENS);
    return { kind: "license", notSsn: true, explicitDriver, licenseState: false };
  }
  if (hasAny(toks, NEG_STANDALONE) || (toks.includes("key") && hasAny(toks, KEY_OWNERS))) {
    return { kind: "negative-license", notSsn: true, explicitDriver: false, licenseState: false };
  }
  const blocked = hasAny(toks, SSN_BLOCK) || toks.some((t) => SSN_BLOCK_STEMS.some((s) => t.startsWith(s)));
  return blocked ? { kind: "neutral", notSsn: true, explicitDriver: false, licenseState: false } : NEUTRAL;
}

const CACHE = new Map<string, FieldInfo>();
const CACHE_LIMIT = 50_000;

/** What a field path says about its values (cached: the hot loop calls this per value). */
export function describeField(fieldPath: string | null): FieldInfo {
  if (fieldPath === null || fieldPath === "") return NEUTRAL;
  let info = CACHE.get(fieldPath);
  if (info === undefined) {
    info = classify(fieldPath);
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(fieldPath, info);
  }
  return info;
}

/** The kind of a field from its path: ssn, license, state, negative-license (plate, key, npi…) or neutral. */
export function fieldKind(fieldPath: string | null): FieldKind {
  return describeField(fieldPath).kind;
}

// ---------------------------------------------------------------------------------------------------------
// Nearby words in free text

// Word edges are checked by hand ((?<![a-z0-9]) … (?![a-z])) because "\b" misreads "s.s.n." and "lic#".
const SSN_CONTEXT_RE =
  /(?<![a-z0-9])(?:ssns?|s\.\s?s\.\s?n\.?|social[\s_-]*sec(?:urity|\.)?|soc\.?[\s_-]*sec\.?|ss[\s_-]*(?:#|no\.?|num(?:ber)?|nbr)|tax(?:payer)?[\s_-]*(?:id(?:entification)?|number|no\.?)|taxpayer|tin)(?![a-z])/gi;

const SSN_NEGATIVE_RE =
  /(?<![a-z0-9])(?:phone|ph|tel|telephone|fax|mobile|cell|call|zip(?:code)?|postal|order|ord|invoice|inv|acct|account|routing|aba|ticket|case|tracking|isbn|sku|part|serial|s\/n|ein|fein|itin|npi|policy|claim|confirmation|conf|ref|reference|po|model|version|ver|item|dl|dln|driver['’]?s?[\s_-]*licen[cs]e|passport|plate)(?![a-z])/gi;

const DL_CONTEXT_RE =
  /(?<![a-z0-9])(?:d\.\s?l\.?|dln|dl|cdl|driver['’]?s?[\s_-]*(?:licen[cs]es?|lic\.?)|driving[\s_-]*(?:licen[cs]es?|lic\.?)|operator['’]?s?[\s_-]*licen[cs]es?|(lic(?:en[cs]e)?\.?[\s_-]*(?:#|no\.?|num(?:ber)?|nbr)))(?![a-z])/gi;

const DL_NEGATIVE_RE =
  /(?<![a-z0-9])(?:plates?|tag|vehicle|vin|registration|reg|passport|npi|business|professional|prof|medical|nursing|contractor|liquor|software|product|key|serial|permit|insurance|policy|phone|tel|fax|order|invoice|account|acct|routing|ssn|social[\s_-]*security|tracking|isbn|sku|zip|ein|dea|bar|cpa|real[\s_-]*estate|realtor|broker|firearms?|fishing|hunting|marriage|pilot|faa)(?![a-z])/gi;

export const CONTEXT_BEFORE = 40;
const SSN_CONTEXT_AFTER = 20;
const DL_CONTEXT_AFTER = 15;
const DL_NEGATIVE_AFTER = 8;

/** Context near a match: 2 explicit word, 1 generic word (lic#), 0 none, -1 a nearer word says otherwise. */
export type Nearby = 2 | 1 | 0 | -1;

function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/**
 * Whether a word after a match is the label of the next value ("407182593, SSN: 234-56-7891"): after a few
 * separators comes a token with a digit. Such a word says nothing about the match before it.
 */
function labelsNext(text: string, pos: number): boolean {
  let i = pos;
  const stop = Math.min(text.length, pos + 4);
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 58 && c !== 35 && c !== 45 && c !== 46 && c !== 61 && c !== 9) break;
    i++;
  }
  for (let k = 0; i < text.length && k < 20; i++, k++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    const l = c | 32;
    if (l < 97 || l > 122) return false;
  }
  return false;
}

function nearby(
  text: string,
  start: number,
  end: number,
  positive: RegExp,
  negative: RegExp,
  after: number,
  negativeAfter: number,
): Nearby {
  // Window edges move out to whole words so a cut word ("assn" → "ssn") cannot match.
  let ws = Math.max(0, start - CONTEXT_BEFORE);
  for (let k = 0; ws > 0 && k < 24 && isLetter(text.charCodeAt(ws - 1)); k++) ws--;
  let we = Math.min(text.length, end + after);
  for (let k = 0; we < text.length && k < 24 && isLetter(text.charCodeAt(we)); k++) we++;
  if (ws === start && we === end) return 0;
  const win = text.slice(ws, we);
  const s0 = start - ws;
  const e0 = end - ws;
  let negDist = Number.POSITIVE_INFINITY;
  /** Ends of negative words: one right before a license/SSN word qualifies it ("business license no."). */
  let negEnds: number[] | null = null;
  negative.lastIndex = 0;
  for (let m = negative.exec(win); m !== null; m = negative.exec(win)) {
    const mEnd = m.index + m[0].length;
    negEnds ??= [];
    negEnds.push(mEnd);
    const d = mEnd <= s0 ? s0 - mEnd : m.index >= e0 ? m.index - e0 : -1;
    if (d < 0 || d > CONTEXT_BEFORE) continue;
    if (m.index >= e0 && (d > negativeAfter || labelsNext(text, ws + mEnd))) continue;
    if (d < negDist) negDist = d;
  }
  let posDist = Number.POSITIVE_INFINITY;
  let posKind: Nearby = 0;
  positive.lastIndex = 0;
  for (let m = positive.exec(win); m !== null; m = positive.exec(win)) {
    const mEnd = m.index + m[0].length;
    const d = mEnd <= s0 ? s0 - mEnd : m.index >= e0 ? m.index - e0 : -1;
    if (d < 0 || d > CONTEXT_BEFORE || (m.index >= e0 && (d > after || labelsNext(text, ws + mEnd))))
      continue;
    const qualified = negEnds?.some((ne) => ne <= m.index && m.index - ne <= 2) ?? false;
    if (qualified) {
      if (d < negDist) negDist = d;
      continue;
    }
    if (d < posDist) {
      posDist = d;
      posKind = m[1] === undefined ? 2 : 1;
    }
  }
  if (posKind !== 0 && posDist <= negDist) return posKind;
  return negDist < Number.POSITIVE_INFINITY ? -1 : 0;
}

/** SSN words near text[start, end): 2 when an SSN word is nearest, -1 when a phone/order/… word is, else 0. */
export function ssnContextNear(text: string, start: number, end: number): Nearby {
  return nearby(text, start, end, SSN_CONTEXT_RE, SSN_NEGATIVE_RE, SSN_CONTEXT_AFTER, 0);
}

/** License words near text[start, end): 2 explicit (DL, driver's license), 1 generic (lic#), -1 plate/key/…, 0. */
export function licenseContextNear(text: string, start: number, end: number): Nearby {
  return nearby(text, start, end, DL_CONTEXT_RE, DL_NEGATIVE_RE, DL_CONTEXT_AFTER, DL_NEGATIVE_AFTER);
}

/** Positions of license context words in text, as [start, end) pairs (for scanning only near them). */
export function licenseContextSpans(text: string): number[] {
  const spans: number[] = [];
  DL_CONTEXT_RE.lastIndex = 0;
  for (let m = DL_CONTEXT_RE.exec(text); m !== null; m = DL_CONTEXT_RE.exec(text)) {
    spans.push(m.index, m.index + m[0].length);
  }
  return spans;
}

/**
 * Cheap screen before any license regex: does the text hold a digit and something that could start a
 * license word ("dl", "d.l", "driv", "lic", "oper")? One charCode pass, no allocation.
 */
export function mayHaveLicenseContext(text: string): boolean {
  let digit = false;
  let cue = false;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digit = true;
      if (cue) return true;
      continue;
    }
    const l = c | 32;
    if (cue) continue;
    const n = text.charCodeAt(i + 1) | 32;
    if (
      (l === 100 && (n === 108 || n === 46 || n === 114)) ||
      (l === 108 && n === 105) ||
      (l === 111 && n === 112)
    ) {
      cue = true;
      if (digit) return true;
    }
  }
  if (!digit && text.length > 0) {
    const c = text.charCodeAt(text.length - 1);
    digit = c >= 48 && c <= 57;
  }
  return digit && cue;
}

/** Cheap screen before SSN context regexes: any s/S/t/T (ssn, social, soc sec, tax id, tin)? */
export function mayHaveSsnContext(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const l = text.charCodeAt(i) | 32;
    if (l === 115 || l === 116) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// States

const NAME_TO_CODE = new Map<string, string>();
for (const s of LICENSE_FORMATS) NAME_TO_CODE.set(s.name.toLowerCase(), s.code);
// AP-style and common abbreviations, for values of state columns (not used in free text).
const ABBREVIATIONS: Record<string, string> = {
  ala: "AL",
  ariz: "AZ",
  ark: "AR",
  calif: "CA",
  cal: "CA",
  colo: "CO",
  conn: "CT",
  del: "DE",
  fla: "FL",
  ga: "GA",
  ill: "IL",
  ind: "IN",
  kan: "KS",
  kans: "KS",
  ky: "KY",
  la: "LA",
  md: "MD",
  mass: "MA",
  mich: "MI",
  minn: "MN",
  miss: "MS",
  mo: "MO",
  mont: "MT",
  neb: "NE",
  nebr: "NE",
  nev: "NV",
  okla: "OK",
  ore: "OR",
  oreg: "OR",
  pa: "PA",
  penn: "PA",
  tenn: "TN",
  tex: "TX",
  vt: "VT",
  va: "VA",
  wash: "WA",
  wis: "WI",
  wisc: "WI",
  wyo: "WY",
  dc: "DC",
  "washington dc": "DC",
  "washington d c": "DC",
  "district of columbia": "DC",
  "w va": "WV",
  "n dak": "ND",
  "s dak": "SD",
};
for (const [k, v] of Object.entries(ABBREVIATIONS)) NAME_TO_CODE.set(k, v);
const CODES = new Set(LICENSE_FORMATS.map((s) => s.code));

/** A two-letter code from a code, a full name or a common abbreviation (case-insensitive); else null. */
export function normalizeState(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.length === 2) {
    // Hot path: the sibling already holds a code ("CA"); no allocation when it is uppercase.
    const a = value.charCodeAt(0);
    const b = value.charCodeAt(1);
    if (a >= 65 && a <= 90 && b >= 65 && b <= 90) return CODES.has(value) ? value : null;
  }
  const t = value.trim();
  if (t.length === 2) {
    const up = t.toUpperCase();
    return CODES.has(up) ? up : null;
  }
  if (t.length < 2 || t.length > 40) return null;
  const up = t.toUpperCase();
  if (up.startsWith("US-") && t.length === 5) return CODES.has(up.slice(3)) ? up.slice(3) : null;
  const key = t.toLowerCase().replace(/[.,]/g, " ").replace(/\s+/g, " ").trim();
  if (key.length === 2) {
    const k = key.toUpperCase();
    return CODES.has(k) ? k : null;
  }
  if (/^[a-z] [a-z]$/.test(key)) {
    const k = key.replace(" ", "").toUpperCase(); // "N.Y." → NY
    return CODES.has(k) ? k : null;
  }
  return NAME_TO_CODE.get(key) ?? null;
}

function sharedSegments(a: string, b: string): number {
  let shared = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    if (ca !== b.charCodeAt(i)) return shared;
    if (ca === 46 || ca === 91) shared++; // "." or "[" closes a segment
  }
  return shared;
}

/**
 * The two-letter state for fieldPath from a sibling state field of the same record: the state field sharing
 * the longest path prefix wins (customer.license.state for customer.license.number), then a license-specific
 * name (dl_state over an address state), then the nearest column. Values that are not states are skipped.
 */
export function stateHintForField(record: ScanRecord, fieldPath: string | null): string | null {
  let best: string | null = null;
  let bestShared = -1;
  let bestSpecific = false;
  let bestDistance = Number.POSITIVE_INFINITY;
  const fields = record.fields;
  let self = -1;
  if (fieldPath !== null) {
    for (let i = 0; i < fields.length && self < 0; i++)
      if ((fields[i] as FieldValue).path === fieldPath) self = i;
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    // An empty value names no state (screened records leave non-context siblings empty).
    if (f === undefined || f.path === null || f.path === fieldPath || f.value.length === 0) continue;
    const info = describeField(f.path);
    if (info.kind !== "state") continue;
    const code = normalizeState(f.value);
    if (code === null) continue;
    const shared = fieldPath === null ? 0 : sharedSegments(fieldPath, f.path);
    const distance = self < 0 ? i : Math.abs(i - self);
    const better =
      shared > bestShared ||
      (shared === bestShared &&
        ((info.licenseState && !bestSpecific) ||
          (info.licenseState === bestSpecific && distance < bestDistance)));
    if (better) {
      best = code;
      bestShared = shared;
      bestSpecific = info.licenseState;
      bestDistance = distance;
    }
  }
  return best;
}

// Sibling cues: a bare "license" column next to vin/make/model is a plate; next to product/version/seats a
// software license; next to npi/specialty a professional one. Cue bits per path are cached.
const CUE_VEHICLE = 1;
const CUE_MAKE = 2;
const CUE_MODEL = 4;
const CUE_SOFTWARE = 8;
const CUE_PRODUCT = 16;
const CUE_VERSION = 32;
const CUE_PROFESSIONAL = 64;
const VEHICLE_CUES = new Set([
  "vin",
  "plate",
  "plates",
  "vehicle",
  "vehicles",
  "odometer",
  "mileage",
  "registration",
]);
const SOFTWARE_CUES = new Set([
  "software",
  "seats",
  "seat",
  "activation",
  "subscription",
  "saas",
  "sku",
  "vendor",
]);
const PROFESSIONAL_CUES = new Set(["npi", "specialty", "profession", "dea", "ein", "fein", "dba", "board"]);
const CUE_CACHE = new Map<string, number>();

function cuesOf(path: string): number {
  let bits = CUE_CACHE.get(path);
  if (bits !== undefined) return bits;
  bits = 0;
  const segs = pathSegments(path);
  const toks = nameTokens(segs[segs.length - 1] ?? "");
  for (const t of toks) {
    if (VEHICLE_CUES.has(t)) bits |= CUE_VEHICLE;
    else if (t === "make") bits |= CUE_MAKE;
    else if (t === "model") bits |= CUE_MODEL;
    else if (SOFTWARE_CUES.has(t)) bits |= CUE_SOFTWARE;
    else if (t === "product") bits |= CUE_PRODUCT;
    else if (t === "version") bits |= CUE_VERSION;
    else if (PROFESSIONAL_CUES.has(t)) bits |= CUE_PROFESSIONAL;
  }
  if (CUE_CACHE.size >= CACHE_LIMIT) CUE_CACHE.clear();
  CUE_CACHE.set(path, bits);
  return bits;
}

/**
 * fieldKind with the record's other fields as evidence: a license field not named for drivers ("license",
 * "license_number") becomes "negative-license" when its siblings describe a vehicle (vin, plate, make and
 * model), software (seats, activation, product and version) or a professional (npi, specialty). For the
 * engine, which can skip the license detector for such fields; detect() itself sees only the path.
 */
export function fieldKindInRecord(record: ScanRecord, fieldPath: string | null): FieldKind {
  const info = describeField(fieldPath);
  if (info.kind !== "license" || info.explicitDriver) return info.kind;
  let bits = 0;
  for (const f of record.fields) {
    if (f.path !== null && f.path !== fieldPath) bits |= cuesOf(f.path);
  }
  const vehicle = (bits & CUE_VEHICLE) !== 0 || (bits & (CUE_MAKE | CUE_MODEL)) === (CUE_MAKE | CUE_MODEL);
  const software =
    (bits & CUE_SOFTWARE) !== 0 || (bits & (CUE_PRODUCT | CUE_VERSION)) === (CUE_PRODUCT | CUE_VERSION);
  const professional = (bits & CUE_PROFESSIONAL) !== 0;
  return vehicle || software || professional ? "negative-license" : "license";
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const STATE_NAMES_SORTED = LICENSE_FORMATS.map((s) => s.name)
  .filter((n) => n !== "District of Columbia")
  .sort((a, b) => b.length - a.length);
const STATE_NAME_RE = new RegExp(
  `(?<![a-z])(?:district\\s+of\\s+columbia|washington,?\\s*d\\.?\\s?c\\.?|${STATE_NAMES_SORTED.map((n) =>
    escapeRe(n.toLowerCase()).replace(/ /g, "\\s+"),
  ).join("|")})(?![a-z])`,
  "gi",
);
// Codes only in capitals in free text: "in", "or", "me", "ok" are words. "ID" only as "(ID)".
const STATE_CODE_RE = new RegExp(
  `(?<![A-Za-z])(?:${LICENSE_FORMATS.map((s) => s.code)
    .filter((c) => c !== "ID")
    .join("|")}|(?<=\\()ID(?=\\)))(?![A-Za-z])`,
  "g",
);
/** What may stand between a state and its number: punctuation and license words ("CA DL #", "Florida driver license"). */
const STATE_GAP_RE =
  /^(?:[\s:#,.()[\]\-/]|driver['’]?s?|driving|operator['’]?s?|licen[cs]es?|lic|dl|dln|cdl|d\.l\.|no|num|number|nbr|state|issued|issuing|in|by|from|of|the|is|was)*$/i;
const STATE_BEFORE = 40;
const STATE_AFTER = 20;

function stateCodeOf(match: string): string | null {
  if (match.length === 2) return match;
  return normalizeState(match.replace(/\s+/g, " "));
}

/**
 * A state written next to the number at text[start, end): "CA DL D1234567", "Florida driver license …",
 * "license D1234567 (CA)". Only punctuation and license words may separate them, so an address state further
 * away is not taken for the issuing state. Null when none is adjacent.
 */
export function stateFromText(text: string, start: number, end: number): string | null {
  let best: string | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  const ws = Math.max(0, start - STATE_BEFORE);
  const before = text.slice(ws, start);
  for (const re of [STATE_NAME_RE, STATE_CODE_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(before); m !== null; m = re.exec(before)) {
      const gap = before.slice(m.index + m[0].length);
      if (gap.length < bestDist && STATE_GAP_RE.test(gap)) {
        const code = stateCodeOf(m[0]);
        if (code !== null) {
          best = code;
          bestDist = gap.length;
        }
      }
    }
  }
  const after = text.slice(end, Math.min(text.length, end + STATE_AFTER));
  for (const re of [STATE_NAME_RE, STATE_CODE_RE]) {
    re.lastIndex = 0;
    const m = re.exec(after);
    if (m === null) continue;
    const gap = after.slice(0, m.index);
    if (gap.length < bestDist && STATE_GAP_RE.test(gap)) {
      const code = stateCodeOf(m[0]);
      if (code !== null) {
        best = code;
        bestDist = gap.length;
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// Generic id fields whose sibling declares their type: { "type": "drivers_license", "number": "F123…" }

export const DECLARED_SSN: FieldInfo = Object.freeze({
  kind: "ssn",
  notSsn: false,
  explicitDriver: false,
  licenseState: false,
});

const GENERIC_ID_NAME =
  /^(?:number|num|nbr|no|id|value|identifier|id[\s_-]?(?:number|num|no|value)|document[\s_-]?(?:number|no|id)|doc[\s_-]?(?:number|no|id))$/i;
const TYPE_NAME = /^(?:(?:id|document|doc|identification|identifier|credential)[\s_-]?)?(?:type|kind)$/i;
const DECLARES_LICENSE = /driv|^\s*d\.?\s?l\.?n?\s*$|^\s*cdl\s*$|^\s*(?:state[\s_-]?)?licen[cs]e\s*$/i;
const DECLARES_SSN = /^\s*(?:ssn|s\.s\.n\.?|social[\s_-]*security(?:[\s_-]*(?:number|no))?)\s*$/i;

/** True for field names such as `number`, `id_number`, `value` that say nothing of their content. */
export function isGenericIdField(fieldPath: string): boolean {
  return GENERIC_ID_NAME.test(lastPathSegment(fieldPath));
}

/** True for type fields (`type`, `id_type`, `document_kind`) whose value may declare a generic sibling's kind. */
export function isTypeField(fieldPath: string): boolean {
  return TYPE_NAME.test(lastPathSegment(fieldPath));
}

/** Whether a type field's value declares a licence or an SSN ("DL", "drivers_license", "SSN"). */
export function declaresKind(value: string): boolean {
  return DECLARES_LICENSE.test(value) || DECLARES_SSN.test(value);
}

/** What a sibling type field (same parent path) declares a generic id field holds, if anything. */
export function declaredKindOf(record: ScanRecord, fieldPath: string): "ssn" | "license" | null {
  const parent = parentPath(fieldPath);
  for (const f of record.fields) {
    if (f.path === null || f.path === fieldPath || parentPath(f.path) !== parent) continue;
    if (!TYPE_NAME.test(lastPathSegment(f.path))) continue;
    if (DECLARES_LICENSE.test(f.value)) return "license";
    if (DECLARES_SSN.test(f.value)) return "ssn";
  }
  return null;
}

function lastPathSegment(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? path : path.slice(dot + 1);
}

function parentPath(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot === -1 ? "" : path.slice(0, dot);
}
