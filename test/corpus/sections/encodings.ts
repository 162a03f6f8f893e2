// Non-UTF-8 text: UTF-16 (both byte orders, with BOM) and Latin-1.
import { accentedName, latin1, type Rng, toDelimited, utf16 } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers } from "../people.ts";
import { proseLines } from "./text.ts";

export function encodingsSection(b: CorpusBuilder, rng: Rng): void {
  const withAccents = (count: number, withLicense = true) =>
    customers(rng, count).map((c) => ({
      id: c.id,
      name: accentedName(rng),
      ssn: b.ssn(c.ssn),
      ...(withLicense ? { dl_number: b.license(c.dl), dl_state: c.dlState } : {}),
    }));
  {
    const object = "encodings/customers-utf16le.csv";
    b.file(object, utf16(toDelimited(["id", "name", "ssn", "dl_number", "dl_state"], withAccents(80)), "le"));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_number", "US_DRIVERS_LICENSE");
  }
  {
    const object = "encodings/customers-utf16be.csv";
    b.file(object, utf16(toDelimited(["id", "name", "ssn"], withAccents(60, false)), "be"));
    b.positive(object, "ssn", "US_SSN");
  }
  {
    const object = "encodings/notes-utf16le.txt";
    b.file(object, utf16(`${proseLines(b, rng, customers(rng, 60), 6, 0).join("\n")}\n`, "le"));
    b.positive(object, null, "US_SSN");
  }
  {
    const object = "encodings/clientes-latin1.csv";
    b.file(object, latin1(toDelimited(["id", "name", "ssn", "dl_number", "dl_state"], withAccents(80))));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_number", "US_DRIVERS_LICENSE");
  }
  {
    const object = "encodings/notas-latin1.log";
    const lines = proseLines(b, rng, customers(rng, 60), 5, 0).map(
      (l) => `Señora ${accentedName(rng)}: ${l}`,
    );
    b.file(object, latin1(`${lines.join("\n")}\n`));
    b.positive(object, null, "US_SSN");
  }
}
