import { describe, expect, it } from "vitest";
import type { ScanRecord } from "../../packages/core/index.ts";
import {
  describeField,
  fieldKind,
  fieldKindInRecord,
  licenseContextNear,
  normalizeState,
  ssnContextNear,
  stateFromText,
  stateHintForField,
} from "../../packages/detectors/index.ts";

describe("fieldKind", () => {
  it.each([
    ["ssn", "ssn"],
    ["SSN", "ssn"],
    ["customer_ssn", "ssn"],
    ["customerSSN", "ssn"],
    ["social_security_number", "ssn"],
    ["socialSecurityNumber", "ssn"],
    ["SocialSecurityNo", "ssn"],
    ["soc_sec_no", "ssn"],
    ["ss_num", "ssn"],
    ["ssnum", "ssn"],
    ["SSN #", "ssn"],
    ["S.S.N.", "ssn"],
    ["tin", "ssn"],
    ["TIN", "ssn"],
    ["tax_id", "ssn"],
    ["taxId", "ssn"],
    ["taxpayer_id", "ssn"],
    ["applicant.ssn.value", "ssn"],
    ["people[3].ssn", "ssn"],
    ["routing", "neutral"],
    ["destination", "neutral"],
    ["ssid", "neutral"],
    ["ssn_last4", "neutral"],
    ["ssn_verified", "neutral"],
    ["has_ssn", "neutral"],
    ["drivers_license_number", "license"],
    ["driver_license", "license"],
    ["DriversLicense", "license"],
    ["driverslicensenumber", "license"],
    ["dl", "license"],
    ["DL", "license"],
    ["dl_number", "license"],
    ["dl_no", "license"],
    ["dlnum", "license"],
    ["DLNumber", "license"],
    ["license_number", "license"],
    ["licence_no", "license"],
    ["license", "license"],
    ["lic_no", "license"],
    ["customer.license.number", "license"],
    ["driverLicense.id", "license"],
    ["operator_license", "license"],
    ["cdl_number", "license"],
    ["Driver's License #", "license"],
    ["D.L. Number", "license"],
    ["state", "state"],
    ["st", "state"],
    ["dl_state", "state"],
    ["license_state", "state"],
    ["issuing_state", "state"],
    ["state_code", "state"],
    ["state_of_issue", "state"],
    ["customer.license.state", "state"],
    ["address.state", "state"],
    ["state_id", "neutral"],
    ["statement", "neutral"],
    ["license_plate", "negative-license"],
    ["plate", "negative-license"],
    ["plate_number", "negative-license"],
    ["licensePlate", "negative-license"],
    ["license_key", "negative-license"],
    ["software_license", "negative-license"],
    ["product_key", "negative-license"],
    ["business_license", "negative-license"],
    ["professional_license_no", "negative-license"],
    ["medical_license", "negative-license"],
    ["liquor_license", "negative-license"],
    ["contractor_license", "negative-license"],
    ["license_type", "negative-license"],
    ["license_class", "negative-license"],
    ["license_expiration", "negative-license"],
    ["license_expiry", "negative-license"],
    ["license_status", "negative-license"],
    ["license_issue_date", "negative-license"],
    ["license_endorsements", "negative-license"],
    ["vehicle.license", "negative-license"],
    ["vehicle.license_number", "negative-license"],
    ["permit_number", "negative-license"],
    ["npi", "negative-license"],
    ["passport_number", "negative-license"],
    ["vin", "negative-license"],
    ["serial_number", "negative-license"],
    ["dl_url", "negative-license"],
    ["is_licensed", "neutral"],
    ["phone", "neutral"],
    ["notes", "neutral"],
    ["customer_id", "neutral"],
    ["", "neutral"],
  ])("%s → %s", (path, kind) => {
    expect(fieldKind(path)).toBe(kind);
  });

  it("null path is free text", () => {
    expect(fieldKind(null)).toBe("neutral");
    expect(describeField(null).notSsn).toBe(false);
  });

  it.each([
    ["phone_number", true],
    ["zip9", true],
    ["routing_number", true],
    ["account_number", true],
    ["order_id", true],
    ["invoice_no", true],
    ["case_number", true],
    ["ein", true],
    ["isbn", true],
    ["date_of_birth", true],
    ["case_notes", false],
    ["customer_id", false],
    ["description", false],
    ["ssn", false],
  ])("describeField(%s).notSsn = %s", (path, notSsn) => {
    expect(describeField(path).notSsn).toBe(notSsn);
  });

  it("explicit driver fields are told apart from a bare license", () => {
    expect(describeField("dl_number").explicitDriver).toBe(true);
    expect(describeField("driver.license_number").explicitDriver).toBe(true);
    expect(describeField("license_number").explicitDriver).toBe(false);
  });
});

