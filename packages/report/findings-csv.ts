// `findings.csv`: one row per finding, flat columns, RFC 4180 (CRLF, quoted where needed), for spreadsheets.
import type { Finding } from "../core/schemas.ts";
import { validFindings } from "./validate.ts";

/** Joins list cells (reasons, evidence, states). */
export const CSV_LIST_SEPARATOR = "; ";

type Cell = string | number | boolean | null;

const column = <K extends string>(name: K, value: (f: Finding) => Cell) => ({ name, value });

/** The columns, in order. The first 18 are the stable core; later ones may be appended, never reordered. */
export const FINDINGS_CSV_COLUMNS = [
  column("id", (f) => f.id),
  column("severity", (f) => f.severity),
  column("dataType", (f) => f.dataType),
  column("store", (f) => f.location.store),
  column("container", (f) => f.location.container),
  column("object", (f) => f.location.object),
  // Empty for free text (a null field path).
  column("field", (f) => f.location.field),
  column("exposure", (f) => f.exposure),
  column("matchCount", (f) => f.matchCount),
  column("valueCount", (f) => f.valueCount),
  column("distinctCount", (f) => f.distinctCount),
  column("environment", (f) => f.environment),
  column("environmentRule", (f) => f.environmentRule),
  column("realData", (f) => f.realData),
  column("reasons", (f) => [...f.severityReasons, ...f.realDataReasons].join(CSV_LIST_SEPARATOR)),
  column("evidence", (f) => f.evidence.join(CSV_LIST_SEPARATOR)),
  column("remediation", (f) => f.remediation),
  column("environmentDetail", (f) => f.environmentDetail),
  column("format", (f) => f.format),
  column("confidence", (f) => f.confidence),
  column("protection", (f) =>
    f.protection ? `${f.protection.weak ? "weak: " : ""}${f.protection.note}` : null,
  ),
  column("testValueCount", (f) => f.testValueCount),
  column("invalidCount", (f) => f.invalidCount),
  column("states", (f) => f.states.join(CSV_LIST_SEPARATOR)),
] as const;

export type FindingsCsvColumn = (typeof FINDINGS_CSV_COLUMNS)[number]["name"];

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: neutralises formula injection (a leading = + - @ tab or CR gets a leading apostrophe,
 * since keys and field names come from scanned data), then quotes per RFC 4180 when needed.
 */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `findings.csv`: a header row then one row per validated finding; CRLF line ends, final CRLF included. */
export function renderFindingsCsv(findings: readonly Finding[]): string {
  const rows: string[][] = [FINDINGS_CSV_COLUMNS.map((c) => c.name)];
  for (const finding of validFindings(findings))
    rows.push(FINDINGS_CSV_COLUMNS.map((c) => csvCell(c.value(finding))));
  return rows.map((row) => `${row.join(",")}\r\n`).join("");
}
