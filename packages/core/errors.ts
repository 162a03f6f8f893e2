import type { SkipReason } from "./schemas.ts";

/** Base of every error the scanner raises on purpose. Messages never carry scanned values. */
export class ExposureAuditError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad usage or configuration: the CLI exits 2 with this message. */
export class UsageError extends ExposureAuditError {}

/** One unit cannot be (fully) read: recorded in coverage as a skip or a partial scan, never fatal. */
export class UnitReadError extends ExposureAuditError {
  constructor(
    readonly reason: SkipReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
