import { ExposureAuditError } from "../core/index.ts";

/** A store cannot be reached or listed at all. */
export class SourceError extends ExposureAuditError {}
