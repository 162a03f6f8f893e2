// The real-data corpus: a production store and a QA store that copied some of its customers, in every
// format and normalisation, beside made-up customers and test-value fixtures. Labels say which fields
// are copies (with exact match counts), which are made-up (likely, no match) and which files hold only
// test values (unlikely).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  forkRng,
  gzip,
  invalidSsn,
  type Rng,
  type StateCode,
  sqlInsert,
  testValueSsn,
  toDelimited,
  toJsonLines,
} from "../../packages/synth/index.ts";
import { flatParquet } from "../../packages/synth/parquet.ts";
import type { PiiType } from "./builder.ts";
import { type Customer, customers, neutralSentence, ssnAs, ssnSentence } from "./people.ts";

export const PRODUCTION_STORE = "acme-prod-crm";
export const QA_STORE = "acme-qa-copies";

export interface CopiedLabel {
  object: string;
  field: string | null;
  dataType: PiiType;
  /** Distinct production values copied into the field. */
  matched: number;
  /** Distinct valid, non-test values in the field. */
  checked: number;
}

export interface FieldLabel {
  object: string;
  field: string | null;
  dataType: PiiType;
}

export interface RealDataLabels {
  copied: CopiedLabel[];
  /** Made-up valid values only: likely, no match. */
  madeUp: FieldLabel[];
  /** QA files holding only test values (well-known, sequential, repeated, never-issued): unlikely. */
  testValueFiles: string[];
}

/** States whose license formats are distinctive enough to be read without a state column. */
const DISTINCT_STATES: StateCode[] = ["CA", "FL", "WA", "IL", "NY", "TX"];
const COLUMNS = ["customer_id", "name", "ssn", "dl_number", "dl_state"];
const row = (c: Customer, ssn = c.ssn) => ({
  customer_id: c.customerId,
  name: c.fullName,
  ssn,
  dl_number: c.dl,
  dl_state: c.dlState,
});
const sequentialSsns = (n: number) =>
  Array.from({ length: n }, (_, i) => `555-10-${String(i + 1).padStart(4, "0")}`);

