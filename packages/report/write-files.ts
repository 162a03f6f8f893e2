import type { Finding, Summary } from "../core/schemas.ts";
import { type AsffOptions, renderAsffJson } from "./asff.ts";
import { renderFindingsCsv } from "./findings-csv.ts";
import { renderFindingsJsonl } from "./findings-jsonl.ts";
import { renderReportHtml } from "./html/page.ts";
import { LocalDirectoryReportStore } from "./location/local-directory.ts";
import { contentTypeOf, type ReportStore } from "./location/store.ts";
import { renderOcsfJson } from "./ocsf.ts";
import { renderSummaryJson } from "./summary-json.ts";

/**
 * The files of one run's report, in the order they are written. `summary.json` comes last: a run prefix
 * that holds a summary holds every other file too. `findings.asff.json` is written only with ASFF options.
 */
export const REPORT_FILE_NAMES = [
  "findings.jsonl",
  "findings.csv",
  "findings.ocsf.json",
  "findings.asff.json",
  "report.html",
  "summary.json",
] as const;
export type ReportFileName = (typeof REPORT_FILE_NAMES)[number];

export interface ReportInput {
  findings: readonly Finding[];
  summary: Summary;
}

export interface ReportOptions {
  /** Account and region for `findings.asff.json`; without them that file is not written. */
  asff?: AsffOptions;
}

export interface RenderedFile {
  name: ReportFileName;
  body: string;
  contentType: string;
}

/** Renders every report file in memory (validating first: invalid input throws before anything is written). */
export function renderReportFiles(
  { findings, summary }: ReportInput,
  options: ReportOptions = {},
): RenderedFile[] {
  const bodies: Record<ReportFileName, string | null> = {
    "findings.jsonl": renderFindingsJsonl(findings),
    "findings.csv": renderFindingsCsv(findings),
    "findings.ocsf.json": renderOcsfJson(findings, summary),
    "findings.asff.json": options.asff ? renderAsffJson(findings, summary, options.asff) : null,
    "report.html": renderReportHtml(findings, summary),
    "summary.json": renderSummaryJson(summary),
  };
  return REPORT_FILE_NAMES.flatMap((name) => {
    const body = bodies[name];
    return body === null ? [] : [{ name, body, contentType: contentTypeOf(name) }];
  });
}

/**
 * Renders the report and writes every file under `prefix` ("" or ending in `/`) of a report store, in
 * REPORT_FILE_NAMES order; returns the keys written. Nothing is written when the input is invalid.
 */
export async function putReportFiles(
  store: ReportStore,
  prefix: string,
  report: ReportInput,
  options: ReportOptions = {},
): Promise<string[]> {
  const files = renderReportFiles(report, options);
  const keys: string[] = [];
  for (const file of files) {
    const key = `${prefix}${file.name}`;
    await store.put(key, file.body, file.contentType);
    keys.push(key);
  }
  return keys;
}

/**
 * Writes all report files into `dir` (created if missing) and returns their paths in REPORT_FILE_NAMES order.
 * Each file is written to a temporary name then renamed, so a reader never sees a half-written file.
 */
export async function writeReportFiles(
  dir: string,
  report: ReportInput,
  options: ReportOptions = {},
): Promise<string[]> {
  const store = new LocalDirectoryReportStore(dir);
  const keys = await putReportFiles(store, "", report, options);
  return keys.map((key) => store.locate(key));
}
