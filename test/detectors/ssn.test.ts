import { describe, expect, it } from "vitest";
import type { DetectionContext } from "../../packages/core/index.ts";
import {
  isItin,
  isSsnTestValue,
  isSsnValid,
  ssnDetector,
  ssnInvalidReason,
} from "../../packages/detectors/index.ts";

// Synthetic fixtures built in code: a fixed-seed generator of SSA-valid, non-test 9-digit values.
function syntheticSsns(count: number, seed: number): string[] {
  const out: string[] = [];
  let x = seed;
  while (out.length < count) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const area = 1 + (x % 899);
    const group = 1 + ((x >> 8) % 99);
    const serial = 1 + ((x >> 4) % 9999);
    const d = `${String(area).padStart(3, "0")}${String(group).padStart(2, "0")}${String(serial).padStart(4, "0")}`;
    if (isSsnValid(d) && !isSsnTestValue(d)) out.push(d);
  }
  return out;
}
const [A, B, C] = syntheticSsns(3, 42) as [string, string, string];
const fmt = (d: string, sep: string) => `${d.slice(0, 3)}${sep}${d.slice(3, 5)}${sep}${d.slice(5)}`;
const dash = (d: string) => fmt(d, "-");
const space = (d: string) => fmt(d, " ");
const dot = (d: string) => fmt(d, ".");
const parts = (area: string, group: string, serial: string) => `${area}${group}${serial}`;

function ctx(path: string | null): DetectionContext {
  return {
    fieldPath: path,
    fieldName: path === null ? null : (path.split(".").pop() ?? null),
    stateHint: null,
  };
}

/** Compact view of the candidates: normalized:v|i[t]:strength. */
function run(text: string, path: string | null): string[] {
  return ssnDetector
    .detect(text, ctx(path))
    .map((c) => `${c.normalized}:${c.valid ? "v" : "i"}${c.testValue ? "t" : ""}:${c.strength}`);
}

describe("US_SSN detector: positives", () => {
  it.each([
    ["dashed in a neutral column", dash(A), "customer_ref", [`${A}:v:strong`]],
    ["dashed in free text without context", `note: ${dash(A)} filed`, null, [`${A}:v:medium`]],
    ["dashed with an SSN word in free text", `SSN ${dash(A)}`, null, [`${A}:v:strong`]],
    ["spaced in a neutral column", space(A), "value", [`${A}:v:medium`]],
    ["dotted in a neutral column", dot(A), "value", [`${A}:v:medium`]],
    ["spaced after 'SSN:' in text", `SSN: ${space(A)}`, null, [`${A}:v:strong`]],
    ["en dash separators", fmt(A, "\u2013"), "value", [`${A}:v:strong`]],
    ["bare 9 digits in ssn column", A, "ssn", [`${A}:v:strong`]],
    ["bare in social_security_number", A, "social_security_number", [`${A}:v:strong`]],
    ["bare in socialSecurityNumber", A, "socialSecurityNumber", [`${A}:v:strong`]],
    ["bare in soc_sec_no", A, "soc_sec_no", [`${A}:v:strong`]],
    ["bare in tin", A, "tin", [`${A}:v:strong`]],
    ["bare in tax_id", A, "tax_id", [`${A}:v:strong`]],
    ["bare in taxpayer_id", A, "taxpayer_id", [`${A}:v:strong`]],
    ["bare in ss_num", A, "ss_num", [`${A}:v:strong`]],
    ["bare in 'SSN #' header", A, "SSN #", [`${A}:v:strong`]],
    ["bare in nested customer.ssn", A, "customer.ssn", [`${A}:v:strong`]],
    ["bare in applicant.ssn.value", A, "applicant.ssn.value", [`${A}:v:strong`]],
    ["bare inside text of an ssn column", `SSN: ${A} (verified)`, "ssn", [`${A}:v:strong`]],
    ["spaced in an ssn column", space(A), "ssn", [`${A}:v:strong`]],
    ["partially dashed in an ssn column", `${A.slice(0, 3)}-${A.slice(3)}`, "ssn", [`${A}:v:medium`]],
    ["'social security number' before bare", `social security number ${A}`, null, [`${A}:v:strong`]],
    ["'s.s.n.' before bare", `s.s.n. ${A}`, null, [`${A}:v:strong`]],
    ["'soc sec' before bare", `soc sec #${A}`, null, [`${A}:v:strong`]],
    ["'Tax ID:' before bare", `Tax ID: ${A}`, null, [`${A}:v:strong`]],
    ["'taxpayer' before bare", `taxpayer ${A} on file`, null, [`${A}:v:strong`]],
    ["context word after bare", `${A} (SSN)`, null, [`${A}:v:strong`]],
    ["two values in one text", `SSN ${dash(A)} and SSN ${dash(B)}`, null, [`${A}:v:strong`, `${B}:v:strong`]],
    ["formatted and bare together", `ssn ${dash(A)}, ssn ${C}`, null, [`${A}:v:strong`, `${C}:v:strong`]],
    ["an SSN label after belongs to the next value", `DL: ${A}, SSN: ${dash(B)}`, null, [`${B}:v:strong`]],
    ["sentence full stop after", `My SSN is ${A}.`, null, [`${A}:v:strong`]],
    ["numeric column lost its leading zero", "12345671", "ssn", ["012345671:v:medium"]],
  ])("%s", (_name, text, path, expected) => {
    expect(run(text, path)).toEqual(expected);
  });
});

