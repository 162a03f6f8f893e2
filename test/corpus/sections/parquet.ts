// Parquet: flat string columns, a numeric SSN column over several row groups, nested structs.

import { type Rng, syntheticSsn } from "../../../packages/synth/index.ts";
import { flatParquet, nestedParquet } from "../../../packages/synth/parquet.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers } from "../people.ts";

export function parquetSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "parquet/customers.parquet";
    const cs = customers(rng, 150);
    b.file(
      object,
      flatParquet([
        { name: "id", type: "INT64", values: cs.map((c) => c.id) },
        { name: "name", type: "STRING", values: cs.map((c) => c.fullName) },
        { name: "ssn", type: "STRING", values: cs.map((c) => b.ssn(c.ssn)) },
        { name: "dl_number", type: "STRING", values: cs.map((c) => b.license(c.dl)) },
        { name: "dl_state", type: "STRING", values: cs.map((c) => c.dlState) },
      ]),
    );
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_number", "US_DRIVERS_LICENSE");
  }
  {
    // SSN stored as INT64, split over four row groups.
    const object = "parquet/members-numeric.parquet";
    const cs = customers(rng, 200);
    b.file(
      object,
      flatParquet(
        [
          { name: "member_id", type: "INT64", values: cs.map((c) => Number(c.customerId)) },
          {
            name: "ssn",
            type: "INT64",
            values: cs.map(() => Number(b.ssn(syntheticSsn(rng, { format: "plain", minArea: 100 })))),
          },
          { name: "zip", type: "STRING", values: cs.map((c) => c.zip) },
        ],
        50,
      ),
    );
    b.positive(object, "ssn", "US_SSN");
  }
  {
    const object = "parquet/customers-nested.parquet";
    const rows = customers(rng, 100).map((c) => ({
      customer: {
        name: c.fullName,
        ssn: b.ssn(c.ssn),
        license: { number: b.license(c.dl), state: c.dlState },
      },
    }));
    const shape = {
      customer: { name: "STRING", ssn: "STRING", license: { number: "STRING", state: "STRING" } },
    } as const;
    b.file(object, nestedParquet(shape, rows));
    b.positive(object, "customer.ssn", "US_SSN").positive(
      object,
      "customer.license.number",
      "US_DRIVERS_LICENSE",
    );
  }
  {
    // License numbers without a state column.
    const object = "parquet/drivers.parquet";
    const cs = customers(rng, 100);
    b.file(
      object,
      flatParquet([
        { name: "full_name", type: "STRING", values: cs.map((c) => c.fullName) },
        { name: "driver_license_number", type: "STRING", values: cs.map((c) => b.license(c.dl)) },
        { name: "phone", type: "STRING", values: cs.map((c) => c.phone) },
      ]),
    );
    b.positive(object, "driver_license_number", "US_DRIVERS_LICENSE");
  }
}
