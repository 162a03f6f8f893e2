// JSON documents: arrays, wrapped arrays, deep nesting, numeric SSNs, minified and pretty.
import { type Rng, syntheticSsn } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers, neutralSentence, ssnAs, ssnSentence } from "../people.ts";

/** An SSN stored as a JSON number: area ≥ 100 so it keeps nine digits. */
export function numericSsn(b: CorpusBuilder, rng: Rng): number {
  return Number(b.ssn(syntheticSsn(rng, { format: "plain", minArea: 100 })));
}

export function jsonSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "json/customers.json";
    const docs = customers(rng, 80).map((c) => ({
      id: c.id,
      name: c.fullName,
      ssn: b.ssn(c.ssn),
      license: { number: b.license(c.dl), state: c.dlState, class: "C", expires: "2029-06-30" },
      contact: { email: c.email, phone: c.phone },
    }));
    b.file(object, JSON.stringify(docs, null, 2));
    b.positive(object, "ssn", "US_SSN").positive(object, "license.number", "US_DRIVERS_LICENSE");
  }
  {
    const object = "json/customers-wrapped.json";
    const list = customers(rng, 80).map((c) => ({
      customer_id: c.customerId,
      profile: { name: c.fullName, ssn: b.ssn(ssnAs(c, "plain")), dob: c.dob },
      license: { number: b.license(c.dl), state: c.dlState },
    }));
    b.file(
      object,
      JSON.stringify({ exportedAt: "2024-11-02T10:00:00Z", count: list.length, customers: list }, null, 2),
    );
    b.positive(object, "customers.profile.ssn", "US_SSN");
    b.positive(object, "customers.license.number", "US_DRIVERS_LICENSE");
  }
  {
    // customer.license.number with its sibling customer.license.state; dependents is an array.
    const object = "json/customer-nested.json";
    const docs = customers(rng, 60).map((c) => ({
      customer: {
        id: c.id,
        name: c.fullName,
        license: { number: b.license(c.dl), state: c.dlState },
        tax: { ssn: b.ssn(c.ssn), filing: "single" },
      },
      dependents: Array.from({ length: rng.int(0, 2) }, () => ({
        name: "Dependent",
        ssn: b.ssn(syntheticSsn(rng)),
      })),
    }));
    // Guarantee at least one dependent so the field exists.
    docs[0]?.dependents.push({ name: "Dependent", ssn: b.ssn(syntheticSsn(rng)) });
    b.file(object, JSON.stringify(docs, null, 2));
    b.positive(object, "customer.license.number", "US_DRIVERS_LICENSE");
    b.positive(object, "customer.tax.ssn", "US_SSN").positive(object, "dependents.ssn", "US_SSN");
  }
  {
    // SSNs as JSON numbers, camelCase keys, license state as a sibling key.
    const object = "json/applications.json";
    const applications = customers(rng, 40).map((c) => ({
      applicationId: c.customerId,
      applicant: {
        name: c.fullName,
        socialSecurityNumber: numericSsn(b, rng),
        driversLicense: b.license(c.dl),
        driversLicenseState: c.dlState,
      },
      submittedAt: "2024-10-01T12:00:00Z",
    }));
    b.file(object, JSON.stringify({ applications }, null, 2));
    b.positive(object, "applications.applicant.socialSecurityNumber", "US_SSN");
    b.positive(object, "applications.applicant.driversLicense", "US_DRIVERS_LICENSE");
  }
  {
    const object = "json/minified.json";
    const docs = customers(rng, 100).map((c) => ({
      id: c.id,
      SSN: b.ssn(c.ssn),
      DL: b.license(c.dl),
      DL_ST: c.dlState,
    }));
    b.file(object, JSON.stringify(docs));
    b.positive(object, "SSN", "US_SSN").positive(object, "DL", "US_DRIVERS_LICENSE");
  }
  {
    // SSNs inside free-text ticket bodies: the body field is the exposure.
    const object = "json/support-tickets.json";
    const tickets = customers(rng, 60).map((c, i) => ({
      id: `T-${10000 + i}`,
      subject: "Account access",
      body: i % 6 === 1 ? ssnSentence(rng, b.ssn(c.ssn)) : neutralSentence(rng),
    }));
    b.file(object, JSON.stringify({ tickets }, null, 2));
    b.positive(object, "tickets.body", "US_SSN");
  }
  {
    // The many ways SSN keys get named in JSON APIs.
    const object = "json/ssn-key-names.json";
    const keys = ["ssn", "socialSecurityNumber", "ssnNumber", "primarySsn", "social_security_no", "SSN_ID"];
    const records = Array.from({ length: 40 }, (_, i) => {
      const rec: Record<string, string | number> = { id: i + 1 };
      for (const k of keys)
        rec[k] = b.ssn(syntheticSsn(rng, { format: rng.pick(["plain", "dashed"] as const) }));
      return { person: rec };
    });
    b.file(object, JSON.stringify({ records }, null, 2));
    for (const k of keys) b.positive(object, `records.person.${k}`, "US_SSN");
  }
}
