import { describe, expect, it } from "vitest";
import { detectHeader, sniffDelimiter } from "../../packages/formats/csv.ts";
import { memoryInput, readAll, valuesOf } from "./helpers.ts";

describe("delimiter sniffing", () => {
  it.each([
    [",", "id,name,ssn\n1,Ana Test,900-00-0001\n2,Bo Test,900-00-0002\n"],
    [";", "id;name;ssn\n1;Ana Test;900-00-0001\n2;Bo, Test;900-00-0002\n"],
    ["\t", "id\tname\tssn\n1\tAna, Test\t900-00-0001\n2\tBo Test\t900-00-0002\n"],
    ["|", "id|name|ssn\n1|Ana Test|900-00-0001\n2|Bo;Test|900-00-0002\n"],
  ])("finds %j and reads the columns", async (delimiter, content) => {
    expect(sniffDelimiter(content, true)?.delimiter).toBe(delimiter);
    for (const name of ["people.csv", "people.dat", "people"]) {
      const { result, records } = await readAll(memoryInput(name, content));
      expect(result.format).toBe("csv");
      expect(valuesOf(records, "ssn")).toEqual(["900-00-0001", "900-00-0002"]);
      expect(records.map((r) => r.fields.length)).toEqual([3, 3]);
    }
  });

  it("ignores delimiters inside quotes", () => {
    const sample = 'a;b\n"x,y,z";1\n"p,q";2\n';
    expect(sniffDelimiter(sample, true)).toMatchObject({ delimiter: ";", consistency: 1, separators: 1 });
  });

  it("is not fooled by decimal commas in a semicolon file", () => {
    const rows = Array.from(
      { length: 60 },
      (_, i) => `${i};Name ${i};${i}.${100 + i},${10 + (i % 90)};X${i}`,
    );
    const sample = ["id;name;balance;code", ...rows].join("\n");
    expect(sniffDelimiter(sample, true, ",")?.delimiter).toBe(";");
  });

  it("prefers the extension's delimiter on a tie and reads Hive's \\x01", async () => {
    expect(sniffDelimiter("a|b,c\n1|2,3\n", true, "|")?.delimiter).toBe("|");
    expect(sniffDelimiter("a|b,c\n1|2,3\n", true)?.delimiter).toBe(",");
    const hive = "1\x01Ana Test\x01900-00-0001\n2\x01Bo Test\x01900-00-0002\n";
    const { result, records } = await readAll(memoryInput("part-00000", hive));
    expect(result.format).toBe("csv");
    expect(valuesOf(records, "col_3")).toEqual(["900-00-0001", "900-00-0002"]);
  });

  it("uses the tsv/psv extension for single-column files", async () => {
    const { records } = await readAll(memoryInput("ids.tsv", "ssn\n900-00-0001\n"));
    expect(records).toEqual([{ fields: [{ path: "ssn", value: "900-00-0001" }], position: 2 }]);
  });
});

describe("header detection", () => {
  it("recognises a header of names over data rows", () => {
    expect(
      detectHeader([
        ["id", "Social Security Number", "dl_state"],
        ["1", "900-00-0001", "CA"],
      ]),
    ).toBe(true);
    expect(detectHeader([["first_name", "last_name"]])).toBe(true);
  });

  it("rejects a first row of data", () => {
    expect(
      detectHeader([
        ["1", "900-00-0001", "CA"],
        ["2", "900-00-0002", "NY"],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ["Ana", "D1234567", "CA"],
        ["Bo", "D7654321", "NY"],
      ]),
    ).toBe(false);
    expect(
      detectHeader([
        ["Ana", "Test"],
        ["Bo", "Test"],
      ]),
    ).toBe(false);
  });

  it("names columns col_N without a header", async () => {
    const { rows } = await readAll(memoryInput("a.csv", "1,900-00-0001,CA\n2,900-00-0002,NY\n"));
    expect(rows).toEqual([
      { col_1: "1", col_2: "900-00-0001", col_3: "CA" },
      { col_1: "2", col_2: "900-00-0002", col_3: "NY" },
    ]);
  });

  it("trims header names and uses col_N for empty ones and extra cells", async () => {
    const content = " id , ,ssn \n1,x,900-00-0001,extra,\n2\n";
    const { records } = await readAll(memoryInput("a.csv", content));
    expect(records).toEqual([
      {
        fields: [
          { path: "id", value: "1" },
          { path: "col_2", value: "x" },
          { path: "ssn", value: "900-00-0001" },
          { path: "col_4", value: "extra" },
        ],
        position: 2,
      },
      { fields: [{ path: "id", value: "2" }], position: 3 },
    ]);
  });
});