describe("US_SSN detector: never-issued, ITIN, test values", () => {
  it.each([
    ["area 000", dash(parts("000", "12", "3456")), "value", ["000123456:i:strong"]],
    ["area 666", dash(parts("666", "12", "3456")), "value", ["666123456:i:strong"]],
    ["area 9xx (not ITIN group)", dash(parts("912", "34", "5678")), "value", ["912345678:i:strong"]],
    ["ITIN group 70-88", dash(parts("912", "78", "1234")), "value", ["912781234:i:strong"]],
    ["ITIN group 50-65", dash(parts("900", "50", "1234")), "value", ["900501234:i:strong"]],
    ["group 00", dash(parts("234", "00", "5678")), "value", ["234005678:i:strong"]],
    ["serial 0000", dash(parts("234", "56", "0000")), "value", ["234560000:i:strong"]],
    ["all same digits", "111-11-1111", "value", ["111111111:i:strong"]],
    ["all zeros bare in ssn column", "000000000", "ssn", ["000000000:i:strong"]],
    ["invalid spaced without context: dropped", space(parts("000", "12", "3456")), "value", []],
    [
      "invalid spaced with SSN word: kept",
      `SSN ${space(parts("666", "12", "3456"))}`,
      null,
      ["666123456:i:strong"],
    ],
    ["invalid bare in ssn column", parts("934", "56", "7890"), "ssn", ["934567890:i:strong"]],
    ["Woolworth 078-05-1120", "078-05-1120", "value", ["078051120:vt:strong"]],
    ["SSA pamphlet 219-09-9999", "219-09-9999", "value", ["219099999:vt:strong"]],
    ["123-45-6789", "123-45-6789", "value", ["123456789:vt:strong"]],
    ["advertising 987-65-4320", "987-65-4320", "value", ["987654320:vt:strong"]],
    ["advertising 987-65-4329", "987-65-4329", "value", ["987654329:vt:strong"]],
    ["sequential bare in ssn column", "234567890", "ssn", ["234567890:vt:strong"]],
  ])("%s", (_name, text, path, expected) => {
    expect(run(text, path)).toEqual(expected);
  });
});

