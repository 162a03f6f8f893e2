// Delimited files: every delimiter, with and without header, quoted multi-line fields, BOM, CRLF.
import {
  accountNumber,
  formatSsn,
  isoDate,
  LICENSE_FORMATS,
  nineDigitId,
  type Rng,
  type Row,
  routingNumber,
  STATE_CODES,
  type StateCode,
  syntheticSsn,
  toDelimited,
  usDate,
  zipPlus4,
} from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers, dlSentence, neutralSentence, ssnAs, ssnSentence } from "../people.ts";

/** States whose license numbers are 9 digits: the same shape as an SSN. */
export const NINE_DIGIT_DL_STATES: readonly StateCode[] = STATE_CODES.filter(
  (s) => LICENSE_FORMATS[s].template === "#########",
);

export function csvSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "csv/customers.csv";
    const rows = customers(rng, 200).map((c, i): Row => {
      const note =
        i % 23 === 5
          ? ssnSentence(rng, b.ssn(c.ssn))
          : i % 29 === 7
            ? dlSentence(rng, b.license(c.dl), c.dlState)
            : neutralSentence(rng);
      return {
        customer_id: c.customerId,
        first_name: c.firstName,
        last_name: c.lastName,
        email: c.email,
        phone: c.phone,
        dob: c.dob,
        ssn: b.ssn(c.ssn),
        dl_number: b.license(c.dl),
        dl_state: c.dlState,
        dl_expiration: isoDate(rng, 2025, 2032),
        notes: note,
      };
    });
    const columns = Object.keys(rows[0] ?? {});
    b.file(object, toDelimited(columns, rows));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_number", "US_DRIVERS_LICENSE");
    b.positive(object, "notes", "US_SSN").positive(object, "notes", "US_DRIVERS_LICENSE");
  }
  {
    const object = "csv/customers-semicolon.csv";
    const rows = customers(rng, 120).map(
      (c): Row => ({
        id: c.id,
        name: c.fullName,
        ssn: b.ssn(ssnAs(c, "plain")),
        balance: `${rng.int(0, 9)}.${rng.int(100, 999)},${rng.int(10, 99)}`,
        dl_no: b.license(c.dl),
        state: c.dlState,
      }),
    );
    b.file(object, toDelimited(["id", "name", "ssn", "balance", "dl_no", "state"], rows, { delimiter: ";" }));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_no", "US_DRIVERS_LICENSE");
  }
  {
    // No state column: the license column mixes states.
    const object = "csv/members.tsv";
    const rows = customers(rng, 120).map(
      (c): Row => ({
        member_id: c.id,
        full_name: c.fullName,
        social_security_number: b.ssn(ssnAs(c, "spaced")),
        drivers_license: b.license(c.dl),
        city: c.city,
      }),
    );
    const columns = ["member_id", "full_name", "social_security_number", "drivers_license", "city"];
    b.file(object, toDelimited(columns, rows, { delimiter: "\t" }));
    b.positive(object, "social_security_number", "US_SSN").positive(
      object,
      "drivers_license",
      "US_DRIVERS_LICENSE",
    );
  }
  {
    const object = "csv/accounts-pipe.csv";
    const rows = customers(rng, 100).map(
      (c): Row => ({
        account_ref: c.customerId,
        name: c.fullName,
        SSN: b.ssn(ssnAs(c, "dotted")),
        DLN: b.license(c.dl),
        DL_STATE: c.dlState,
      }),
    );
    b.file(object, toDelimited(["account_ref", "name", "SSN", "DLN", "DL_STATE"], rows, { delimiter: "|" }));
    b.positive(object, "SSN", "US_SSN").positive(object, "DLN", "US_DRIVERS_LICENSE");
  }
  {
    // Without a header only the value shape can speak: dashed SSNs, nothing context-dependent.
    const object = "csv/export-noheader.csv";
    const rows = customers(rng, 150).map(
      (c): Row => ({
        a: c.id,
        b: c.firstName,
        c: c.lastName,
        d: b.ssn(c.ssn),
        e: c.phone,
        f: zipPlus4(rng),
        g: usDate(rng),
      }),
    );
    b.file(object, toDelimited(["a", "b", "c", "d", "e", "f", "g"], rows, { header: false }));
    b.positive(object, "col_4", "US_SSN");
  }
  {
    const object = "csv/export-noheader.tsv";
    const rows = customers(rng, 100).map(
      (c): Row => ({
        a: nineDigitId(rng),
        b: b.ssn(c.ssn),
        c: c.email,
        d: `${rng.int(1, 999)}.${rng.int(10, 99)}`,
      }),
    );
    b.file(object, toDelimited(["a", "b", "c", "d"], rows, { header: false, delimiter: "\t" }));
    b.positive(object, "col_2", "US_SSN");
  }
  {
    // Quoted fields spanning lines, with embedded quotes and delimiters, before the PII columns.
    const object = "csv/multiline-notes.csv";
    const rows = customers(rng, 80).map((c, i): Row => {
      const mention = i % 9 === 2 ? `\n${ssnSentence(rng, b.ssn(c.ssn))}` : "";
      return {
        id: c.id,
        name: c.fullName,
        notes: `First line, with a comma.\nSecond line "quoted" here.${mention}\n${neutralSentence(rng)}`,
        ssn: b.ssn(ssnAs(c, "plain")),
        dl_number: b.license(c.dl),
        dl_state: c.dlState,
      };
    });
    b.file(
      object,
      toDelimited(["id", "name", "notes", "ssn", "dl_number", "dl_state"], rows, { eol: "\r\n" }),
    );
    b.positive(object, "notes", "US_SSN").positive(object, "ssn", "US_SSN");
    b.positive(object, "dl_number", "US_DRIVERS_LICENSE");
  }
  {
    // UTF-8 BOM right before the SSN column's name: the header must still read "ssn".
    const object = "csv/bom-customers.csv";
    const rows = customers(rng, 100).map(
      (c): Row => ({
        ssn: b.ssn(c.ssn),
        name: c.fullName,
        email: c.email,
        driver_license_number: b.license(c.dl),
        issuing_state: c.dlState,
      }),
    );
    const columns = ["ssn", "name", "email", "driver_license_number", "issuing_state"];
    b.file(object, toDelimited(columns, rows, { bom: true, eol: "\r\n" }));
    b.positive(object, "ssn", "US_SSN").positive(object, "driver_license_number", "US_DRIVERS_LICENSE");
  }
  {
    // Spreadsheet export: human header names with spaces and '#', every cell quoted.
    const object = "csv/applicants.csv";
    const rows = customers(rng, 90).map(
      (c): Row => ({
        "Applicant Name": c.fullName,
        "Social Security Number": b.ssn(c.ssn),
        "Driver License #": b.license(c.dl),
        State: c.dlState,
        Phone: c.phone,
      }),
    );
    const columns = ["Applicant Name", "Social Security Number", "Driver License #", "State", "Phone"];
    b.file(object, toDelimited(columns, rows, { quoteAll: true }));
    b.positive(object, "Social Security Number", "US_SSN").positive(
      object,
      "Driver License #",
      "US_DRIVERS_LICENSE",
    );
  }
  {
    // Dashed SSNs under a neutral name, next to 9-digit banking numbers that are not SSNs.
    const object = "csv/payroll.csv";
    const rows = customers(rng, 120).map(
      (c): Row => ({
        employee_id: c.id,
        name: c.fullName,
        ref_code: b.ssn(c.ssn),
        department: rng.pick(["Sales", "Ops", "Finance", "Support"]),
        salary: rng.int(40, 180) * 1000,
        routing_number: routingNumber(rng),
        account_number: accountNumber(rng),
      }),
    );
    const columns = [
      "employee_id",
      "name",
      "ref_code",
      "department",
      "salary",
      "routing_number",
      "account_number",
    ];
    b.file(object, toDelimited(columns, rows));
    b.positive(object, "ref_code", "US_SSN");
  }
  {
    // A 9-digit SSN column beside 9-digit license numbers (NY, GA, …): each is only itself.
    const object = "csv/ssn-next-to-license.csv";
    const rows = customers(rng, 120, NINE_DIGIT_DL_STATES).map(
      (c): Row => ({
        id: c.id,
        name: c.fullName,
        ssn: b.ssn(ssnAs(c, "plain")),
        dl_number: b.license(c.dl),
        dl_state: c.dlState,
      }),
    );
    b.file(object, toDelimited(["id", "name", "ssn", "dl_number", "dl_state"], rows));
    b.positive(object, "ssn", "US_SSN").positive(object, "dl_number", "US_DRIVERS_LICENSE");
  }
  {
    // Two SSN columns; the second mixes all four formats.
    const object = "csv/household.csv";
    const formats = ["dashed", "plain", "spaced", "dotted"] as const;
    const rows = customers(rng, 100).map(
      (c): Row => ({
        household_id: c.id,
        primary_name: c.fullName,
        primary_ssn: b.ssn(c.ssn),
        spouse_ssn: rng.chance(0.15) ? null : b.ssn(formatSsn(syntheticSsn(rng), rng.pick(formats))),
        dependents: rng.int(0, 4),
        zip: c.zip,
      }),
    );
    const columns = ["household_id", "primary_name", "primary_ssn", "spouse_ssn", "dependents", "zip"];
    b.file(object, toDelimited(columns, rows));
    b.positive(object, "primary_ssn", "US_SSN").positive(object, "spouse_ssn", "US_SSN");
  }
  {
    const object = "csv/crm-camelcase.csv";
    const rows = customers(rng, 80).map(
      (c): Row => ({
        contactId: c.customerId,
        displayName: c.fullName,
        socialSecurityNumber: b.ssn(ssnAs(c, "plain")),
        driversLicense: b.license(c.dl),
        licenseState: c.dlState,
        createdAt: isoDate(rng, 2019, 2024),
      }),
    );
    const columns = [
      "contactId",
      "displayName",
      "socialSecurityNumber",
      "driversLicense",
      "licenseState",
      "createdAt",
    ];
    b.file(object, toDelimited(columns, rows));
    b.positive(object, "socialSecurityNumber", "US_SSN").positive(
      object,
      "driversLicense",
      "US_DRIVERS_LICENSE",
    );
  }
  {
    // The many ways SSN columns get named; every column plain 9 digits.
    const object = "csv/ssn-column-names.csv";
    const names = [
      "SSN",
      "ssn_number",
      "social_sec_no",
      "soc_sec_num",
      "ss_number",
      "member_ssn",
      "borrower_ssn",
      "taxpayer_ssn",
      "SocialSecurityNo",
      "Social Security #",
    ];
    const rows = Array.from({ length: 60 }, (_, i): Row => {
      const row: Row = { row: i + 1 };
      for (const n of names) row[n] = b.ssn(syntheticSsn(rng, { format: "plain" }));
      return row;
    });
    b.file(object, toDelimited(["row", ...names], rows));
    for (const n of names) b.positive(object, n, "US_SSN");
  }
}
