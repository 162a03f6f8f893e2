import { describe, expect, it } from "vitest";
import type { DetectionContext } from "../../packages/core/index.ts";
import {
  driversLicenseDetector,
  isNpi,
  LICENSE_FORMATS,
  licenseFormatFor,
  matchAnyState,
  STATE_CODES,
} from "../../packages/detectors/index.ts";

function ctx(path: string | null, stateHint: string | null = null): DetectionContext {
  return { fieldPath: path, fieldName: path === null ? null : (path.split(".").pop() ?? null), stateHint };
}

/** Compact view: normalized:v|i:state:strength. */
function run(text: string, path: string | null, hint: string | null = null): string[] {
  return driversLicenseDetector
    .detect(text, ctx(path, hint))
    .map((c) => `${c.normalized}:${c.valid ? "v" : "i"}:${c.state ?? "-"}:${c.strength}`);
}

/** A synthetic NPI: nine digits plus the Luhn check digit over "80840" + digits. */
function npiFrom(nine: string): string {
  for (let d = 0; d <= 9; d++) if (isNpi(`${nine}${d}`)) return `${nine}${d}`;
  throw new Error("unreachable");
}
const NPI = npiFrom("123456789");

describe("US_DRIVERS_LICENSE detector: license fields", () => {
  it.each([
    ["CA format, CA hint", "D7654321", "dl_number", "CA", ["D7654321:v:CA:strong"]],
    ["CA format, TX hint: the state decides", "D7654321", "dl_number", "TX", ["D7654321:i:TX:weak"]],
    ["TX format, TX hint", "40718253", "dl_number", "TX", ["40718253:v:TX:strong"]],
    ["TX format, CA hint: the state decides", "40718253", "dl_number", "CA", ["40718253:i:CA:weak"]],
    ["hint as a full state name", "D7654321", "dl_number", "california", ["D7654321:v:CA:strong"]],
    ["CA format, no hint: fits some state", "D7654321", "dl_number", null, ["D7654321:v:-:strong"]],
    ["bare 'license' column, no hint: medium", "D7654321", "license", null, ["D7654321:v:-:medium"]],
    ["format unique to WA", "WDL7K2M9Q4X1", "drivers_license", null, ["WDL7K2M9Q4X1:v:WA:strong"]],
    ["format unique to NH", "07KLM40718", "license_number", null, ["07KLM40718:v:NH:strong"]],
    ["format unique to IA", "407XY1825", "license_number", null, ["407XY1825:v:IA:strong"]],
    ["FL printed with dashes", "W420-718-25-930-1", "drivers_license", "FL", ["W420718259301:v:FL:strong"]],
    ["IL printed with dashes", "K407-1825-9301", "dl", "IL", ["K40718259301:v:IL:strong"]],
    ["WI printed with dashes", "B407-1825-9301-72", "dl_no", "WI", ["B4071825930172:v:WI:strong"]],
    ["NY printed with spaces", "407 182 593", "dl_number", "NY", ["407182593:v:NY:strong"]],
    ["NY 8 letters with NY hint", "QWERTZUI", "dl_number", "NY", ["QWERTZUI:v:NY:strong"]],
    [
      "WA legacy with asterisks",
      "ROE**TB407K2",
      "drivers_license_number",
      "WA",
      ["ROE**TB407K2:v:WA:strong"],
    ],
    ["nested customer.license.number", "D7654321", "customer.license.number", "CA", ["D7654321:v:CA:strong"]],
    ["driverLicense.id", "D7654321", "driverLicense.id", "CA", ["D7654321:v:CA:strong"]],
    ["header 'Driver's License #'", "D7654321", "Driver's License #", "CA", ["D7654321:v:CA:strong"]],
    ["header 'D.L. Number'", "D7654321", "D.L. Number", null, ["D7654321:v:-:strong"]],
    ["operator_license", "40718253", "operator_license", "TX", ["40718253:v:TX:strong"]],
    ["state written in the value", "CA D7654321", "dl_number", null, ["D7654321:v:CA:strong"]],
    ["state after the value", "D7654321 (CA)", "dl_number", null, ["D7654321:v:CA:strong"]],
    ["state glued with a dash", "CA-D7654321", "dl_number", null, ["D7654321:v:CA:strong"]],
    ["value state beats the sibling hint", "CA D7654321", "dl_number", "TX", ["D7654321:v:CA:strong"]],
    ["surrounding whitespace", "  D7654321 ", "dl_number", "CA", ["D7654321:v:CA:strong"]],
    ["lowercase value", "d7654321", "dl_number", "CA", ["D7654321:v:CA:strong"]],
    ["placeholder zeros: invalid", "00000000", "dl_number", "TX", ["00000000:i:TX:weak"]],
    ["no state fits: invalid", "ZZ9Q", "dl_number", null, []],
    ["long unmatched alnum: invalid", "QQ12QQ34QQ", "dl_number", null, ["QQ12QQ34QQ:i:-:weak"]],
  ])("%s", (_name, text, path, hint, expected) => {
    expect(run(text, path, hint)).toEqual(expected);
  });
});

