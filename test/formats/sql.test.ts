import { describe, expect, it } from "vitest";
import { memoryInput, readAll } from "./helpers.ts";

const read = (content: string, chunkSize?: number) =>
  readAll(memoryInput("dump.sql", content, { chunkSize }));

describe("SQL dumps", () => {
  it("reads multi-row INSERTs with quoted identifiers and strings", async () => {
    const dump = [
      "-- PostgreSQL database dump",
      'INSERT INTO public."customers" ("id", "full name", ssn, notes) VALUES',
      "  (1, 'O''Test, Ana', '900-00-0001', 'line one",
      "line two'),",
      "  (2, 'Bo Test', '900-00-0002', NULL);",
      "INSERT INTO [dbo].[drivers] ([license_no], [state]) VALUES ('X1234567', 'CA'); INSERT INTO t (a) VALUES ('z');",
    ].join("\n");
    for (const chunkSize of [4, 4096]) {
      const { result, records } = await read(dump, chunkSize);
      expect(result.format).toBe("sql");
      expect(result.notes).toEqual([]);
      expect(records).toEqual([
        { fields: [{ path: null, value: "-- PostgreSQL database dump" }], position: 1 },
        {
          fields: [
            { path: "customers.id", value: "1" },
            { path: "customers.full name", value: "O'Test, Ana" },
            { path: "customers.ssn", value: "900-00-0001" },
            { path: "customers.notes", value: "line one\nline two" },
          ],
          position: 4,
        },
        {
          fields: [
            { path: "customers.id", value: "2" },
            { path: "customers.full name", value: "Bo Test" },
            { path: "customers.ssn", value: "900-00-0002" },
          ],
          position: 5,
        },
        {
          fields: [
            { path: "drivers.license_no", value: "X1234567" },
            { path: "drivers.state", value: "CA" },
          ],
          position: 6,
        },
        { fields: [{ path: "t.a", value: "z" }], position: 6 },
      ]);
    }
  });

  it("uses CREATE TABLE columns for INSERTs without a column list (MySQL dump)", async () => {
    const dump = [
      "-- MySQL dump 10.13",
      "CREATE TABLE `people` (",
      "  `id` int NOT NULL,",
      "  `ssn` varchar(11) DEFAULT NULL,",
      "  `dl` varchar(20),",
      "  PRIMARY KEY (`id`),",
      "  KEY `idx_dl` (`dl`)",
      ") ENGINE=InnoDB;",
      "INSERT INTO `people` VALUES (1,'900-00-0001','it\\'s \\\\ok'),(2,'900-00-0002',NULL);",
      "INSERT INTO `other` VALUES (1,'x');",
    ].join("\n");
    const { records } = await read(dump);
    const data = records.filter((r) => r.position >= 9);
    expect(data).toEqual([
      {
        fields: [
          { path: "people.id", value: "1" },
          { path: "people.ssn", value: "900-00-0001" },
          { path: "people.dl", value: "it's \\ok" },
        ],
        position: 9,
      },
      {
        fields: [
          { path: "people.id", value: "2" },
          { path: "people.ssn", value: "900-00-0002" },
        ],
        position: 9,
      },
      {
        fields: [
          { path: null, value: "1" },
          { path: null, value: "x" },
        ],
        position: 10,
      },
    ]);
    // The DDL lines are kept as free text, so nothing is missed.
    expect(records.filter((r) => r.position < 9).map((r) => r.fields[0]?.path)).toEqual(Array(8).fill(null));
  });

  it("reads COPY ... FROM stdin blocks", async () => {
    const dump = [
      "COPY public.people (id, ssn, notes) FROM stdin;",
      "1\t900-00-0001\ttab\\there",
      "2\t\\N\t",
      "\\.",
      "SELECT 1;",
    ].join("\n");
    const { records } = await read(dump);
    expect(records).toEqual([
      {
        fields: [
          { path: "people.id", value: "1" },
          { path: "people.ssn", value: "900-00-0001" },
          { path: "people.notes", value: "tab\there" },
        ],
        position: 2,
      },
      { fields: [{ path: "people.id", value: "2" }], position: 3 },
      { fields: [{ path: null, value: "SELECT 1;" }], position: 5 },
    ]);
  });

  it("keeps casts, functions and ON DUPLICATE KEY clauses readable", async () => {
    const dump =
      "INSERT INTO t (a, b, c) VALUES ('900-00-0001'::text, lower('X1'), 42) ON DUPLICATE KEY UPDATE a = '900-00-0009';\nnext line";
    const { records } = await read(dump);
    expect(records).toEqual([
      {
        fields: [
          { path: "t.a", value: "900-00-0001" },
          { path: "t.b", value: "X1" },
          { path: "t.c", value: "42" },
        ],
        position: 1,
      },
      { fields: [{ path: null, value: "ON DUPLICATE KEY UPDATE a = '900-00-0009'" }], position: 1 },
      { fields: [{ path: null, value: "next line" }], position: 2 },
    ]);
  });

  it("keeps INSERT ... SELECT as free text", async () => {
    const { records, result } = await read("INSERT INTO t (a) SELECT a FROM s WHERE a = '900-00-0001';\n");
    expect(records).toEqual([
      {
        fields: [{ path: null, value: "INSERT INTO t (a) SELECT a FROM s WHERE a = '900-00-0001';" }],
        position: 1,
      },
    ]);
    expect(result.notes).toEqual([]);
  });

  it("notes a statement it cannot parse and keeps the rest as free text", async () => {
    const { records, result } = await read(
      "INSERT INTO t (a) VALUES ('x') garbage 'y;\nINSERT INTO t (a) VALUES (oops\n",
    );
    expect(records[0]).toEqual({ fields: [{ path: "t.a", value: "x" }], position: 1 });
    expect(records.map((r) => r.fields[0]?.path)).toEqual(["t.a", null]);
    expect(result.notes.map((n) => n.reason)).toEqual(["malformed"]);
    expect(result.notes[0]?.message).toMatch(/^1 SQL statement not terminated \(first at line 1\)/);
  });
});
