// Gzip-wrapped copies of each format: the path keeps its .gz suffix.
import { gzip, type Rng, sqlInsert, toDelimited, toJsonLines } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers, ssnAs } from "../people.ts";
import { logLines, proseLines } from "./text.ts";

export function compressedSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "gz/customers.csv.gz";
    const rows = customers(rng, 150).map((c) => ({
      id: c.id,
      name: c.fullName,
      ssn: b.ssn(c.ssn),
      dl_number: b.license(c.dl),
      dl_state: c.dlState,
    }));
    b.file(object, gzip(toDelimited(["id", "name", "ssn", "dl_number", "dl_state"], rows)));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_number", "US_DRIVERS_LICENSE");
  }
  {
    const object = "gz/applications.jsonl.gz";
    const lines = customers(rng, 150).map((c) => ({
      id: c.id,
      applicant: { name: c.fullName, ssn: b.ssn(ssnAs(c, "plain")) },
    }));
    b.file(object, gzip(toJsonLines(lines)));
    b.positive(object, "applicant.ssn", "US_SSN");
  }
  {
    const object = "gz/app.log.gz";
    b.file(object, gzip(`${logLines(rng, proseLines(b, rng, customers(rng, 200), 9, 0)).join("\n")}\n`));
    b.positive(object, null, "US_SSN");
  }
  {
    const object = "gz/patients.sql.gz";
    const rows = customers(rng, 100).map((c) => ({
      patient_id: c.id,
      name: c.fullName,
      ssn: b.ssn(c.ssn),
      dob: c.dob,
    }));
    b.file(
      object,
      gzip(sqlInsert("patients", ["patient_id", "name", "ssn", "dob"], rows, { multiRow: true })),
    );
    b.positive(object, "patients.ssn", "US_SSN");
  }
  {
    const object = "gz/profiles.json.gz";
    const profiles = customers(rng, 80).map((c) => ({
      ssn: b.ssn(c.ssn),
      license: { number: b.license(c.dl), state: c.dlState },
    }));
    b.file(object, gzip(JSON.stringify({ profiles })));
    b.positive(object, "profiles.ssn", "US_SSN").positive(
      object,
      "profiles.license.number",
      "US_DRIVERS_LICENSE",
    );
  }
}