export function buildRealDataCorpus(seed = 1) {
  const rng = (label: string): Rng => forkRng(seed, `real-data/${label}`);
  const prod = customers(rng("production"), 300);
  const legacy = customers(rng("legacy"), 30, DISTINCT_STATES); // production knows no state for these
  const madeUp = customers(rng("made-up"), 200);
  const stateless = customers(rng("production-distinct"), 40, DISTINCT_STATES);
  const prodFiles: Record<string, string | Uint8Array> = {
    "crm/customers.csv": toDelimited(
      COLUMNS,
      prod.map((c) => row(c)),
    ),
    "crm/more-customers.csv": toDelimited(
      COLUMNS,
      stateless.map((c) => row(c)),
    ),
    "crm/legacy-licenses.jsonl": toJsonLines(
      legacy.map((c) => ({ id: c.customerId, ssn: c.ssn, license: { number: c.dl } })),
    ),
    // Fixtures and example numbers in production: never fingerprinted.
    "crm/fixtures-seed.csv": toDelimited(
      ["ssn"],
      sequentialSsns(40).map((ssn) => ({ ssn })),
    ),
    "crm/legacy-examples.csv": toDelimited(
      ["ssn"],
      ["078-05-1120", "219-09-9999", "123-45-6789"].map((ssn) => ({ ssn })),
    ),
  };

  const labels: RealDataLabels = { copied: [], madeUp: [], testValueFiles: [] };
  const qa: Record<string, string | Uint8Array> = {};
  const copied = (
    object: string,
    field: string | null,
    dataType: PiiType,
    matched: number,
    checked: number,
  ) => labels.copied.push({ object, field, dataType, matched, checked });

  qa["exports/full-copy.csv"] = toDelimited(
    COLUMNS,
    prod.slice(0, 50).map((c) => row(c)),
  );
  copied("exports/full-copy.csv", "ssn", "US_SSN", 50, 50);
  copied("exports/full-copy.csv", "dl_number", "US_DRIVERS_LICENSE", 50, 50);

  const partial = [...prod.slice(50, 70), ...madeUp.slice(0, 30)];
  qa["exports/partial.tsv"] = toDelimited(
    COLUMNS,
    partial.map((c) => row(c, ssnAs(c, "plain"))),
    { delimiter: "\t" },
  );
  copied("exports/partial.tsv", "ssn", "US_SSN", 20, 50);
  copied("exports/partial.tsv", "dl_number", "US_DRIVERS_LICENSE", 20, 50);

  qa["api/customers.json"] = JSON.stringify(
    {
      customers: prod.slice(70, 85).map((c) => ({
        id: c.customerId,
        profile: { name: c.fullName, ssn: ssnAs(c, "spaced") },
        license: { number: c.dl, state: c.dlState },
      })),
    },
    null,
    2,
  );
  copied("api/customers.json", "customers.profile.ssn", "US_SSN", 15, 15);
  copied("api/customers.json", "customers.license.number", "US_DRIVERS_LICENSE", 15, 15);

  // Licenses with no state column: found by the stateless form every production license also has.
  qa["events/signups.jsonl.gz"] = gzip(
    toJsonLines(
      stateless
        .slice(0, 25)
        .map((c) => ({ customer: { id: c.customerId, ssn: ssnAs(c, "dashed"), license: { number: c.dl } } })),
    ),
  );
  copied("events/signups.jsonl.gz", "customer.ssn", "US_SSN", 25, 25);
  copied("events/signups.jsonl.gz", "customer.license.number", "US_DRIVERS_LICENSE", 25, 25);

  // A state in QA for licenses production holds without one.
  qa["exports/legacy-dl.csv"] = toDelimited(
    ["customer_id", "dl_number", "dl_state"],
    legacy.slice(0, 12).map((c) => row(c)),
  );
  copied("exports/legacy-dl.csv", "dl_number", "US_DRIVERS_LICENSE", 12, 12);

  const parquetRows = prod.slice(100, 140);
  qa["warehouse/customers.parquet"] = flatParquet([
    { name: "customer_id", type: "STRING", values: parquetRows.map((c) => c.customerId) },
    { name: "ssn", type: "STRING", values: parquetRows.map((c) => ssnAs(c, "plain")) },
    { name: "dl_number", type: "STRING", values: parquetRows.map((c) => c.dl) },
    { name: "dl_state", type: "STRING", values: parquetRows.map((c) => c.dlState) },
  ]);
  copied("warehouse/customers.parquet", "ssn", "US_SSN", 40, 40);
  copied("warehouse/customers.parquet", "dl_number", "US_DRIVERS_LICENSE", 40, 40);

  const dumped = [...prod.slice(140, 170), ...madeUp.slice(30, 40)];
  qa["dumps/crm.sql"] = sqlInsert(
    "customers",
    ["id", "ssn", "dl_number", "dl_state"],
    dumped.map((c, i) => ({ id: i + 1, ssn: c.ssn, dl_number: c.dl, dl_state: c.dlState })),
    { multiRow: true },
  );
  copied("dumps/crm.sql", "customers.ssn", "US_SSN", 30, 40);
  copied("dumps/crm.sql", "customers.dl_number", "US_DRIVERS_LICENSE", 30, 40);

  const textRng = rng("text");
  const lines: string[] = [];
  for (const [i, c] of prod.slice(170, 178).entries()) {
    lines.push(neutralSentence(textRng), ssnSentence(textRng, ssnAs(c, i % 2 === 0 ? "dashed" : "spaced")));
  }
  qa["logs/support.log"] = `${lines.join("\n")}\n`;
  copied("logs/support.log", null, "US_SSN", 8, 8);

  qa["exports/made-up.csv"] = toDelimited(
    COLUMNS,
    madeUp.slice(40, 80).map((c) => row(c)),
  );
  labels.madeUp.push(
    { object: "exports/made-up.csv", field: "ssn", dataType: "US_SSN" },
    { object: "exports/made-up.csv", field: "dl_number", dataType: "US_DRIVERS_LICENSE" },
  );

  const fx = rng("fixtures");
  const testFile = (object: string, content: string) => {
    qa[object] = content;
    labels.testValueFiles.push(object);
  };
  testFile(
    "fixtures/well-known.csv",
    toDelimited(
      ["id", "ssn"],
      Array.from({ length: 30 }, (_, i) => ({ id: i + 1, ssn: testValueSsn(fx) })),
    ),
  );
  testFile(
    "fixtures/sequential.json",
    JSON.stringify({ users: sequentialSsns(50).map((ssn, i) => ({ id: i + 1, ssn })) }),
  );
  // The same fixtures production was seeded with: synthetic on both sides, so never a confirmation.
  testFile(
    "fixtures/seed-copy.csv",
    toDelimited(
      ["ssn"],
      sequentialSsns(40).map((ssn) => ({ ssn })),
    ),
  );
  testFile(
    "fixtures/repeated.csv",
    toDelimited(
      ["ssn"],
      Array.from({ length: 30 }, () => ({ ssn: madeUp[199]?.ssn ?? "" })),
    ),
  );
  testFile(
    "fixtures/sequential-licenses.csv",
    toDelimited(
      ["user_id", "dl_number", "dl_state"],
      Array.from({ length: 30 }, (_, i) => ({
        user_id: i + 1,
        dl_number: `D${String(i + 1).padStart(7, "0")}`,
        dl_state: "CA",
      })),
    ),
  );
  testFile(
    "fixtures/mixed-invalid.csv",
    toDelimited(
      ["ssn"],
      Array.from({ length: 40 }, (_, i) => ({ ssn: i % 2 === 0 ? testValueSsn(fx) : invalidSsn(fx) })),
    ),
  );
  testFile(
    "fixtures/examples.txt",
    `${["078-05-1120", "219-09-9999", "123-45-6789"].map((s) => `Example SSN ${s} for the signup form docs.`).join("\n")}\n`,
  );
  return { production: prodFiles, qa, labels };
}

export async function generateRealDataCorpus(root: string, seed = 1): Promise<RealDataLabels> {
  const { production, qa, labels } = buildRealDataCorpus(seed);
  for (const [store, files] of [
    [PRODUCTION_STORE, production],
    [QA_STORE, qa],
  ] as const) {
    for (const [object, content] of Object.entries(files)) {
      const file = join(root, store, object);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
  return labels;
}
