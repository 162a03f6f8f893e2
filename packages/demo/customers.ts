// The production customer base the demo lake revolves around; non-production stores copy from it.
import {
  address,
  isoDate,
  nineDigitId,
  person,
  phoneNumber,
  type Rng,
  STATE_CODES,
  type StateCode,
  syntheticLicense,
  syntheticSsn,
} from "../synth/index.ts";

export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
  phone: string;
  dob: string;
  city: string;
  state: StateCode;
  zip: string;
  ssn: string;
  dlNumber: string;
  dlState: StateCode;
}

export function demoCustomers(rng: Rng, count: number): DemoCustomer[] {
  return Array.from({ length: count }, () => {
    const p = person(rng);
    const state = rng.pick(STATE_CODES);
    const a = address(rng, state);
    return {
      id: nineDigitId(rng),
      name: p.fullName,
      email: p.email,
      phone: phoneNumber(rng),
      dob: isoDate(rng),
      city: a.city,
      state,
      zip: a.zip,
      ssn: syntheticSsn(rng),
      dlNumber: syntheticLicense(rng, state),
      dlState: state,
    };
  });
}
