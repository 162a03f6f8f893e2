// Maps AWS SDK errors to skip reasons. Messages carry the error's name, code and HTTP status only:
// never the SDK's message text, so nothing read from a store can travel into a report.
import { type SkipReason, TransientReadError, UnitReadError } from "../../core/index.ts";

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const shape = (error: unknown): SdkErrorShape =>
  typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};

export const statusOf = (error: unknown): number | undefined => shape(error).$metadata?.httpStatusCode;

/** Bodiless answers (HEAD) leave the SDK without an error code: name them by their status. */
const STATUS_NAMES: Record<number, string> = {
  301: "PermanentRedirect",
  307: "TemporaryRedirect",
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  412: "PreconditionFailed",
  501: "NotImplemented",
  503: "ServiceUnavailable",
};

export function errorName(error: unknown): string {
  const e = shape(error);
  const name = e.Code ?? e.name ?? "Error";
  const status = statusOf(error);
  if ((name === "Unknown" || name === "UnknownError" || /^\d+$/.test(name)) && status !== undefined) {
    return STATUS_NAMES[status] ?? `HTTP${status}`;
  }
  return name;
}

/** "AccessDenied (HTTP 403)", "Error ECONNRESET": enough to act on, free of content. */
export function describeS3Error(error: unknown): string {
  const e = shape(error);
  const status = statusOf(error);
  const code = typeof e.code === "string" && e.code !== errorName(error) ? ` ${e.code}` : "";
  return `${errorName(error)}${code}${status ? ` (HTTP ${status})` : ""}`;
}

const DENIED = new Set([
  "AccessDenied",
  "Forbidden",
  "AllAccessDisabled",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidToken",
  "AccountProblem",
]);
const NOT_FOUND = new Set(["NoSuchKey", "NoSuchBucket", "NotFound", "NoSuchVersion"]);
const WRONG_REGION = new Set([
  "PermanentRedirect",
  "TemporaryRedirect",
  "AuthorizationHeaderMalformed",
  "IllegalLocationConstraintException",
  "301",
  "MovedPermanently",
]);
const UNSUPPORTED = new Set(["NotImplemented", "MethodNotAllowed", "UnsupportedOperation"]);
const TRANSIENT = new Set([
  "SlowDown",
  "ServiceUnavailable",
  "InternalError",
  "RequestTimeout",
  "RequestTimeTooSkewed",
  "TimeoutError",
  "ThrottlingException",
]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

/** The skip reason an S3 error stands for. */
export function reasonOf(error: unknown): SkipReason {
  const name = errorName(error);
  const status = statusOf(error);
  if (DENIED.has(name) || status === 403) return "access-denied";
  if (WRONG_REGION.has(name) || status === 301 || status === 307) return "wrong-region";
  if (NOT_FOUND.has(name) || status === 404) return "not-found";
  if (name === "InvalidObjectState") return "archived-storage-class";
  return "read-error";
}

/** The endpoint does not offer this call (501), or we may not make it: the fact is unknown, not "off". */
export function isUnknowable(error: unknown): boolean {
  const name = errorName(error);
  const status = statusOf(error);
  return UNSUPPORTED.has(name) || status === 501 || status === 405 || reasonOf(error) === "access-denied";
}

/** A failure that may pass on a second try: network resets, timeouts, throttling and 5xx. */
export function isTransient(error: unknown): boolean {
  const e = shape(error);
  const status = statusOf(error);
  if (TRANSIENT.has(errorName(error))) return true;
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return true;
  if (error instanceof Error && /^(aborted|socket hang up|premature close)$/i.test(error.message))
    return true;
  return status !== undefined && status >= 500;
}

/** A unit-level error for coverage: reason plus a content-free message naming the key. */
export function unitError(error: unknown, what: string): UnitReadError {
  if (error instanceof UnitReadError) return error;
  const reason = reasonOf(error);
  const detail = describeS3Error(error);
  if (reason === "not-found")
    return new UnitReadError(reason, `${what}: gone when read (${detail})`, { cause: error });
  if (reason === "read-error" && isTransient(error))
    return new TransientReadError(`${what}: read failed (${detail})`, { cause: error });
  if (errorName(error) === "PreconditionFailed")
    return new UnitReadError(reason, `${what}: changed since it was listed (${detail})`, { cause: error });
  return new UnitReadError(reason, `${what}: ${detail}`, { cause: error });
}
