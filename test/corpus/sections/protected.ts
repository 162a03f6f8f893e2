// Protected fields: SSN/license columns holding masked, hashed, tokenized or encrypted values.
import {
  encrypted,
  hashedValue,
  maskedLicense,
  maskedSsn,
  type Rng,
  toDelimited,
  toJsonLines,
  tokenized,
} from "../../../packages/synth/index.ts";
import { flatParquet } from "../../../packages/synth/parquet.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers } from "../people.ts";

export function protectedSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "protected/masked.csv";
    const rows = customers(rng, 100).map((c) => ({
      name: c.fullName,
      ssn: maskedSsn(c.ssn, rng.pick(["stars", "x"] as const)),
      dl_number: maskedLicense(c.dl),
      dl_state: c.dlState,
    }));
    b.file(object, toDelimited(["name", "ssn", "dl_number", "dl_state"], rows));
    b.protectedField(object, "ssn", "US_SSN", "masked");
    b.protectedField(object, "dl_number", "US_DRIVERS_LICENSE", "masked");
  }
  {
    const object = "protected/hashed.csv";
    const rows = customers(rng, 100).map((c) => ({
      customer_id: c.customerId,
      ssn_sha256: hashedValue(c.ssn.replaceAll("-", "")),
      email: c.email,
    }));
    b.file(object, toDelimited(["customer_id", "ssn_sha256", "email"], rows));
    b.protectedField(object, "ssn_sha256", "US_SSN", "hashed");
  }
  {
    const object = "protected/tokenized.jsonl";
    const lines = customers(rng, 100).map((c) => ({
      id: c.id,
      ssn_token: tokenized(rng),
      dl_token: tokenized(rng),
      dl_state: c.dlState,
    }));
    b.file(object, toJsonLines(lines));
    b.protectedField(object, "ssn_token", "US_SSN", "tokenized");
    b.protectedField(object, "dl_token", "US_DRIVERS_LICENSE", "tokenized");
  }
  {
    const object = "protected/encrypted.json";
    const records = customers(rng, 60).map((c) => ({
      id: c.id,
      ssn_encrypted: encrypted(rng),
      dl_number_encrypted: encrypted(rng, 64),
      dl_state: c.dlState,
    }));
    b.file(object, JSON.stringify({ records }, null, 2));
    b.protectedField(object, "records.ssn_encrypted", "US_SSN", "encrypted");
    b.protectedField(object, "records.dl_number_encrypted", "US_DRIVERS_LICENSE", "encrypted");
  }
  {
    // A plaintext column beside its own unsalted hash: one exposure, one (weakly) protected field.
    const object = "protected/mixed.csv";
    const rows = customers(rng, 100).map((c) => ({
      id: c.id,
      ssn: b.ssn(c.ssn),
      ssn_hash: hashedValue(c.ssn),
    }));
    b.file(object, toDelimited(["id", "ssn", "ssn_hash"], rows));
    b.positive(object, "ssn", "US_SSN");
    b.protectedField(object, "ssn_hash", "US_SSN", "hashed");
  }
  {
    const object = "protected/masked.parquet";
    const cs = customers(rng, 100);
    b.file(
      object,
      flatParquet([
        { name: "id", type: "INT64", values: cs.map((c) => c.id) },
        { name: "ssn", type: "STRING", values: cs.map((c) => maskedSsn(c.ssn, "x")) },
      ]),
    );
    b.protectedField(object, "ssn", "US_SSN", "masked");
  }
}
