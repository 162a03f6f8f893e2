// JSON lines: flat and nested records, free-text messages, arrays of license objects.
import { isoTimestamp, type Rng, toJsonLines, uuid } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers, neutralSentence, ssnAs, ssnSentence } from "../people.ts";

export function jsonlSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "jsonl/customers.jsonl";
    const lines = customers(rng, 150).map((c) => ({
      id: c.id,
      name: c.fullName,
      ssn: b.ssn(c.ssn),
      dl: { number: b.license(c.dl), state: c.dlState },
      email: c.email,
    }));
    b.file(object, toJsonLines(lines));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl.number", "US_DRIVERS_LICENSE");
  }
  {
    const object = "jsonl/events.jsonl";
    const lines = customers(rng, 200).map((c, i) => ({
      ts: isoTimestamp(rng),
      level: "info",
      event: "profile.update",
      user: { id: c.customerId },
      message: i % 17 === 3 ? ssnSentence(rng, b.ssn(c.ssn)) : neutralSentence(rng),
    }));
    b.file(object, toJsonLines(lines));
    b.positive(object, "message", "US_SSN");
  }
  {
    const object = "jsonl/kyc-results.jsonl";
    const lines = customers(rng, 100).map((c) => ({
      request_id: uuid(rng),
      subject: { name: c.fullName, ssn: b.ssn(ssnAs(c, "plain")), dob: c.dob },
      identity: { dl_number: b.license(c.dl), dl_state: c.dlState, verified: rng.chance(0.9) },
    }));
    b.file(object, toJsonLines(lines));
    b.positive(object, "subject.ssn", "US_SSN").positive(object, "identity.dl_number", "US_DRIVERS_LICENSE");
  }
  {
    // An array of license objects per line: the path drops the index.
    const object = "jsonl/driver-licenses.jsonl";
    const lines = customers(rng, 80).map((c) => ({
      customer_id: c.customerId,
      licenses: [{ number: b.license(c.dl), state: c.dlState, type: "driver" }],
    }));
    b.file(object, toJsonLines(lines));
    b.positive(object, "licenses.number", "US_DRIVERS_LICENSE");
  }
}
