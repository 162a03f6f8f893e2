// Builds the S3 client from CLI/config options. Nothing here runs at import time: callers create
// the client and pass it to the source (library code never builds AWS clients on its own).
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

export interface S3ClientOptions {
  /** An S3-compatible endpoint (as the AWS CLI's --endpoint-url): requests go path-style. */
  endpointUrl?: string;
  region?: string;
  /** A named profile of the shared config/credentials files; else the standard credential chain. */
  profile?: string;
  /** Explicit credentials (tests against a local server); normally the credential chain decides. */
  credentials?: S3ClientConfig["credentials"];
  /** Attempts per request including the first (SDK retries with backoff, 503 SlowDown included). */
  maxAttempts?: number;
  /** `standard` (exponential backoff with jitter) or `adaptive` (also rate-limits the client after throttling). */
  retryMode?: "standard" | "adaptive";
  /** Idle socket timeout per request, in milliseconds. */
  requestTimeoutMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const custom = options.endpointUrl !== undefined;
  const config: S3ClientConfig = {
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? "standard",
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: options.requestTimeoutMs ?? 60_000,
    },
  };
  if (options.region) config.region = options.region;
  if (options.profile) config.profile = options.profile;
  if (options.credentials) config.credentials = options.credentials;
  if (custom) {
    config.endpoint = options.endpointUrl;
    config.forcePathStyle = true;
    config.region ??= "us-east-1";
    // S3-compatible servers (s3rver among them) mishandle the SDK's default request checksums.
    config.requestChecksumCalculation = "WHEN_REQUIRED";
    config.responseChecksumValidation = "WHEN_REQUIRED";
  } else {
    // A bucket in another region than the client's: the SDK follows S3's redirect instead of failing.
    config.followRegionRedirects = true;
  }
  return new S3Client(config);
}
