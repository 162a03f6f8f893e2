import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvCell, FINDINGS_CSV_COLUMNS, renderFindingsCsv } from "../../packages/report/index.ts";
import { makeFinding, sampleFindings } from "./fixtures.ts";

const parse = (text: string) =>
  Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });

describe("findings.csv", () => {
  it("parses back to one row per finding with the flat columns", () => {
    const findings = sampleFindings();
    const { data, errors, meta } = parse(renderFindingsCsv(findings));
    expect(errors).toEqual([]);
    expect(meta.fields).toEqual(FINDINGS_CSV_COLUMNS.map((c) => c.name));
    expect(data).toHaveLength(findings.length);
    const [first] = data;
    const f = findings[0];
    expect(first?.id).toBe(f?.id);
    expect(first?.severity).toBe("critical");
    expect(first?.matchCount).toBe("980");
    expect(first?.evidence).toBe("***-**-6789; ***-**-1120");
    expect(first?.reasons).toBe([...(f?.severityReasons ?? []), ...(f?.realDataReasons ?? [])].join("; "));
    expect(data[2]?.field).toBe(""); // free text
  });

  it("writes only the header row for no findings", () => {
    const text = renderFindingsCsv([]);
    expect(text).toBe(`${FINDINGS_CSV_COLUMNS.map((c) => c.name).join(",")}\r\n`);
    expect(parse(text).data).toEqual([]);
  });

  it("quotes per RFC 4180: commas, quotes, CR and LF survive a round trip", () => {
    const object = 'exports/a,"b"\r\nc.csv';
    const { data } = parse(renderFindingsCsv([makeFinding({ location: { object } })]));
    expect(data[0]?.object).toBe(object);
    expect(renderFindingsCsv([makeFinding({ location: { object } })])).toContain(
      '"exports/a,""b""\r\nc.csv"',
    );
  });

  it.each([['=HYPERLINK("x")'], ["+1+1"], ["-2+3"], ["@SUM(A1:A2)"], ["\tcmd"], ["\rcmd"]])(
    "neutralises formula injection in data cells: %j",
    (field) => {
      const { data } = parse(renderFindingsCsv([makeFinding({ location: { field, object: field } })]));
      expect(data[0]?.field).toBe(`'${field}`);
      expect(data[0]?.object).toBe(`'${field}`);
    },
  );

  it("leaves ordinary cells untouched", () => {
    expect(csvCell("customer.ssn")).toBe("customer.ssn");
    expect(csvCell("***-**-6789")).toBe("***-**-6789");
    expect(csvCell(12)).toBe("12");
    expect(csvCell(null)).toBe("");
    expect(csvCell("a=b")).toBe("a=b");
  });
});
