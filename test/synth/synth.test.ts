import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import {
  businessLicense,
  createRng,
  encrypted,
  forkRng,
  formatSsn,
  hashedValue,
  invalidSsn,
  isbn,
  isIssuableSsn,
  isItin,
  isValidNpi,
  isValidRoutingNumber,
  itin,
  LICENSE_FORMATS,
  latin1,
  licensePlate,
  maskedLicense,
  maskedSsn,
  npi,
  PRINTED_STATES,
  passportNumber,
  printedLicense,
  routingNumber,
  STATE_CODES,
  softwareLicenseKey,
  syntheticLicense,
  syntheticSsn,
  testValueSsn,
  toDelimited,
  tokenized,
  utf16,
  uuid,
  WELL_KNOWN_SSNS,
  zipPlus4,
} from "../../packages/synth/index.ts";
import { nestedParquet } from "../../packages/synth/parquet.ts";

const SAMPLES = 2000;
const many = <T>(make: () => T, n = SAMPLES): T[] => Array.from({ length: n }, make);
const digitsOf = (s: string) => s.replace(/\D/g, "");

describe("createRng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = many(() => a.next(), 50);
    expect(many(() => b.next(), 50)).toEqual(seqA);
    expect(many(() => c.next(), 50)).not.toEqual(seqA);
  });

  it("keeps int() within bounds and reaches both ends", () => {
    const rng = createRng(1);
    const values = many(() => rng.int(3, 7));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(7);
  });

  it("forks independent, reproducible streams by label", () => {
    expect(forkRng(1, "csv").next()).toBe(forkRng(1, "csv").next());
    expect(forkRng(1, "csv").next()).not.toBe(forkRng(1, "json").next());
  });

  it("produces the same SSNs and licenses for the same seed", () => {
    const gen = () => {
      const rng = createRng(9);
      return [syntheticSsn(rng), syntheticLicense(rng, "CA"), tokenized(rng), uuid(rng)];
    };
    expect(gen()).toEqual(gen());
  });
});

describe("SSNs", () => {
  const rng = createRng(7);

  it("generates only issuable, non-example numbers", () => {
    for (const ssn of many(() => syntheticSsn(rng))) {
      expect(ssn).toMatch(/^\d{3}-\d{2}-\d{4}$/);
      const d = digitsOf(ssn);
      const area = Number(d.slice(0, 3));
      expect(area).toBeGreaterThanOrEqual(1);
      expect(area).toBeLessThanOrEqual(899);
      expect(area).not.toBe(666);
      expect(d.slice(3, 5)).not.toBe("00");
      expect(d.slice(5)).not.toBe("0000");
      expect(d).not.toMatch(/^(\d)\1{8}$/);
      expect(WELL_KNOWN_SSNS).not.toContain(d);
      expect(isIssuableSsn(ssn)).toBe(true);
    }
  });

  it("honours every format and minArea", () => {
    expect(syntheticSsn(rng, { format: "plain" })).toMatch(/^\d{9}$/);
    expect(syntheticSsn(rng, { format: "spaced" })).toMatch(/^\d{3} \d{2} \d{4}$/);
    expect(syntheticSsn(rng, { format: "dotted" })).toMatch(/^\d{3}\.\d{2}\.\d{4}$/);
    for (const ssn of many(() => syntheticSsn(rng, { format: "plain", minArea: 100 }), 500)) {
      expect(Number(ssn.slice(0, 3))).toBeGreaterThanOrEqual(100);
    }
    expect(formatSsn("078051120", "dashed")).toBe("078-05-1120");
  });

  it("generates never-issued numbers that fail the issuance rules", () => {
    const values = many(() => invalidSsn(rng));
    for (const ssn of values) expect(isIssuableSsn(ssn)).toBe(false);
    const areas = new Set(values.map((v) => v.slice(0, 3)));
    expect(areas.has("000")).toBe(true);
    expect(areas.has("666")).toBe(true);
    expect(values.some((v) => v.startsWith("9"))).toBe(true);
    expect(values.some((v) => v.slice(4, 6) === "00")).toBe(true);
    expect(values.some((v) => v.endsWith("0000"))).toBe(true);
  });

  it("generates ITINs (9xx, ITIN group ranges) that are not SSNs", () => {
    for (const value of many(() => itin(rng))) {
      expect(isItin(value)).toBe(true);
      expect(isIssuableSsn(value)).toBe(false);
    }
  });

  it("returns the well-known example numbers", () => {
    const values = new Set(many(() => digitsOf(testValueSsn(rng)), 500));
    for (const known of ["078051120", "219099999", "123456789", "987654320", "987654329"]) {
      expect(values.has(known)).toBe(true);
    }
    for (const v of values) expect(isIssuableSsn(v)).toBe(false);
  });
});

