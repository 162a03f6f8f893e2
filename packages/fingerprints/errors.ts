import { ExposureAuditError, UsageError } from "../core/index.ts";

/** Base of fingerprint errors. Messages name where a key came from, never the key or any value. */
export class FingerprintError extends ExposureAuditError {}

/** The fingerprint key cannot be read or is malformed: a configuration problem (the CLI exits 2). */
export class FingerprintKeyError extends UsageError {}

/** A persisted fingerprint file is unreadable (bad header, checksum, version). */
export class FingerprintStateError extends FingerprintError {}
