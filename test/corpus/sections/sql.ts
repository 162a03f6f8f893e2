// SQL dumps: multi-row and per-row INSERTs, MySQL backticks, PostgreSQL COPY … FROM stdin.
import { type Rng, type Row, sqlCopy, sqlInsert } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers, ssnAs } from "../people.ts";
import { numericSsn } from "./json.ts";

const PG_HEADER = `--
-- PostgreSQL database dump
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
`;

export function customerRowsForSql(b: CorpusBuilder, rng: Rng, count: number): Row[] {
  return customers(rng, count).map((c) => ({
    id: c.id,
    name: c.fullName,
    ssn: b.ssn(c.ssn),
    dl_number: b.license(c.dl),
    dl_state: c.dlState,
    notes: rng.chance(0.2) ? "O'Brien household; prefers email" : null,
  }));
}

export function sqlSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "sql/customers-pg.sql";
    const columns = ["id", "name", "ssn", "dl_number", "dl_state", "notes"];
    const create = `CREATE TABLE customers (\n  id integer PRIMARY KEY,\n  name text,\n  ssn text,\n  dl_number text,\n  dl_state char(2),\n  notes text\n);\n\n`;
    const rows = customerRowsForSql(b, rng, 150);
    b.file(object, `${PG_HEADER}\n${create}${sqlInsert("customers", columns, rows, { multiRow: true })}`);
    b.positive(object, "customers.ssn", "US_SSN").positive(
      object,
      "customers.dl_number",
      "US_DRIVERS_LICENSE",
    );
  }
  {
    const object = "sql/customers-copy.sql";
    const columns = ["id", "full_name", "ssn", "drivers_license", "state", "phone"];
    const rows = customers(rng, 150).map(
      (c): Row => ({
        id: c.id,
        full_name: c.fullName,
        ssn: b.ssn(ssnAs(c, "plain")),
        drivers_license: b.license(c.dl),
        state: c.dlState,
        phone: c.phone,
      }),
    );
    b.file(object, `${PG_HEADER}\n${sqlCopy("customers", columns, rows)}\n`);
    b.positive(object, "customers.ssn", "US_SSN");
    b.positive(object, "customers.drivers_license", "US_DRIVERS_LICENSE");
  }
  {
    // mysqldump style: backtick identifiers, SSN as an integer literal.
    const object = "sql/employees-mysql.sql";
    const columns = ["emp_no", "name", "social_security_number", "hire_date"];
    const rows = customers(rng, 120).map(
      (c): Row => ({
        emp_no: c.id,
        name: c.fullName,
        social_security_number: numericSsn(b, rng),
        hire_date: c.dob,
      }),
    );
    const head = "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\nLOCK TABLES `employees` WRITE;\n";
    b.file(
      object,
      `${head}${sqlInsert("employees", columns, rows, { multiRow: true, quoteIdentifiers: "backtick" })}UNLOCK TABLES;\n`,
    );
    b.positive(object, "employees.social_security_number", "US_SSN");
  }
  {
    // pg_dump --inserts style: one statement per row.
    const object = "sql/drivers-inserts.sql";
    const columns = ["driver_id", "name", "license_number", "license_state"];
    const rows = customers(rng, 100).map(
      (c): Row => ({
        driver_id: c.id,
        name: c.fullName,
        license_number: b.license(c.dl),
        license_state: c.dlState,
      }),
    );
    b.file(object, `${PG_HEADER}\n${sqlInsert("drivers", columns, rows)}`);
    b.positive(object, "drivers.license_number", "US_DRIVERS_LICENSE");
  }
}
