import { ExposureAuditError, type SkipReason } from "../core/index.ts";

/** A store cannot be reached or listed at all. */
export class SourceError extends ExposureAuditError {}

/** A store that exists in the configuration but cannot be listed (access denied, no such bucket, wrong region). */
export class StoreAccessError extends ExposureAuditError {
  constructor(
    readonly reason: SkipReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
