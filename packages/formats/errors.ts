// Errors raised inside the format readers. Only UnitReadError (from core) leaves readUnit; these
// are caught on the way and turned into UnitReadErrors or notes.
import { ExposureAuditError } from "../core/index.ts";

/** Base of the format readers' internal errors. */
export class FormatError extends ExposureAuditError {}

/** The gzip stream ended before its end marker (truncated) or its data is corrupt. */
export class GzipDataError extends FormatError {
  constructor(
    readonly truncated: boolean,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The byte source (connector stream) failed while gzip input was being read. */
export class SourceStreamError extends FormatError {}

/** Invalid JSON at a character offset of the decoded text. */
export class JsonSyntaxError extends FormatError {
  constructor(
    readonly offset: number,
    what: string,
  ) {
    super(`${what} at character ${offset}`);
  }
}
