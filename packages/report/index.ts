// Report writers: each only transforms the canonical findings and summary into one format.
export { InvalidReportInputError, ReportError } from "./errors.ts";
export { csvCell, FINDINGS_CSV_COLUMNS, renderFindingsCsv } from "./findings-csv.ts";
export { renderFindingsJsonl } from "./findings-jsonl.ts";
export { escapeHtml } from "./html/escape.ts";
export { renderReportHtml } from "./html/page.ts";
export { findingJsonSchema, jsonSchemaFiles, summaryJsonSchema } from "./json-schema.ts";
export { renderSummaryJson } from "./summary-json.ts";
export {
  REPORT_FILE_NAMES,
  type ReportFileName,
  type ReportInput,
  renderReportFiles,
  writeReportFiles,
} from "./write-files.ts";
