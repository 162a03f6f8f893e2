// Report writers: each only transforms the canonical findings and summary into one format.
// Report locations: a local directory or a report bucket, with one immutable prefix per run.
export {
  AsffFile,
  type AsffFinding,
  AsffFinding as AsffFindingSchema,
  type AsffOptions,
  asffFindings,
  renderAsffJson,
} from "./asff.ts";
export { compareRuns, continueTrend, type PreviousRun, trendPoint, withComparison } from "./compare.ts";
export { InvalidReportInputError, InvalidReportKeyError, ReportError, ReportStoreError } from "./errors.ts";
export { csvCell, FINDINGS_CSV_COLUMNS, renderFindingsCsv } from "./findings-csv.ts";
export { renderFindingsJsonl } from "./findings-jsonl.ts";
export { escapeHtml } from "./html/escape.ts";
export { renderReportHtml } from "./html/page.ts";
export {
  findingJsonSchema,
  jsonSchemaFiles,
  latestJsonSchema,
  summaryJsonSchema,
} from "./json-schema.ts";
export { LocalDirectoryReportStore } from "./location/local-directory.ts";
export { MemoryReportStore } from "./location/memory.ts";
export {
  cleanPartials,
  LATEST_KEY,
  PARTIALS_PREFIX,
  type PreviousRunResult,
  type PublishedRun,
  partialsPrefix,
  publishRun,
  putPartial,
  RUNS_PREFIX,
  readLatest,
  readPartials,
  readPreviousRun,
  runPrefix,
} from "./location/run-layout.ts";
export {
  parseS3Location,
  type S3BucketLocation,
  S3BucketReportStore,
  type S3BucketReportStoreOptions,
} from "./location/s3-bucket.ts";
export { CONTENT_TYPES, contentTypeOf, type ReportStore } from "./location/store.ts";
export {
  OCSF_VERSION,
  type OcsfDetectionFinding,
  OcsfDetectionFinding as OcsfDetectionFindingSchema,
  OcsfFile,
  ocsfFindings,
  renderOcsfJson,
} from "./ocsf.ts";
export { renderSummaryJson } from "./summary-json.ts";
export {
  putReportFiles,
  REPORT_FILE_NAMES,
  type RenderedFile,
  type ReportFileName,
  type ReportInput,
  type ReportOptions,
  renderReportFiles,
  writeReportFiles,
} from "./write-files.ts";
