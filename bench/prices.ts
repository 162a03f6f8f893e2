// Public AWS prices the bench and the scale model use: us-east-1, on-demand, as published in 2025
// (aws.amazon.com/lambda/pricing, /s3/pricing, /step-functions/pricing, /macie/pricing). No internet
// here to re-check them: update this block when they change; every cost printed is derived from it.

/** Lambda arm64 compute, first tier: USD per GB-second. */
export const LAMBDA_ARM64_USD_PER_GB_S = 0.0000133334;
/** Lambda requests: USD per invocation ($0.20 per million). */
export const LAMBDA_USD_PER_REQUEST = 0.2 / 1e6;
/** The memory that buys one full vCPU on Lambda (the bench's per-core figures map to it). */
export const LAMBDA_ONE_VCPU_GB = 1.769;
/** S3 Standard GET (and other reads): $0.0004 per 1,000 requests. */
export const S3_USD_PER_GET = 0.0004 / 1000;
/** S3 Standard LIST (and PUT, COPY, POST): $0.005 per 1,000 requests. */
export const S3_USD_PER_LIST = 0.005 / 1000;
export const S3_USD_PER_PUT = 0.005 / 1000;
/** Step Functions Standard workflows (Distributed Map child executions included): $0.025 per 1,000 transitions. */
export const SFN_USD_PER_TRANSITION = 0.025 / 1000;
/** Amazon Macie sensitive data discovery, first 50 TB tier: $1 per GB. */
export const MACIE_USD_PER_GB = 1;

/** S3's documented request rates per partitioned prefix (Best practices: optimizing performance). */
export const S3_GET_PER_SECOND_PER_PREFIX = 5500;
export const S3_PUT_PER_SECOND_PER_PREFIX = 3500;
/** Lambda's default concurrent executions quota per account and region. */
export const LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY = 1000;
/** Step Functions' largest state input/output (a Map's inline items included). */
export const SFN_MAX_PAYLOAD_BYTES = 256 * 1024;

/** Dollars of Lambda compute to scan 1 TB (10^12 bytes) on one vCPU at `mbPerSecond` (10^6 bytes). */
export function lambdaUsdPerTb(mbPerSecond: number): number {
  const seconds = 1e12 / (mbPerSecond * 1e6);
  return LAMBDA_ARM64_USD_PER_GB_S * LAMBDA_ONE_VCPU_GB * seconds;
}

/** Dollars of Lambda compute for a million objects' per-object overhead on one vCPU. */
export function lambdaUsdPerMillionObjects(objectsPerSecond: number): number {
  return LAMBDA_ARM64_USD_PER_GB_S * LAMBDA_ONE_VCPU_GB * (1e6 / objectsPerSecond);
}
