// Bucket posture for the auditor: default encryption, public access block, policy status,
// versioning, tags. A call the endpoint does not offer (501) or that we may not make (403) leaves
// that fact "unknown" with a note: never a crash, never a false "off".
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  type GetBucketVersioningCommandInput,
  type GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { DeserializeMiddleware } from "@smithy/types";
import { describeS3Error, errorName } from "./errors.ts";

export const UNKNOWN = "unknown";

export interface BucketPosture {
  /** Flat facts for the summary: encryption, publicAccessBlock, policy, versioning, tags, notes. */
  posture: Record<string, string>;
  /** Bucket tags, or null when they could not be read. */
  tags: Record<string, string> | null;
}

/** An answer that means "not configured", which is a fact, unlike an error. */
const NOT_CONFIGURED = new Set([
  "ServerSideEncryptionConfigurationNotFoundError",
  "NoSuchPublicAccessBlockConfiguration",
  "NoSuchBucketPolicy",
  "NoSuchTagSet",
]);

type Fact = { value: Record<string, string> } | { notConfigured: true } | { unknown: string };

async function ask<T>(call: () => Promise<T>, read: (output: T) => Record<string, string>): Promise<Fact> {
  try {
    return { value: read(await call()) };
  } catch (error) {
    if (NOT_CONFIGURED.has(errorName(error))) return { notConfigured: true };
    return { unknown: describeS3Error(error) };
  }
}

function encryptionOf(
  rules: {
    ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
    BucketKeyEnabled?: boolean;
  }[],
): Record<string, string> {
  const rule = rules.find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm);
  const algorithm = rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
  if (!rule || !algorithm) return { encryption: "none" };
  const names: Record<string, string> = {
    AES256: "SSE-S3",
    "aws:kms": "SSE-KMS",
    "aws:kms:dsse": "DSSE-KMS",
  };
  const facts: Record<string, string> = { encryption: names[algorithm] ?? algorithm };
  if (algorithm.startsWith("aws:kms")) {
    facts.encryptionKmsKeyId =
      rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? "aws/s3 (AWS managed key)";
    facts.bucketKey = rule.BucketKeyEnabled ? "enabled" : "disabled";
  }
  return facts;
}

const BLOCK_SETTINGS = [
  "BlockPublicAcls",
  "IgnorePublicAcls",
  "BlockPublicPolicy",
  "RestrictPublicBuckets",
] as const;

function publicAccessBlockOf(config: Partial<Record<(typeof BLOCK_SETTINGS)[number], boolean>>) {
  const on = BLOCK_SETTINGS.filter((k) => config[k] === true);
  if (on.length === BLOCK_SETTINGS.length) return { publicAccessBlock: "all" };
  if (on.length === 0) return { publicAccessBlock: "none" };
  return { publicAccessBlock: `partial (${on.join(", ")})` };
}

export function formatTags(tags: Record<string, string>): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/**
 * Reads what the endpoint will tell. Each call is independent: one refused call makes one fact
 * unknown. The versioning answer is checked to be a VersioningConfiguration document (s3rver answers
 * that call with a bucket listing, which would otherwise read as "never enabled").
 */
export async function readBucketPosture(client: S3Client, bucket: string): Promise<BucketPosture> {
  const versioning = new GetBucketVersioningCommand({ Bucket: bucket });
  requireRootElement(versioning, "VersioningConfiguration");
  const [encryption, block, policy, versions, tagging] = await Promise.all([
    ask(
      () => client.send(new GetBucketEncryptionCommand({ Bucket: bucket })),
      (o) => encryptionOf(o.ServerSideEncryptionConfiguration?.Rules ?? []),
    ),
    ask(
      () => client.send(new GetPublicAccessBlockCommand({ Bucket: bucket })),
      (o) => publicAccessBlockOf(o.PublicAccessBlockConfiguration ?? {}),
    ),
    ask(
      () => client.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })),
      (o) => ({ policy: o.PolicyStatus?.IsPublic ? "public" : "not-public" }),
    ),
    ask(
      () => client.send(versioning),
      (o) => ({
        versioning:
          o.Status === "Enabled" ? "enabled" : o.Status === "Suspended" ? "suspended" : "never-enabled",
        ...(o.MFADelete ? { mfaDelete: o.MFADelete === "Enabled" ? "enabled" : "disabled" } : {}),
      }),
    ),
    ask(
      () => client.send(new GetBucketTaggingCommand({ Bucket: bucket })),
      (o) => Object.fromEntries((o.TagSet ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
    ),
  ]);

  const posture: Record<string, string> = {};
  const notes: string[] = [];
  const put = (key: string, fact: Fact, notConfigured: Record<string, string>) => {
    if ("value" in fact) Object.assign(posture, fact.value);
    else if ("notConfigured" in fact) Object.assign(posture, notConfigured);
    else {
      posture[key] = UNKNOWN;
      notes.push(`${key}: ${fact.unknown}`);
    }
  };
  put("encryption", encryption, { encryption: "none" });
  put("publicAccessBlock", block, {
    publicAccessBlock: "none (bucket level; an account-level block may apply)",
  });
  put("policy", policy, { policy: "no-policy" });
  put("versioning", versions, {});
  let tags: Record<string, string> | null = null;
  if ("value" in tagging) tags = tagging.value;
  else if ("notConfigured" in tagging) tags = {};
  if (tags) posture.tags = formatTags(tags);
  else {
    posture.tags = UNKNOWN;
    notes.push(`tags: ${"unknown" in tagging ? tagging.unknown : "unreadable"}`);
  }
  if (notes.length > 0) posture.unknownBecause = notes.join("; ");
  return { posture, tags };
}

/** All facts unknown, for a bucket that could not be reached at all. */
export function unknownPosture(because: string): Record<string, string> {
  return {
    encryption: UNKNOWN,
    publicAccessBlock: UNKNOWN,
    policy: UNKNOWN,
    versioning: UNKNOWN,
    tags: UNKNOWN,
    unknownBecause: because,
  };
}

interface RawResponse {
  body?: unknown;
}

/**
 * Rejects a 200 answer whose XML root is not `root` (an endpoint that ignored the subresource),
 * so it becomes "unknown" instead of being read as an empty, i.e. "off", configuration.
 */
function requireRootElement(command: GetBucketVersioningCommand, root: string): void {
  const guard: DeserializeMiddleware<GetBucketVersioningCommandInput, GetBucketVersioningCommandOutput> =
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      const status = (result.response as { statusCode?: number }).statusCode ?? 0;
      if (status >= 300 || !response.body) return result;
      const bytes = await collect(response.body);
      response.body = bytes;
      const text = new TextDecoder().decode(bytes.subarray(0, 4096));
      const first = /<([A-Za-z][\w.-]*)[\s/>]/.exec(text.replace(/<\?xml[^>]*\?>/, ""));
      if (first?.[1] !== root) {
        throw Object.assign(new Error(`expected a ${root} document`), {
          name: "UnexpectedResponse",
          $metadata: { httpStatusCode: status },
        });
      }
      return result;
    };
  command.middlewareStack.addRelativeTo(guard, {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "requireRootElement",
    override: true,
  });
}

async function collect(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}