describe("US_DRIVERS_LICENSE detector: free text", () => {
  it.each([
    ["'DL:' before", "DL: D7654321", ["D7654321:v:-:medium"]],
    ["driver's license no.", "driver's license no. D7654321 on file", ["D7654321:v:-:medium"]],
    ["drivers licence", "drivers licence D7654321", ["D7654321:v:-:medium"]],
    ["driving licence", "driving licence: D7654321", ["D7654321:v:-:medium"]],
    ["D.L.", "D.L. D7654321", ["D7654321:v:-:medium"]],
    ["DLN", "DLN 407182593", ["407182593:v:-:medium"]],
    ["lic# is generic: weak", "lic# D7654321", ["D7654321:v:-:weak"]],
    ["state code before: strong", "CA DL D7654321 issued 2019", ["D7654321:v:CA:strong"]],
    ["state name before", "Florida driver license W420-718-25-930-1", ["W420718259301:v:FL:strong"]],
    ["state in parentheses after", "DL D7654321 (CA)", ["D7654321:v:CA:strong"]],
    ["state adjacent but format does not fit", "TX DL D7654321", []],
    ["address state is not adjacent", "Austin TX 78701, DL D7654321", ["D7654321:v:-:medium"]],
    ["context word after the number", "D7654321 (driver's license)", ["D7654321:v:-:medium"]],
    ["spaced NY groups", "NY DL # 407 182 593", ["407182593:v:NY:strong"]],
    [
      "two licenses",
      "DL D7654321; DL W420-718-25-930-1",
      ["D7654321:v:-:medium", "W420718259301:v:-:medium"],
    ],
  ])("%s", (_name, text, expected) => {
    expect(run(text, null)).toEqual(expected);
  });
});

describe("US_DRIVERS_LICENSE detector: explicit negatives", () => {
  it.each([
    ["plate in license_plate", "7ABC123", "license_plate", "CA"],
    ["plate in plate_number", "7ABC123", "plate_number", null],
    ["plate under vehicle.license", "7ABC123", "vehicle.license", "CA"],
    ["software key in license_key", "ABCDE-12345-FGHIJ-67890", "license_key", null],
    ["software_license", "D7654321", "software_license", null],
    ["product_key", "D7654321", "product_key", null],
    ["business_license", "40718253", "business_license", "TX"],
    ["professional_license_number", "40718253", "professional_license_number", "TX"],
    ["medical_license", "D7654321", "medical_license", "CA"],
    ["liquor_license", "40718253", "liquor_license", "TX"],
    ["contractor_license", "40718253", "contractor_license", "TX"],
    ["passport_number", "407182593", "passport_number", null],
    ["npi", NPI, "npi", null],
    ["ssn column", "407182593", "ssn", null],
    ["license_state sibling", "CA", "license_state", null],
    ["license_class sibling", "C", "license_class", null],
    ["license_expiry sibling", "2027-04-01", "license_expiry", null],
    ["license_type", "commercial", "license_type", null],
    ["phone in a license field", "555-123-4567", "dl_number", null],
    ["date in a license field", "2024-01-31", "dl_number", null],
    ["UUID in a license field", "123e4567-e89b-12d3-a456-426614174000", "dl_number", null],
    ["masked in a license field", "****4321", "dl_number", null],
    ["N/A in a license field", "N/A", "dl_number", null],
    ["all letters without a state", "REDACTED", "dl_number", null],
    ["order id in a neutral column", "40718253", "order_id", null],
    ["zip in a neutral column", "94107", "zip", null],
    ["phone in a phone column", "4155550123", "phone", null],
    ["number in a neutral column without context", "D7654321", "customer_ref", null],
  ])("%s → no valid candidate", (_name, text, path, hint) => {
    expect(run(text, path, hint).filter((c) => c.includes(":v:"))).toEqual([]);
  });

  it.each([
    ["no context word", "customer D7654321 paid"],
    ["plate word", "plate 7ABC123"],
    ["license plate number", "license plate number 7ABC123"],
    ["plate nearer than DL", "DL on file, plate D7654321"],
    ["software license key", "software license key ABCDE-12345-FGHIJ-67890"],
    ["business license no.", "business license no. 407182593"],
    ["contractor lic#", "contractor lic# 407182593"],
    ["NPI word", "NPI 1234567893"],
    ["NPI-valid 10 digits near DL without state", `DL ${NPI}`],
    ["passport word nearer", "DL pending; passport 407182593"],
    ["order number", "order 40718253 shipped"],
    ["'dl' inside a word", "handle D7654321"],
    ["SSN-shaped near DL", "DL 234-56-7891"],
    ["SSN word nearer than DL", "DL unknown, SSN 407182593"],
    ["date near DL", "DL issued 2019-04-01"],
    ["phone near DL", "DL office 555-123-4567"],
    ["UUID near DL", "DL 123e4567-e89b-12d3-a456-426614174000"],
    ["digits only in a too-short run", "DL 1234"],
    ["masked near DL", "DL ****4321"],
    ["the word itself", "DLN DL D.L."],
  ])("free text: %s → no candidate", (_name, text) => {
    expect(run(text, null)).toEqual([]);
  });
});

