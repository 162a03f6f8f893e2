// Driver's-license number formats per state, written independently of the detectors' table so
// each side cross-checks the other. One format per state: the most common current one.
import type { Rng } from "./rng.ts";

// biome-ignore format: one compact table reads better than 51 lines
export const STATE_CODES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
  "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
  "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
] as const;
export type StateCode = (typeof STATE_CODES)[number];

/** Template alphabet: `@` letter, `#` digit, `*` letter or digit; anything else is literal. */
const TEMPLATES: Record<StateCode, string> = {
  AL: "#######",
  AK: "#######",
  AZ: "@########",
  AR: "#########",
  CA: "@#######",
  CO: "#########",
  CT: "#########", // first two digits 01–24: see SPECIAL_FORMATS
  DE: "#######",
  DC: "#######",
  FL: "@############",
  GA: "#########",
  HI: "H########",
  ID: "@@######@",
  IL: "@###########",
  IN: "##########",
  IA: "###@@####",
  KS: "K########",
  KY: "@########",
  LA: "00#######",
  ME: "#######",
  MD: "@############",
  MA: "S########",
  MI: "@############",
  MN: "@############",
  MS: "#########",
  MO: "@#########",
  MT: "#############",
  NE: "@########",
  NV: "##########",
  NH: "##@@@#####",
  NJ: "@##############",
  NM: "#########",
  NY: "#########",
  NC: "############",
  ND: "@@@######",
  OH: "@@######",
  OK: "@#########",
  OR: "#######",
  PA: "########",
  RI: "#######",
  SC: "#########",
  SD: "########",
  TN: "#########",
  TX: "########",
  UT: "#########",
  VT: "########",
  VA: "@########",
  WA: "WDL*********",
  WV: "@######",
  WI: "@#############",
  WY: "#########",
};

/** Rules a template cannot express. CT: the first two digits encode the birth month (01–24). */
const SPECIAL_FORMATS: Partial<Record<StateCode, { pattern: RegExp; generate: (rng: Rng) => string }>> = {
  CT: {
    pattern: /^(0[1-9]|1\d|2[0-4])\d{7}$/,
    generate: (rng) => `${String(rng.int(1, 24)).padStart(2, "0")}${rng.digits(7)}`,
  },
};

/** How some states print the number on the card (group sizes over the compact value). */
const PRINTED_GROUPS: Partial<Record<StateCode, { sizes: number[]; sep: string }>> = {
  FL: { sizes: [4, 3, 2, 3, 1], sep: "-" },
  IL: { sizes: [4, 4, 4], sep: "-" },
  WI: { sizes: [4, 4, 4, 2], sep: "-" },
  MD: { sizes: [1, 3, 3, 3, 3], sep: "-" },
  MI: { sizes: [1, 3, 3, 3, 3], sep: " " },
  NJ: { sizes: [5, 5, 5], sep: " " },
};

export interface LicenseFormat {
  state: StateCode;
  template: string;
  /** Anchored pattern of the compact value. */
  pattern: RegExp;
  /** Human-readable, e.g. "1 letter + 7 digits". */
  description: string;
}

export const LICENSE_FORMATS: Record<StateCode, LicenseFormat> = Object.fromEntries(
  STATE_CODES.map((state) => {
    const template = TEMPLATES[state];
    const pattern = SPECIAL_FORMATS[state]?.pattern ?? templatePattern(template);
    return [state, { state, template, pattern, description: describe(template) }];
  }),
) as Record<StateCode, LicenseFormat>;

export function isStateCode(value: string): value is StateCode {
  return (STATE_CODES as readonly string[]).includes(value);
}

/** A compact license number in `state`'s format. */
export function syntheticLicense(rng: Rng, state: StateCode): string {
  const special = SPECIAL_FORMATS[state];
  if (special) return special.generate(rng);
  let out = "";
  for (const ch of TEMPLATES[state]) {
    out += ch === "@" ? rng.letters(1) : ch === "#" ? rng.digits(1) : ch === "*" ? rng.alnum(1) : ch;
  }
  return out;
}

/** The number as printed on the card for states that group it; otherwise unchanged. */
export function printedLicense(value: string, state: StateCode): string {
  const layout = PRINTED_GROUPS[state];
  if (!layout) return value;
  const parts: string[] = [];
  let at = 0;
  for (const size of layout.sizes) {
    parts.push(value.slice(at, at + size));
    at += size;
  }
  return parts.join(layout.sep);
}

export const PRINTED_STATES = Object.keys(PRINTED_GROUPS) as StateCode[];

function templatePattern(template: string): RegExp {
  const body = [...template]
    .map((ch) => (ch === "@" ? "[A-Z]" : ch === "#" ? "\\d" : ch === "*" ? "[A-Z0-9]" : ch))
    .join("");
  return new RegExp(`^${body}$`);
}

function describe(template: string): string {
  const runs: string[] = [];
  const re = /(@+|#+|\*+|[^@#*]+)/g;
  for (const [run] of template.matchAll(re)) {
    const n = run.length;
    const first = run[0];
    if (first === "@") runs.push(`${n} letter${n > 1 ? "s" : ""}`);
    else if (first === "#") runs.push(`${n} digit${n > 1 ? "s" : ""}`);
    else if (first === "*") runs.push(`${n} letters/digits`);
    else runs.push(`"${run}"`);
  }
  return runs.join(" + ");
}