describe("driver's licenses", () => {
  it("covers all 50 states and DC", () => {
    expect(STATE_CODES).toHaveLength(51);
    expect(new Set(STATE_CODES).size).toBe(51);
    expect(Object.keys(LICENSE_FORMATS).sort()).toEqual([...STATE_CODES].sort());
  });

  it.each(STATE_CODES)("%s generator matches its declared pattern", (state) => {
    const rng = createRng(state.charCodeAt(0) * 31 + state.charCodeAt(1));
    const { pattern, description } = LICENSE_FORMATS[state];
    expect(description.length).toBeGreaterThan(0);
    for (const value of many(() => syntheticLicense(rng, state), 200)) expect(value).toMatch(pattern);
  });

  // Written out literally so a table typo cannot make both sides agree.
  it.each([
    ["CA", /^[A-Z]\d{7}$/],
    ["FL", /^[A-Z]\d{12}$/],
    ["IL", /^[A-Z]\d{11}$/],
    ["NY", /^\d{9}$/],
    ["TX", /^\d{8}$/],
    ["PA", /^\d{8}$/],
    ["WA", /^WDL[A-Z0-9]{9}$/],
    ["NJ", /^[A-Z]\d{14}$/],
    ["WI", /^[A-Z]\d{13}$/],
    ["MD", /^[A-Z]\d{12}$/],
    ["HI", /^H\d{8}$/],
    ["CT", /^(0[1-9]|1\d|2[0-4])\d{7}$/],
  ] as const)("%s uses its well-known format", (state, pattern) => {
    const rng = createRng(11);
    for (const value of many(() => syntheticLicense(rng, state), 100)) expect(value).toMatch(pattern);
  });

  it("prints grouped forms that compact back to the number", () => {
    const rng = createRng(3);
    for (const state of PRINTED_STATES) {
      const value = syntheticLicense(rng, state);
      const printed = printedLicense(value, state);
      expect(printed).not.toBe(value);
      expect(printed.replace(/[^0-9A-Z]/g, "")).toBe(value);
    }
    expect(printedLicense("D1234567", "CA")).toBe("D1234567");
  });
});

describe("protected forms", () => {
  const rng = createRng(5);

  it("masks SSNs and licenses to their last four characters", () => {
    expect(maskedSsn("123-45-6789")).toBe("***-**-6789");
    expect(maskedSsn("123456789", "x")).toBe("XXX-XX-6789");
    expect(maskedSsn("123456789", "last4")).toBe("*****6789");
    expect(maskedLicense("D1234567")).toBe("****4567");
  });

  it("hashes with SHA-256 hex", () => {
    expect(hashedValue("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashedValue("abc", "salt")).not.toBe(hashedValue("abc"));
  });

  it("tokenizes and encrypts into value-free forms", () => {
    expect(tokenized(rng)).toMatch(/^tok_[0-9A-Za-z]{24}$/);
    const blob = encrypted(rng);
    expect(blob.startsWith("AQICAH")).toBe(true);
    expect(Buffer.from(blob, "base64").toString("base64")).toBe(blob);
  });
});

describe("hard negatives", () => {
  const rng = createRng(13);

  it("makes Luhn-valid NPIs with the 80840 prefix", () => {
    expect(isValidNpi("1234567893")).toBe(true); // CMS's published example
    expect(isValidNpi("1234567890")).toBe(false);
    for (const value of many(() => npi(rng), 500)) {
      expect(value).toMatch(/^[12]\d{9}$/);
      expect(isValidNpi(value)).toBe(true);
    }
  });

  it("makes checksum-valid ABA routing numbers", () => {
    expect(isValidRoutingNumber("011000015")).toBe(true);
    for (const value of many(() => routingNumber(rng), 500)) expect(isValidRoutingNumber(value)).toBe(true);
  });

  it("makes ISBN-13s with a correct check digit", () => {
    for (const value of many(() => isbn(rng), 200)) {
      const d = digitsOf(value);
      const sum = [...d].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
      expect(sum % 10).toBe(0);
    }
  });

  it("shapes the other look-alikes as documented", () => {
    expect(softwareLicenseKey(rng)).toMatch(/^([0-9A-Z]{5}-){3}[0-9A-Z]{5}$/);
    expect(uuid(rng)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(zipPlus4(rng)).toMatch(/^\d{5}-\d{4}$/);
    for (const v of many(() => passportNumber(rng), 200)) expect(v).toMatch(/^(\d{9}|[ACE]\d{8})$/);
    for (const v of many(() => licensePlate(rng), 200))
      expect(v.replace(/[^0-9A-Z]/g, "").length).toBeLessThan(8);
    for (const v of many(() => businessLicense(rng), 200)) expect(v).toMatch(/20[12]\d/);
  });
});

describe("serializers", () => {
  it("quotes delimited cells that need it", () => {
    const text = toDelimited(["a", "b"], [{ a: 'say "hi", ok', b: "x\ny" }], { bom: true, eol: "\r\n" });
    expect(text).toBe('\uFEFFa,b\r\n"say ""hi"", ok","x\ny"\r\n');
  });

  it("encodes UTF-16 with a byte-order mark in both orders, and refuses non-Latin-1", () => {
    expect([...utf16("A", "le")]).toEqual([0xff, 0xfe, 0x41, 0x00]);
    expect([...utf16("A", "be")]).toEqual([0xfe, 0xff, 0x00, 0x41]);
    expect([...latin1("ñ")]).toEqual([0xf1]);
    expect(() => latin1("€")).toThrow();
  });

  it("writes nested Parquet structs that read back as nested objects", async () => {
    const bytes = nestedParquet(
      { customer: { ssn: "STRING", license: { number: "STRING", state: "STRING" } } },
      [{ customer: { ssn: "a", license: { number: "b", state: "CA" } } }],
    );
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual([{ customer: { ssn: "a", license: { number: "b", state: "CA" } } }]);
  });
});