describe("US_SSN detector: explicit negatives", () => {
  it.each([
    ["bare 9 digits in a neutral column", A, "value"],
    ["bare 9 digits in free text without context", `ref ${A} shipped`, null],
    ["bare in order_id", A, "order_id"],
    ["bare in routing_number", A, "routing_number"],
    ["bare in zip9", A, "zip9"],
    ["bare in phone", A, "phone"],
    ["bare in account_number", A, "account_number"],
    ["bare in customer_id", A, "customer_id"],
    ["bare in npi", A, "npi"],
    ["bare in 'destination' (tin inside a word)", A, "destination"],
    ["dashed in phone", dash(A), "phone"],
    ["dashed in fax", dash(A), "fax_number"],
    ["dashed in zip", dash(A), "zip"],
    ["dashed in invoice_number", dash(A), "invoice_number"],
    ["dashed in tracking_no", dash(A), "tracking_no"],
    ["dashed in sku", dash(A), "sku"],
    ["dashed in isbn", dash(A), "isbn"],
    ["dashed in case_number", dash(A), "case_number"],
    ["dashed in ticket", dash(A), "ticket_id"],
    ["dashed in serial_number", dash(A), "serial_number"],
    ["dashed in ein", dash(A), "ein"],
    ["dashed in a license column", dash(A), "drivers_license_number"],
    ["dashed in a passport column", dash(A), "passport_number"],
    ["dashed in ssn_last4 (not the number)", dash(A), "ssn_last4"],
    ["longer digit run 1123-45-67890", "1123-45-67890", "value"],
    ["phone 555-123-4567", "call 555-123-4567", null],
    ["phone (555) 123-4567", "(555) 123-4567", "value"],
    ["international phone +1 234 56 7891", `+1 ${space(A)}`, "value"],
    ["phone word nearer than nothing", `phone ${space(A)}`, null],
    ["order word before dashed", `Order ${dash(A)}`, null],
    ["routing word before bare", `routing ${A}`, null],
    ["date 2023-01-15", "2023-01-15", "value"],
    ["date 01/15/2023", "01/15/2023", "value"],
    ["ISBN 978-0-306-40615-7", "978-0-306-40615-7", "value"],
    ["card 4111 1111 1111 1111", "4111 1111 1111 1111", "value"],
    ["card 4111-1111-1111-1111", "4111-1111-1111-1111", "value"],
    ["UUID", "123e4567-e89b-12d3-a456-426614174000", "value"],
    ["mixed delimiters in a neutral column", `${A.slice(0, 3)}-${A.slice(3, 5)}.${A.slice(5)}`, "value"],
    ["mixed delimiters in an ssn column", `${A.slice(0, 3)}-${A.slice(3, 5)}.${A.slice(5)}`, "ssn"],
    ["10 digits in an ssn column", `${A}1`, "ssn"],
    ["ZIP+4 12345-6789", "12345-6789", "value"],
    ["decimal 0.234567891", `0.${A}`, null],
    ["amount $234567891", `ssn $${A}`, null],
    ["id with a letter prefix", `AB-${dash(A)}`, "value"],
    ["dotted version string", `1.${dot(A)}`, "value"],
    ["'assn' is not 'ssn'", `assn ${A}`, null],
    ["eight digits", "234-56-789", "ssn"],
    ["eight digits in a neutral column", "12345671", "value"],
    ["six digits in an ssn column", "123456", "ssn"],
    ["masked", "***-**-6789", "ssn"],
    ["hex hash in an ssn column", `deadbeef${A}cafe`, "ssn"],
    ["letters glued to digits", `X${A}`, "ssn"],
  ])("%s → no candidate", (_name, text, path) => {
    expect(run(text, path)).toEqual([]);
  });
});

describe("SSN validity rules", () => {
  it.each([
    [A, null],
    ["000123456", "area-000"],
    ["666123456", "area-666"],
    ["912345678", "area-9xx"],
    ["912781234", "itin"],
    ["999991234", "itin"],
    ["900931234", "area-9xx"],
    ["234005678", "group-00"],
    ["234560000", "serial-0000"],
    ["555555555", "all-same"],
    ["12345678", "not-9-digits"],
    ["12345678a", "not-9-digits"],
    [dash(A), null],
  ])("ssnInvalidReason(%s) = %s", (value, reason) => {
    expect(ssnInvalidReason(value)).toBe(reason);
    expect(isSsnValid(value)).toBe(reason === null);
  });

  it("isItin only for 9xx with an ITIN group", () => {
    expect(isItin("912701234")).toBe(true);
    expect(isItin("912931234")).toBe(false);
    expect(isItin(A)).toBe(false);
  });

  it("well-known and sequential values are test values", () => {
    for (const v of ["078051120", "219099999", "123456789", "987654325", "876543210", "012345678"]) {
      expect(isSsnTestValue(v)).toBe(true);
    }
    expect(isSsnTestValue(A)).toBe(false);
  });

  it("returns the shared empty result for values with fewer than nine digits", () => {
    expect(ssnDetector.detect("hello 1234", ctx("ssn"))).toHaveLength(0);
  });

  it("reports offsets and the raw value", () => {
    const text = `id: ${dash(A)}!`;
    const [c] = ssnDetector.detect(text, ctx("value"));
    expect(c).toMatchObject({ dataType: "US_SSN", start: 4, end: 15, value: dash(A), state: null });
  });
});
