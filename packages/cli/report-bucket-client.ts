// The S3 client of the report bucket, built where the CLI parses its input (never in library code).
// Kept to this one function so the shared client factory can replace it.
import { S3Client } from "@aws-sdk/client-s3";

export function reportBucketClient(opts: { endpointUrl?: string; region?: string }): S3Client {
  return new S3Client({
    region: opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(opts.endpointUrl
      ? {
          endpoint: opts.endpointUrl,
          // S3-compatible servers are addressed by path; checksums only where S3 requires them.
          forcePathStyle: true,
          requestChecksumCalculation: "WHEN_REQUIRED" as const,
          responseChecksumValidation: "WHEN_REQUIRED" as const,
        }
      : {}),
  });
}
