// Hard negatives: identifiers that share a shape with SSNs or license numbers but are neither.
import type { Rng } from "./rng.ts";
import { pad } from "./ssn.ts";

/** Vehicle plates: "license" in the column name, but not a driver's license. */
export function licensePlate(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${rng.int(1, 9)}${rng.letters(3)}${rng.digits(3)}`; // CA style 7ABC123
    case 1:
      return `${rng.letters(3)}-${rng.digits(4)}`; // NY/TX style
    case 2:
      return `${rng.letters(3)} ${rng.digits(3)}`;
    default:
      return `${rng.digits(1)}${rng.letters(2)} ${rng.digits(3)}`;
  }
}

/** Product keys such as `7KQ2M-9XR4T-…`: groups of five letters/digits. */
export function softwareLicenseKey(rng: Rng, groups = 4): string {
  return Array.from({ length: groups }, () => rng.alnum(5)).join("-");
}

/** City/county business licenses: year-stamped, never a DL shape. */
export function businessLicense(rng: Rng): string {
  const year = rng.int(2010, 2024);
  switch (rng.int(0, 2)) {
    case 0:
      return `BL-${year}-${rng.digits(6)}`;
    case 1:
      return `BUS${year}${rng.digits(5)}`;
    default:
      return `${year}-${rng.digits(7)}`;
  }
}

/** Nursing, engineering, CPA and similar board licenses. */
export function professionalLicense(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `RN${rng.digits(6)}`;
    case 1:
      return `PE.${rng.digits(7)}`;
    case 2:
      return `CPA-${rng.digits(5)}`;
    default:
      return `ML${rng.digits(6)}`;
  }
}

/** US passport book numbers: 9 digits (older) or a letter and 8 digits (next generation). */
export function passportNumber(rng: Rng): string {
  return rng.chance(0.5)
    ? `${rng.int(1, 9)}${rng.digits(8)}`
    : `${rng.pick(["A", "C", "E"])}${rng.digits(8)}`;
}

/** National Provider Identifier: 10 digits, Luhn-valid with the 80840 prefix. */
export function npi(rng: Rng): string {
  const base = `${rng.int(1, 2)}${rng.digits(8)}`;
  return `${base}${luhnCheckDigit(`80840${base}`)}`;
}

export function isValidNpi(value: string): boolean {
  return /^\d{10}$/.test(value) && luhnCheckDigit(`80840${value.slice(0, 9)}`) === Number(value[9]);
}

export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function zipPlus4(rng: Rng): string {
  return `${pad(rng.int(1001, 99950), 5)}-${pad(rng.int(1, 9999), 4)}`;
}

/** 9-digit order, account and customer numbers: SSN-shaped, no SSN context. */
export function nineDigitId(rng: Rng): string {
  return `${rng.int(1, 9)}${rng.digits(8)}`;
}

export function orderId(rng: Rng): string {
  return nineDigitId(rng);
}

export function accountNumber(rng: Rng): string {
  return nineDigitId(rng);
}

/** ABA routing number: valid 3-7-1 weighted checksum. */
export function routingNumber(rng: Rng): string {
  const prefix = pad(rng.pick([...range(1, 12), ...range(21, 32)]), 2);
  const body = `${prefix}${rng.digits(6)}`;
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = [...body].reduce((acc, ch, i) => acc + Number(ch) * (w[i] ?? 0), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export function isValidRoutingNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  return [...value].reduce((acc, ch, i) => acc + Number(ch) * (w[i] ?? 0), 0) % 10 === 0;
}

/** ISBN-13 with hyphens, e.g. 978-1-23456-789-7. */
export function isbn(rng: Rng): string {
  const body = `978${rng.digits(9)}`;
  const sum = [...body].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
  const check = (10 - (sum % 10)) % 10;
  return `${body.slice(0, 3)}-${body[3]}-${body.slice(4, 9)}-${body.slice(9)}-${check}`;
}

/** ISBN-10: 9 digits and a check character (0–9 or X). */
export function isbn10(rng: Rng): string {
  const body = rng.digits(9);
  const sum = [...body].reduce((acc, ch, i) => acc + Number(ch) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return `${body}${check === 10 ? "X" : check}`;
}

export function uuid(rng: Rng): string {
  const b = rng.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Vehicle identification number (no I, O or Q). */
export function vin(rng: Rng): string {
  const alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  let out = "";
  for (let i = 0; i < 17; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
