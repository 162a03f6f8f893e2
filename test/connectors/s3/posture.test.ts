// Bucket posture. s3rver answers none of these calls (501, or a bucket listing for ?versioning), so the
// answers a real S3 bucket gives are played by aws-sdk-client-mock (a MOCK of the S3 client, not a
// server) — labelled per test. The s3rver test at the end is the real thing: every fact "unknown".
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideEnvironment } from "../../../packages/assessment/index.ts";
import { readBucketPosture, S3Source } from "../../../packages/connectors/s3/index.ts";
import { createBucket, type S3rverHandle, startS3rver } from "../../helpers/s3rver.ts";

const serviceError = (name: string, status: number, headers: Record<string, string> = {}) =>
  Object.assign(
    new S3ServiceException({
      name,
      $fault: status >= 500 ? "server" : "client",
      $metadata: { httpStatusCode: status },
    }),
    { $response: { statusCode: status, headers, body: undefined } },
  );

const client = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
const mock = mockClient(client);

/** A fully configured bucket, as real S3 would answer. */
function answerLikeS3() {
  mock.reset();
  mock.on(HeadBucketCommand).resolves({});
  mock.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: {
            SSEAlgorithm: "aws:kms",
            KMSMasterKeyID: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          },
          BucketKeyEnabled: true,
        },
      ],
    },
  });
  mock.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  mock.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
  mock.on(GetBucketVersioningCommand).resolves({ Status: "Enabled" });
  mock.on(GetBucketTaggingCommand).resolves({
    TagSet: [
      { Key: "team", Value: "data" },
      { Key: "Environment", Value: "Production" },
    ],
  });
}

beforeEach(answerLikeS3);

describe("bucket posture [aws-sdk-client-mock: s3rver lacks these calls]", () => {
  it("reads SSE-KMS with its key id, a full public access block, a private policy, versioning and tags", async () => {
    const { posture, tags } = await readBucketPosture(client, "acme-prod-customers");
    expect(posture).toEqual({
      encryption: "SSE-KMS",
      encryptionKmsKeyId: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      bucketKey: "enabled",
      publicAccessBlock: "all",
      policy: "not-public",
      versioning: "enabled",
      tags: "team=data, Environment=Production",
    });
    expect(tags).toEqual({ team: "data", Environment: "Production" });
  });

  it.each([
    ["AES256", "SSE-S3"],
    ["aws:kms:dsse", "DSSE-KMS"],
  ] as const)("names %s default encryption %s", async (algorithm, name) => {
    mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm } }],
      },
    });
    const { posture } = await readBucketPosture(client, "b-b-b");
    expect(posture.encryption).toBe(name);
  });

  it("tells 'not configured' answers (facts) from refusals (unknown)", async () => {
    mock.on(GetPublicAccessBlockCommand).rejects(serviceError("NoSuchPublicAccessBlockConfiguration", 404));
    mock.on(GetBucketPolicyStatusCommand).rejects(serviceError("NoSuchBucketPolicy", 404));
    mock.on(GetBucketTaggingCommand).rejects(serviceError("NoSuchTagSet", 404));
    mock.on(GetBucketVersioningCommand).resolves({});
    mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }],
      },
    });
    const { posture, tags } = await readBucketPosture(client, "b-b-b");
    expect(posture).toMatchObject({
      encryption: "SSE-KMS",
      encryptionKmsKeyId: "aws/s3 (AWS managed key)",
      publicAccessBlock: expect.stringMatching(/^none/),
      policy: "no-policy",
      versioning: "never-enabled",
      tags: "none",
    });
    expect(posture.unknownBecause).toBeUndefined();
    expect(tags).toEqual({});
  });

  it("marks a fact unknown, never off, when the call is NotImplemented, AccessDenied or failing", async () => {
    mock.on(GetBucketEncryptionCommand).rejects(serviceError("NotImplemented", 501));
    mock.on(GetPublicAccessBlockCommand).rejects(serviceError("AccessDenied", 403));
    mock.on(GetBucketPolicyStatusCommand).rejects(serviceError("InternalError", 500));
    mock.on(GetBucketVersioningCommand).rejects(serviceError("AccessDenied", 403));
    mock.on(GetBucketTaggingCommand).rejects(serviceError("AccessDenied", 403));
    const { posture, tags } = await readBucketPosture(client, "b-b-b");
    expect(posture).toMatchObject({
      encryption: "unknown",
      publicAccessBlock: "unknown",
      policy: "unknown",
      versioning: "unknown",
      tags: "unknown",
    });
    expect(posture.unknownBecause).toBe(
      "encryption: NotImplemented (HTTP 501); publicAccessBlock: AccessDenied (HTTP 403); policy: InternalError (HTTP 500); versioning: AccessDenied (HTTP 403); tags: AccessDenied (HTTP 403)",
    );
    expect(tags).toBeNull();
  });

  it("partial public access block and a public policy", async () => {
    mock
      .on(GetPublicAccessBlockCommand)
      .resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } });
    mock.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: true } });
    const { posture } = await readBucketPosture(client, "b-b-b");
    expect(posture.publicAccessBlock).toBe("partial (BlockPublicAcls, IgnorePublicAcls)");
    expect(posture.policy).toBe("public");
  });

  it("feeds the bucket's tags to the environment decision, ahead of its name", async () => {
    const info = await new S3Source({ client, uri: "s3://acme-qa-exports" }).describe();
    expect(decideEnvironment(info)).toEqual({
      environment: "production",
      rule: "tags",
      detail: "tag Environment=Production",
    });
  });

  it("records a bucket in another region as a store error naming the region", async () => {
    mock
      .on(HeadBucketCommand)
      .rejects(serviceError("PermanentRedirect", 301, { "x-amz-bucket-region": "eu-west-1" }));
    const info = await new S3Source({ client, uri: "s3://acme-eu-data" }).describe();
    expect(info.error).toEqual({
      reason: "wrong-region",
      message:
        "bucket acme-eu-data cannot be read: HeadBucket PermanentRedirect (HTTP 301); the bucket is in eu-west-1",
    });
    expect(info.posture.encryption).toBe("unknown");
  });

  it("records a bucket the credentials may not touch as access-denied", async () => {
    mock.on(HeadBucketCommand).rejects(serviceError("Forbidden", 403));
    const info = await new S3Source({ client, uri: "s3://acme-secret" }).describe();
    expect(info.error?.reason).toBe("access-denied");
  });
});

describe("bucket posture against s3rver (real server)", () => {
  let s3: S3rverHandle;
  beforeAll(async () => {
    s3 = await startS3rver();
    await createBucket(s3.client, "acme-qa-posture");
  });
  afterAll(() => s3.close());

  it("is unknown for every fact s3rver cannot answer, including its misleading versioning answer", async () => {
    const { posture, tags } = await readBucketPosture(s3.client, "acme-qa-posture");
    expect(posture).toMatchObject({
      encryption: "unknown",
      publicAccessBlock: "unknown",
      policy: "unknown",
      versioning: "unknown",
      tags: "unknown",
    });
    expect(posture.unknownBecause).toMatch(/encryption: NotImplemented \(HTTP 501\)/);
    expect(posture.unknownBecause).toMatch(/versioning: UnexpectedResponse/);
    expect(tags).toBeNull();
  });
});