describe("stateHintForField", () => {
  const rec = (fields: [string | null, string][]): ScanRecord => ({
    fields: fields.map(([path, value]) => ({ path, value })),
    position: 1,
  });

  it.each([
    [
      "JSON sibling sharing the longest prefix",
      rec([
        ["customer.address.state", "TX"],
        ["customer.license.number", "D7654321"],
        ["customer.license.state", "CA"],
      ]),
      "customer.license.number",
      "CA",
    ],
    [
      "license-specific column over an address state",
      rec([
        ["state", "TX"],
        ["dl_number", "D7654321"],
        ["dl_state", "CA"],
      ]),
      "dl_number",
      "CA",
    ],
    [
      "plain state column",
      rec([
        ["name", "x"],
        ["st", "ny"],
        ["license", "407182593"],
      ]),
      "license",
      "NY",
    ],
    [
      "full state name",
      rec([
        ["issuing_state", "Florida"],
        ["drivers_license", "W420718259301"],
      ]),
      "drivers_license",
      "FL",
    ],
    [
      "nearest column on ties",
      rec([
        ["state", "TX"],
        ["a", "1"],
        ["b", "2"],
        ["state_code", "CA"],
        ["dl", "D7654321"],
      ]),
      "dl",
      "CA",
    ],
    [
      "values that are not states are skipped",
      rec([
        ["license_state", "unknown"],
        ["state", "OR"],
        ["dl", "1234567"],
      ]),
      "dl",
      "OR",
    ],
    [
      "no state field",
      rec([
        ["dl", "D7654321"],
        ["status", "CA"],
      ]),
      "dl",
      null,
    ],
    [
      "state_id is not a state",
      rec([
        ["state_id", "CA"],
        ["dl", "D7654321"],
      ]),
      "dl",
      null,
    ],
  ])("%s", (_name, record, path, expected) => {
    expect(stateHintForField(record, path)).toBe(expected);
  });
});

describe("fieldKindInRecord", () => {
  const rec = (names: string[]): ScanRecord => ({
    fields: names.map((path) => ({ path, value: "x" })),
    position: 1,
  });
  it.each([
    ["bare license next to vin", ["vin", "license"], "license", "negative-license"],
    ["bare license next to make and model", ["make", "model", "license"], "license", "negative-license"],
    [
      "license_number next to product and version",
      ["product", "version", "license_number"],
      "license_number",
      "negative-license",
    ],
    ["license next to seats", ["seats", "license"], "license", "negative-license"],
    ["license next to npi", ["npi", "specialty", "license_number"], "license_number", "negative-license"],
    ["bare license in a customer record", ["name", "dob", "state", "license"], "license", "license"],
    ["model alone is not a vehicle", ["model", "license"], "license", "license"],
    ["explicit driver field keeps its kind", ["vin", "drivers_license"], "drivers_license", "license"],
    ["other kinds pass through", ["vin", "ssn"], "ssn", "ssn"],
  ])("%s", (_name, names, path, expected) => {
    expect(fieldKindInRecord(rec(names), path)).toBe(expected);
  });
});

describe("stateFromText", () => {
  const at = (text: string, number: string) => {
    const start = text.indexOf(number);
    return stateFromText(text, start, start + number.length);
  };
  it.each([
    ["CA DL D7654321", "D7654321", "CA"],
    ["license D7654321 (CA)", "D7654321", "CA"],
    ["Florida driver license W420-718-25-930-1", "W420-718-25-930-1", "FL"],
    ["New York DL: 407 182 593", "407 182 593", "NY"],
    ["West Virginia DL 1234567", "1234567", "WV"],
    ["District of Columbia DL 1234567", "1234567", "DC"],
    ["D7654321, CA", "D7654321", "CA"],
    ["Austin TX 78701, DL D7654321", "D7654321", null],
    ["DL ID: D7654321", "D7654321", null],
    ["DL D7654321 (ID)", "D7654321", "ID"],
    ["dl in D7654321", "D7654321", null],
    ["DL D7654321", "D7654321", null],
  ])("%s → %s", (text, number, expected) => {
    expect(at(text, number)).toBe(expected);
  });
});

describe("normalizeState", () => {
  it.each([
    ["CA", "CA"],
    ["ca", "CA"],
    [" tx ", "TX"],
    ["California", "CA"],
    ["NEW YORK", "NY"],
    ["new  hampshire", "NH"],
    ["District of Columbia", "DC"],
    ["Washington, D.C.", "DC"],
    ["N.Y.", "NY"],
    ["Calif.", "CA"],
    ["US-WA", "WA"],
    ["XX", null],
    ["PR", null],
    ["", null],
    ["Ontario", null],
    [null, null],
  ])("%s → %s", (value, expected) => {
    expect(normalizeState(value)).toBe(expected);
  });
});

describe("nearby words", () => {
  const near = (fn: typeof ssnContextNear, text: string, number: string) => {
    const start = text.indexOf(number);
    return fn(text, start, start + number.length);
  };
  it.each([
    ["SSN: 407182593", 2],
    ["social security no 407182593", 2],
    ["407182593 (SSN)", 2],
    ["phone 407182593", -1],
    ["SSN on file; phone 407182593", -1],
    ["assn 407182593", 0],
    ["routing 407182593", -1],
    ["value 407182593", 0],
    [`${"x".repeat(60)} SSN ${"y".repeat(45)} 407182593`, 0],
  ])("ssnContextNear(%s) = %d", (text, expected) => {
    expect(near(ssnContextNear, text, "407182593")).toBe(expected);
  });
  it.each([
    ["DL D7654321", 2],
    ["driver's license: D7654321", 2],
    ["Driver’s License D7654321", 2],
    ["lic# D7654321", 1],
    ["license no. D7654321", 1],
    ["business license no. D7654321", -1],
    ["plate D7654321", -1],
    ["handle D7654321", 0],
  ])("licenseContextNear(%s) = %d", (text, expected) => {
    expect(near(licenseContextNear, text, "D7654321")).toBe(expected);
  });
});
