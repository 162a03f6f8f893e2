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

/**
 * A unit's bytes stopped arriving for a reason that may pass (connection reset mid-body, timeout,
 * 5xx after the SDK's own retries): the engine scans the unit again from the start, with fresh stats.
 */
export class TransientReadError extends UnitReadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("read-error", message, options);
  }
}