describe("US_DRIVERS_LICENSE format table", () => {
  it("covers the 50 states and DC", () => {
    expect(new Set(STATE_CODES).size).toBe(51);
    expect(STATE_CODES).toContain("DC");
  });

  const rows = LICENSE_FORMATS.flatMap((s) => s.formats.map((f) => [s.code, f.name, f.example] as const));
  it.each(rows)("%s %s: example %s is valid with the state known", (code, _name, example) => {
    const [c] = driversLicenseDetector.detect(example, ctx("drivers_license_number", code));
    expect(c).toMatchObject({ valid: true, state: code });
  });

  // Random numbers generated from each pattern (fixed seed): the detector accepts what the table describes.
  function generate(pattern: string, next: () => number): string {
    let out = "";
    const re = /(\\d|\[[^\]]+\]|[A-Z])(?:\{(\d+)(?:,(\d+))?\})?/g;
    for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
      const lo = Number(m[2] ?? 1);
      const n = lo + (next() % (Number(m[3] ?? lo) - lo + 1));
      const atom = m[1] as string;
      for (let i = 0; i < n; i++) {
        const digit = String(next() % 10);
        const letter = "ABCDEFGHJKLMNPRSTUVWYZ"[next() % 22] as string;
        if (atom === "\\d") out += digit;
        else if (atom === "[0-2]") out += String(next() % 3);
        else if (atom === "[A-Z0-9]") out += next() % 2 ? digit : letter;
        else if (atom.startsWith("[")) out += letter;
        else out += atom;
      }
    }
    return out;
  }
  let seed = 2024;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed >> 8;
  };
  const generated = LICENSE_FORMATS.flatMap((s) =>
    s.formats.flatMap((f) =>
      Array.from({ length: 5 }, () => [s.code, f.name, generate(f.pattern, next), f.loose === true] as const),
    ),
  ).filter(([, , v]) => v.length >= 4 && !/^(.)\1+$/.test(v) && !/(\d)\1{4}/.test(v));
  it.each(generated)("%s %s: generated %s", (code, _name, value, loose) => {
    const known = driversLicenseDetector.detect(value, ctx("dl_number", code));
    expect(known[0]).toMatchObject({ valid: true, state: code });
    const unknown = driversLicenseDetector.detect(value, ctx("dl_number"));
    if (!loose) expect(unknown[0]?.valid).toBe(true);
  });

  it.each(LICENSE_FORMATS.map((s) => [s.code] as const))("%s has a distinctive format", (code) => {
    const state = LICENSE_FORMATS.find((s) => s.code === code);
    const strict = state?.formats.filter((f) => !f.loose) ?? [];
    expect(strict.length).toBeGreaterThan(0);
    for (const f of strict) {
      const norm = f.example.replace(/[-\s]/g, "");
      expect(matchAnyState(norm).count).toBeGreaterThan(0);
    }
  });

  it.each([
    ["D7654321", "CA", true],
    ["D7654321", "TX", false],
    ["40718253", "TX", true],
    ["40718253", "CA", false],
    ["W420718259301", "FL", true],
    ["W420718259301", "TX", false],
    ["K40718259301", "IL", true],
    ["K40718259301", "FL", false],
    ["407182593", "MS", true],
    ["407182593", "PA", false],
    ["WDL7K2M9Q4X1", "WA", true],
    ["WDL7K2M9Q4X1", "OR", false],
    ["123", "OR", true],
    ["123", "AZ", false],
  ])("licenseFormatFor(%s, %s) fits: %s", (norm, state, fits) => {
    expect(licenseFormatFor(norm, state) !== null).toBe(fits);
  });

  it("loose formats never decide alone", () => {
    expect(matchAnyState("12345").count).toBe(0);
    expect(matchAnyState("ABCDEFGH").count).toBe(0);
  });

  it("ambiguous numbers carry no state", () => {
    const m = matchAnyState("407182593");
    expect(m.count).toBeGreaterThan(1);
    expect(m.state).toBeNull();
  });

  it("NPI check digit", () => {
    expect(isNpi(NPI)).toBe(true);
    expect(isNpi(`${NPI.slice(0, 9)}${(Number(NPI[9]) + 1) % 10}`)).toBe(false);
    expect(isNpi("3234567890")).toBe(false);
  });
});
