// One synthetic customer and the free-text sentences that mention (or merely resemble) PII.
import {
  address,
  formatSsn,
  isoDate,
  nineDigitId,
  orderId,
  person,
  phoneNumber,
  type Rng,
  type SsnFormat,
  STATE_CODES,
  type StateCode,
  softwareLicenseKey,
  syntheticLicense,
  syntheticSsn,
  zipPlus4,
} from "../../packages/synth/index.ts";

export interface Customer {
  id: number;
  customerId: string;
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
  phone: string;
  dob: string;
  street: string;
  city: string;
  state: StateCode;
  zip: string;
  /** Dashed; use `ssnAs` for other formats. */
  ssn: string;
  dl: string;
  dlState: StateCode;
}

export function makeCustomer(rng: Rng, id: number, dlState?: StateCode): Customer {
  const p = person(rng);
  const state = dlState ?? rng.pick(STATE_CODES);
  const a = address(rng, state);
  return {
    id,
    customerId: nineDigitId(rng),
    ...p,
    phone: phoneNumber(rng, rng.pick(["parens", "dashed", "dotted"] as const)),
    dob: isoDate(rng),
    street: a.street,
    city: a.city,
    state,
    zip: a.zip,
    ssn: syntheticSsn(rng),
    dl: syntheticLicense(rng, state),
    dlState: state,
  };
}

export function customers(rng: Rng, count: number, dlStates?: readonly StateCode[]): Customer[] {
  return Array.from({ length: count }, (_, i) =>
    makeCustomer(rng, 1000 + i, dlStates ? dlStates[i % dlStates.length] : undefined),
  );
}

export function ssnAs(c: Customer, format: SsnFormat): string {
  return formatSsn(c.ssn, format);
}

export function ssnSentence(rng: Rng, ssn: string): string {
  return rng.pick([
    `Customer SSN ${ssn} verified against bureau record.`,
    `Caller provided social security number ${ssn} for the identity check.`,
    `Updated SSN on file to ${ssn} per customer request.`,
    `Verified SS# ${ssn}; account unlocked.`,
    `Called about SSN ${ssn}, asked for a callback.`,
  ]);
}

export function dlSentence(rng: Rng, dl: string, state: StateCode): string {
  return rng.pick([
    `DL# ${dl} (${state}) scanned at branch.`,
    `Driver's license ${state} ${dl} verified.`,
    `Customer presented driver license number ${dl}, state ${state}.`,
    `Checked driver's license ${dl} issued in ${state}.`,
  ]);
}

/** Sentences full of SSN-like and license-like look-alikes that are neither. */
export function neutralSentence(rng: Rng): string {
  return rng.pick([
    `Customer asked about order ${orderId(rng)} status.`,
    `Callback requested at ${phoneNumber(rng, "parens")}.`,
    `Shipping address updated, ZIP ${zipPlus4(rng)}.`,
    `Software license key ${softwareLicenseKey(rng)} activated for 5 seats.`,
    `Renewed the product license; invoice ${nineDigitId(rng)} paid.`,
    "Customer prefers email contact.",
    "No answer, left voicemail.",
    `Appointment moved to ${isoDate(rng, 2024, 2025)}.`,
  ]);
}