describe("CSV parsing", () => {
  it("reads quoted fields with delimiters, escaped quotes and newlines", async () => {
    const content =
      'name,notes,ssn\r\n"Test, Ana","said ""hi""\r\nsecond line\r\nthird",900-00-0001\r\nBo,plain,"900-00-0002"\r\n';
    for (const chunkSize of [3, 1024]) {
      const { records, result } = await readAll(memoryInput("a.csv", content, { chunkSize }));
      expect(result.notes).toEqual([]);
      expect(records).toEqual([
        {
          fields: [
            { path: "name", value: "Test, Ana" },
            { path: "notes", value: 'said "hi"\nsecond line\nthird' },
            { path: "ssn", value: "900-00-0001" },
          ],
          position: 2,
        },
        {
          fields: [
            { path: "name", value: "Bo" },
            { path: "notes", value: "plain" },
            { path: "ssn", value: "900-00-0002" },
          ],
          position: 5,
        },
      ]);
    }
  });

  it("strips the BOM from the first header name", async () => {
    const { records } = await readAll(memoryInput("a.csv", "\uFEFFssn,state\n900-00-0001,CA\n"));
    expect(records[0]?.fields.map((f) => f.path)).toEqual(["ssn", "state"]);
  });

  it("skips empty cells and blank lines", async () => {
    const { rows } = await readAll(memoryInput("a.csv", "a,b,c\n1,,3\n\n,,\n4,5,6\n"));
    expect(rows).toEqual([
      { a: "1", c: "3" },
      { a: "4", b: "5", c: "6" },
    ]);
  });

  it("keeps characters after a closing quote", async () => {
    const { rows } = await readAll(memoryInput("a.csv", 'a,b\n"x"y,2\n'));
    expect(rows).toEqual([{ a: "xy", b: "2" }]);
  });

  it("notes broken quoting and re-reads the lines one by one", async () => {
    const lines = [
      "id,ssn",
      '1,"900-00-0001',
      ...Array.from({ length: 30 }, (_, i) => `${i + 2},900-00-${1000 + i}`),
    ];
    const { records, result } = await readAll(memoryInput("a.csv", `${lines.join("\n")}\n`), {
      maxLineBytes: 200,
    });
    expect(result.notes).toEqual([
      {
        reason: "malformed",
        message: "1 quoted field left open (broken quoting, first at line 2); lines re-read one by one",
      },
    ]);
    expect(valuesOf(records, "ssn")).toContain("900-00-0001");
    expect(valuesOf(records, "ssn")).toContain("900-00-1029");
    expect(records).toHaveLength(31);
  });

  it("closes a quote left open at the end of the file", async () => {
    const { records, result } = await readAll(memoryInput("a.csv", 'id,ssn\n1,"900-00-0001\n2,900-00-0002'));
    expect(valuesOf(records, "ssn")).toEqual(["900-00-0001", "900-00-0002"]);
    expect(result.notes.map((n) => n.reason)).toEqual(["malformed"]);
  });

  it("reads many rows across chunk boundaries in order", async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `${i},"Name ${i}",900-00-${String(i).padStart(4, "0")}`,
    );
    const { records } = await readAll(
      memoryInput("a.csv", `id,name,ssn\n${rows.join("\n")}\n`, { chunkSize: 997 }),
    );
    expect(records).toHaveLength(5000);
    expect(records[4999]).toEqual({
      fields: [
        { path: "id", value: "4999" },
        { path: "name", value: "Name 4999" },
        { path: "ssn", value: "900-00-4999" },
      ],
      position: 5001,
    });
  });
});
