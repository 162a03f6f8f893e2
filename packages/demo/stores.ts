// One builder per demo store: each returns its files (key relative to the store → bytes or text).

import {
  formatSsn,
  gzip,
  hashedValue,
  invalidSsn,
  isoDate,
  isoTimestamp,
  licensePlate,
  maskedSsn,
  nineDigitId,
  orderId,
  phoneNumber,
  type Rng,
  STATE_CODES,
  softwareLicenseKey,
  sqlInsert,
  testValueSsn,
  toDelimited,
  toJsonLines,
  tokenized,
  uuid,
  zipPlus4,
} from "../synth/index.ts";
import { flatParquet } from "../synth/parquet.ts";
import type { DemoCustomer } from "./customers.ts";

export type StoreFiles = Record<string, string | Uint8Array>;

const CUSTOMER_COLUMNS = ["customer_id", "name", "email", "phone", "dob", "ssn", "dl_number", "dl_state"];

function customerRow(c: DemoCustomer) {
  return {
    customer_id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    dob: c.dob,
    ssn: c.ssn,
    dl_number: c.dlNumber,
    dl_state: c.dlState,
  };
}

export function prodCustomers(rng: Rng, cs: readonly DemoCustomer[]): StoreFiles {
  const third = Math.ceil(cs.length / 3);
  const [a, b, c] = [cs.slice(0, third), cs.slice(third, 2 * third), cs.slice(2 * third)];
  return {
    "crm/customers.csv": toDelimited(CUSTOMER_COLUMNS, a.map(customerRow)),
    "events/2024/11/signups.jsonl": toJsonLines(
      b.map((x) => ({
        ts: isoTimestamp(rng),
        event: "signup",
        customer: { id: x.id, name: x.name, ssn: x.ssn, license: { number: x.dlNumber, state: x.dlState } },
      })),
    ),
    "warehouse/customers.parquet": flatParquet([
      { name: "customer_id", type: "STRING", values: c.map((x) => x.id) },
      { name: "name", type: "STRING", values: c.map((x) => x.name) },
      { name: "ssn", type: "STRING", values: c.map((x) => formatSsn(x.ssn, "plain")) },
      { name: "dl_number", type: "STRING", values: c.map((x) => x.dlNumber) },
      { name: "dl_state", type: "STRING", values: c.map((x) => x.dlState) },
    ]),
  };
}

/** A QA export that copied real production rows: the case the audit exists for. */
export function qaExports(rng: Rng, cs: readonly DemoCustomer[]): StoreFiles {
  const sample = rng.shuffle(cs).slice(0, 60);
  const dump = sample.slice(0, 30).map((c) => ({
    id: Number(c.id),
    name: c.name,
    ssn: c.ssn,
    dl_number: c.dlNumber,
    dl_state: c.dlState,
  }));
  return {
    "exports/customers-sample-2024-11.csv": toDelimited(CUSTOMER_COLUMNS, sample.map(customerRow)),
    "dumps/crm-2024-11-01.sql": `-- PostgreSQL database dump (QA refresh)\n${sqlInsert(
      "customers",
      ["id", "name", "ssn", "dl_number", "dl_state"],
      dump,
      { multiRow: true },
    )}`,
  };
}

/** Obviously synthetic data: well-known test numbers, never-issued numbers, sequences. */
export function devSandbox(rng: Rng): StoreFiles {
  const users = Array.from({ length: 40 }, (_, i) => ({
    user_id: i + 1,
    name: `Test User ${i + 1}`,
    ssn: i % 2 === 0 ? testValueSsn(rng) : invalidSsn(rng),
    dl_number: `D${String(i + 1).padStart(7, "0")}`,
    dl_state: "CA",
  }));
  const sequential = Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    ssn: `555-10-${String(i + 1).padStart(4, "0")}`,
  }));
  return {
    "fixtures/test-users.csv": toDelimited(["user_id", "name", "ssn", "dl_number", "dl_state"], users),
    "fixtures/seed-sequential.json": JSON.stringify({ users: sequential }, null, 2),
  };
}

/** Analytics copies that protect the identifiers: masked, hashed (unsalted: weak) and tokenized. */
export function stagingAnalytics(rng: Rng, cs: readonly DemoCustomer[]): StoreFiles {
  const sample = cs.slice(0, 120);
  return {
    "marts/customers_masked.csv": toDelimited(
      ["customer_id", "state", "ssn"],
      sample.map((c) => ({ customer_id: c.id, state: c.state, ssn: maskedSsn(c.ssn) })),
    ),
    "marts/customer_dim.parquet": flatParquet([
      { name: "customer_id", type: "STRING", values: sample.map((c) => c.id) },
      {
        name: "ssn_sha256",
        type: "STRING",
        values: sample.map((c) => hashedValue(formatSsn(c.ssn, "plain"))),
      },
      { name: "dl_token", type: "STRING", values: sample.map(() => tokenized(rng)) },
      { name: "dl_state", type: "STRING", values: sample.map((c) => c.dlState) },
    ]),
  };
}

/** UAT application logs: a handful of SSNs slipped into free-text messages. */
export function uatLogs(rng: Rng, cs: readonly DemoCustomer[]): StoreFiles {
  const day = (date: string, leakEvery: number) =>
    Array.from({ length: 150 }, (_, i) => {
      const c = cs[(i * 7) % cs.length] as DemoCustomer;
      const msg =
        i % leakEvery === 4
          ? `identity check failed for customer ${c.id}: SSN ${c.ssn} did not match bureau record`
          : `request ${uuid(rng)} completed in ${rng.int(5, 900)} ms`;
      return `${date}T${String(8 + (i % 10)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z INFO api ${msg}`;
    }).join("\n");
  return {
    "app/2024-11-02.log": `${day("2024-11-02", 40)}\n`,
    "app/2024-11-03.log.gz": gzip(`${day("2024-11-03", 60)}\n`),
  };
}

/** Production orders: identifiers that resemble SSNs or licenses but are neither. */
export function prodOrders(rng: Rng): StoreFiles {
  const orders = Array.from({ length: 200 }, () => ({
    order_id: orderId(rng),
    customer_id: nineDigitId(rng),
    phone: phoneNumber(rng, "dashed"),
    ship_zip: zipPlus4(rng),
    ordered_at: isoDate(rng, 2024, 2024),
    total: `${rng.int(5, 500)}.${rng.int(10, 99)}`,
  }));
  const fleet = Array.from({ length: 40 }, () => ({
    license_plate: licensePlate(rng),
    plate_state: rng.pick(STATE_CODES),
  }));
  const licenses = Array.from({ length: 30 }, (_, i) => ({
    seat: i + 1,
    license_key: softwareLicenseKey(rng),
  }));
  return {
    "orders/2024-11.csv": toDelimited(Object.keys(orders[0] ?? {}), orders),
    "fleet/delivery-vans.csv": toDelimited(["license_plate", "plate_state"], fleet),
    "it/software-licenses.jsonl": toJsonLines(licenses),
  };
}
