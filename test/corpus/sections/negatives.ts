// Hard negatives: every file here must produce no finding at all.
import {
  accountNumber,
  businessLicense,
  gzip,
  invalidSsn,
  isbn,
  isbn10,
  isoDate,
  isoTimestamp,
  itin,
  licensePlate,
  nineDigitId,
  npi,
  orderId,
  passportNumber,
  phoneNumber,
  professionalLicense,
  type Rng,
  routingNumber,
  STATE_CODES,
  softwareLicenseKey,
  sqlInsert,
  toDelimited,
  toJsonLines,
  uuid,
  vin,
  zipPlus4,
} from "../../../packages/synth/index.ts";
import { flatParquet } from "../../../packages/synth/parquet.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers, neutralSentence } from "../people.ts";
import { logLines } from "./text.ts";

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

export function negativesSection(b: CorpusBuilder, rng: Rng): void {
  const orders = () =>
    times(150, (i) => ({
      order_id: orderId(rng),
      customer_id: nineDigitId(rng),
      phone: phoneNumber(rng, rng.pick(["parens", "dashed", "dotted", "e164", "plain10"] as const)),
      ship_zip: zipPlus4(rng),
      total: `${rng.int(5, 900)}.${rng.int(10, 99)}`,
      order_date: isoDate(rng, 2023, 2024),
      comment: i % 5 === 0 ? neutralSentence(rng) : "",
    }));
  const orderColumns = ["order_id", "customer_id", "phone", "ship_zip", "total", "order_date", "comment"];
  b.file("negatives/orders.csv", toDelimited(orderColumns, orders()));
  b.file("negatives/orders.csv.gz", gzip(toDelimited(orderColumns, orders())));

  b.file(
    "negatives/banking.csv",
    toDelimited(
      ["account_holder", "account_number", "routing_number", "opened_on"],
      customers(rng, 120).map((c) => ({
        account_holder: c.fullName,
        account_number: accountNumber(rng),
        routing_number: routingNumber(rng),
        opened_on: isoDate(rng, 2000, 2024),
      })),
    ),
  );
  b.file(
    "negatives/vehicles.csv",
    toDelimited(
      ["vin", "license_plate", "plate_state", "make", "registered_on"],
      times(120, () => ({
        vin: vin(rng),
        license_plate: licensePlate(rng),
        plate_state: rng.pick(STATE_CODES),
        make: rng.pick(["Ford", "Toyota", "Honda", "Tesla"]),
        registered_on: isoDate(rng, 2015, 2024),
      })),
    ),
  );
  b.file(
    "negatives/software-licenses.csv",
    toDelimited(
      ["license_key", "product", "license_type", "seats", "license_expires"],
      times(100, () => ({
        license_key: softwareLicenseKey(rng, rng.pick([4, 5])),
        product: rng.pick(["Office Suite", "CAD Pro", "Antivirus"]),
        license_type: rng.pick(["enterprise", "per-seat", "trial"]),
        seats: rng.int(1, 500),
        license_expires: isoDate(rng, 2025, 2027),
      })),
    ),
  );
  b.file(
    "negatives/business-licenses.csv",
    toDelimited(
      ["business_name", "business_license_number", "license_state", "issued_on"],
      times(100, (i) => ({
        business_name: `Acme Store #${i + 1}`,
        business_license_number: businessLicense(rng),
        license_state: rng.pick(STATE_CODES),
        issued_on: isoDate(rng, 2010, 2024),
      })),
    ),
  );
  b.file(
    "negatives/professional-licenses.csv",
    toDelimited(
      ["practitioner", "nursing_license_number", "professional_license", "board"],
      customers(rng, 80).map((c) => ({
        practitioner: c.fullName,
        nursing_license_number: `RN${rng.digits(6)}`,
        professional_license: professionalLicense(rng),
        board: rng.pick(["Nursing", "Engineering", "Accountancy"]),
      })),
    ),
  );
  b.file(
    "negatives/passports.csv",
    toDelimited(
      ["traveler", "passport_number", "nationality", "passport_expiry"],
      customers(rng, 100).map((c) => ({
        traveler: c.fullName,
        passport_number: passportNumber(rng),
        nationality: "USA",
        passport_expiry: isoDate(rng, 2025, 2034),
      })),
    ),
  );
  b.file(
    "negatives/providers.csv",
    toDelimited(
      ["npi", "provider_name", "taxonomy_code", "phone"],
      customers(rng, 100).map((c) => ({
        npi: npi(rng),
        provider_name: `Dr. ${c.lastName}`,
        taxonomy_code: "207Q00000X",
        phone: c.phone,
      })),
    ),
  );
  // SSN-shaped but never issued, and ITINs, under names that claim nothing.
  b.file(
    "negatives/legacy-refs.csv",
    toDelimited(
      ["row", "legacy_ref", "tin_ref", "batch"],
      times(100, (i) => ({
        row: i + 1,
        legacy_ref: invalidSsn(rng),
        tin_ref: itin(rng),
        batch: isoDate(rng, 2020, 2024),
      })),
    ),
  );
  b.file(
    "negatives/catalog.json",
    JSON.stringify(
      {
        books: times(80, () => ({
          id: uuid(rng),
          isbn: isbn(rng),
          isbn10: isbn10(rng),
          title: "A Synthetic Book",
          published: isoDate(rng, 1990, 2024),
        })),
      },
      null,
      2,
    ),
  );
  // "license" in the path, but a plate: vehicles.license.plate beside vehicles.license.state.
  b.file(
    "negatives/vehicle-registrations.json",
    JSON.stringify(
      times(80, () => ({
        vin: vin(rng),
        owner_id: nineDigitId(rng),
        license: { plate: licensePlate(rng), state: rng.pick(STATE_CODES) },
      })),
      null,
      2,
    ),
  );
  b.file(
    "negatives/contacts.jsonl",
    toJsonLines(
      times(150, () => ({
        contact_id: nineDigitId(rng),
        phone: phoneNumber(rng, rng.pick(["parens", "dashed", "e164", "plain10"] as const)),
        zip_plus4: zipPlus4(rng),
        created: isoTimestamp(rng),
      })),
    ),
  );
  const shipments = times(120, () => ({
    id: nineDigitId(rng),
    zip: zipPlus4(rng),
    phone: phoneNumber(rng),
    tracking: uuid(rng),
  }));
  b.file(
    "negatives/shipments.parquet",
    flatParquet([
      { name: "shipment_id", type: "INT64", values: shipments.map((s) => Number(s.id)) },
      { name: "zip_plus4", type: "STRING", values: shipments.map((s) => s.zip) },
      { name: "phone", type: "STRING", values: shipments.map((s) => s.phone) },
      { name: "tracking", type: "STRING", values: shipments.map((s) => s.tracking) },
    ]),
  );
  b.file(
    "negatives/orders.sql",
    sqlInsert(
      "orders",
      ["order_id", "customer_id", "phone", "zip", "total"],
      orders().map((o) => ({
        order_id: Number(o.order_id),
        customer_id: o.customer_id,
        phone: o.phone,
        zip: o.ship_zip,
        total: o.total,
      })),
      { multiRow: true },
    ) +
      sqlInsert(
        "software_licenses",
        ["id", "license_key", "seats"],
        times(40, (i) => ({ id: i + 1, license_key: softwareLicenseKey(rng), seats: rng.int(1, 50) })),
        { multiRow: true },
      ),
  );
  b.file(
    "negatives/software-eula.txt",
    `${times(60, (i) =>
      i % 3 === 0
        ? `Your license key is ${softwareLicenseKey(rng)}. This license is valid for ${rng.int(1, 50)} devices.`
        : neutralSentence(rng),
    ).join("\n")}\n`,
  );
  b.file(
    "negatives/server.log",
    `${logLines(
      rng,
      times(200, () => neutralSentence(rng)),
    ).join("\n")}\n`,
  );
  b.file(
    "negatives/dates-and-ids.csv",
    toDelimited(
      ["compact_date", "iso_date", "us_date", "ref_uuid", "isbn"],
      times(100, () => {
        const d = isoDate(rng, 1950, 2024);
        return {
          compact_date: d.replaceAll("-", ""),
          iso_date: d,
          us_date: d.replace(/(\d+)-(\d+)-(\d+)/, "$2/$3/$1"),
          ref_uuid: uuid(rng),
          isbn: isbn10(rng),
        };
      }),
    ),
  );
}
