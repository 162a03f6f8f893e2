import { ExposureAuditError } from "../core/errors.ts";

/** Base of every error the report writers raise. Messages never carry scanned values. */
export class ReportError extends ExposureAuditError {}

/** A writer was handed a finding or summary that breaks the output contract: nothing is written. */
export class InvalidReportInputError extends ReportError {
  constructor(
    /** What failed, e.g. `finding[3]` or `summary`. */
    readonly subject: string,
    /** Paths and messages of the schema issues (zod issue messages hold no input values). */
    readonly issues: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject} does not match the output contract:\n${issues}`, options);
  }
}

/** Reading or writing the report location failed (a directory or a report bucket). */
export class ReportStoreError extends ReportError {}

/** A key that would escape the report root or is not a plain relative path. */
export class InvalidReportKeyError extends ReportError {
  constructor(readonly key: string) {
    super(`invalid report key ${JSON.stringify(key)}: a relative path of non-empty segments, no "." or ".."`);
  }
}
