// The report bucket: SSE-KMS with a customer-managed key, versioning, public access blocked, TLS only,
// partial results expiring, retained in production stages.

import type { StageConfig } from "./config.ts";
import { reportBucketPolicy } from "./policies.ts";

export function reportBucket(config: StageConfig) {
  const protect = { retainOnDelete: config.retain };
  const key = new aws.kms.Key(
    "ReportKey",
    {
      description: `Exposure Audit reports (${$app.stage})`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    },
    protect,
  );
  const bucket = new aws.s3.BucketV2("ReportBucket", { forceDestroy: !config.retain }, protect);
  new aws.s3.BucketVersioningV2("ReportBucketVersioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
  });
  new aws.s3.BucketServerSideEncryptionConfigurationV2("ReportBucketEncryption", {
    bucket: bucket.id,
    rules: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
        bucketKeyEnabled: true,
      },
    ],
  });
  new aws.s3.BucketPublicAccessBlock("ReportBucketPublicAccess", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new aws.s3.BucketPolicy("ReportBucketPolicy", {
    bucket: bucket.id,
    policy: bucket.arn.apply((arn) => JSON.stringify(reportBucketPolicy(arn))),
  });
  new aws.s3.BucketLifecycleConfigurationV2("ReportBucketLifecycle", {
    bucket: bucket.id,
    rules: [
      {
        id: "expire-partials",
        status: "Enabled",
        filter: { prefix: "partials/" },
        expiration: { days: config.partialsExpireDays },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
      },
      {
        id: "old-report-versions",
        status: "Enabled",
        filter: { prefix: "" },
        noncurrentVersionExpiration: { noncurrentDays: 90 },
      },
    ],
  });
  return { bucket, key };
}
