import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Finding, Summary } from "../core/schemas.ts";
import { renderFindingsCsv } from "./findings-csv.ts";
import { renderFindingsJsonl } from "./findings-jsonl.ts";
import { renderReportHtml } from "./html/page.ts";
import { renderSummaryJson } from "./summary-json.ts";

/** The files of one run's report, in the order `writeReportFiles` returns them. */
export const REPORT_FILE_NAMES = ["findings.jsonl", "summary.json", "findings.csv", "report.html"] as const;
export type ReportFileName = (typeof REPORT_FILE_NAMES)[number];

export interface ReportInput {
  findings: readonly Finding[];
  summary: Summary;
}

/** Renders every report file in memory (validating first: invalid input throws before anything is written). */
export function renderReportFiles({ findings, summary }: ReportInput): Record<ReportFileName, string> {
  return {
    "findings.jsonl": renderFindingsJsonl(findings),
    "summary.json": renderSummaryJson(summary),
    "findings.csv": renderFindingsCsv(findings),
    "report.html": renderReportHtml(findings, summary),
  };
}

/**
 * Writes all report files into `dir` (created if missing) and returns their paths in REPORT_FILE_NAMES order.
 * Each file is written to a temporary name then renamed, so a reader never sees a half-written file.
 */
export async function writeReportFiles(dir: string, report: ReportInput): Promise<string[]> {
  const files = renderReportFiles(report);
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const name of REPORT_FILE_NAMES) {
    const path = join(dir, name);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, files[name], "utf8");
    await rename(tmp, path);
    paths.push(path);
  }
  return paths;
}
