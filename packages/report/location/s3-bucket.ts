// A report store in an S3 bucket under a prefix. The S3Client is the caller's: library code never builds one.
import type { GetObjectCommandOutput, S3Client } from "@aws-sdk/client-s3";
import { UsageError } from "../../core/errors.ts";
import { ReportStoreError } from "../errors.ts";
import { checkKey, checkPrefix, type ReportStore } from "./store.ts";

export interface S3BucketLocation {
  bucket: string;
  /** "" or a prefix ending in `/`. */
  prefix: string;
}

/**
 * The SDK's commands, loaded on first use: a scan reporting to a local directory never loads the
 * S3 client (tens of MB of a scanner's peak memory).
 */
const sdk = () => import("@aws-sdk/client-s3");

/** S3 bucket naming rules (general purpose buckets): 3–63 of a-z 0-9 . -, starting and ending alphanumeric. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket` or `s3://bucket/some/prefix` (a trailing `/` is optional). Throws UsageError. */
export function parseS3Location(uri: string): S3BucketLocation {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  const bucket = match?.[1] ?? "";
  if (!match || !BUCKET.test(bucket) || bucket.includes(".."))
    throw new UsageError(`invalid report bucket ${uri}: expected s3://<bucket>[/<prefix>]`);
  const raw = (match[2] ?? "").replace(/\/+$/, "");
  if (raw !== "") {
    try {
      checkKey(raw);
    } catch {
      throw new UsageError(`invalid report bucket prefix in ${uri}`);
    }
  }
  return { bucket, prefix: raw === "" ? "" : `${raw}/` };
}

const isNoSuchKey = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
};

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

export interface S3BucketReportStoreOptions extends Partial<S3BucketLocation> {
  client: S3Client;
  bucket: string;
}

export class S3BucketReportStore implements ReportStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;

  constructor({ client, bucket, prefix = "" }: S3BucketReportStoreOptions) {
    const parsed = parseS3Location(`s3://${bucket}/${prefix}`);
    this.client = client;
    this.bucket = parsed.bucket;
    this.prefix = parsed.prefix;
  }

  private objectKey(key: string): string {
    return `${this.prefix}${checkKey(key)}`;
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    return this.putBody(key, body, contentType);
  }

  async putBytes(key: string, body: Uint8Array, contentType: string): Promise<void> {
    return this.putBody(key, body, contentType);
  }

  async get(key: string): Promise<string | null> {
    return this.read(key, async (body) => (await body?.transformToString("utf-8")) ?? "");
  }

  async getBytes(key: string): Promise<Uint8Array | null> {
    return this.read(key, async (body) => (await body?.transformToByteArray()) ?? new Uint8Array(0));
  }

  private async putBody(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    const { PutObjectCommand } = await sdk();
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: body,
          ContentType: contentType,
          // latest.json changes every run; run files never change, but caches should not guess.
          CacheControl: "no-cache",
        }),
      );
    } catch (error) {
      throw new ReportStoreError(`cannot write ${this.locate(key)}`, { cause: error });
    }
  }

  /** The object's body as `decode` reads it, or null when there is no such key. */
  private async read<T>(
    key: string,
    decode: (body: GetObjectCommandOutput["Body"]) => Promise<T>,
  ): Promise<T | null> {
    const { GetObjectCommand } = await sdk();
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return await decode(out.Body);
    } catch (error) {
      if (isNoSuchKey(error)) return null;
      throw new ReportStoreError(`cannot read ${this.locate(key)}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<string[]> {
    checkPrefix(prefix);
    const keys: string[] = [];
    let token: string | undefined;
    const { ListObjectsV2Command } = await sdk();
    try {
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}${prefix}`,
            ContinuationToken: token,
          }),
        );
        for (const object of page.Contents ?? [])
          if (object.Key?.startsWith(this.prefix)) keys.push(object.Key.slice(this.prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw new ReportStoreError(`cannot list s3://${this.bucket}/${this.prefix}${prefix}`, { cause: error });
    }
    return keys.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    const { DeleteObjectsCommand } = await sdk();
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH).map((key) => ({ Key: this.objectKey(key) }));
      let errors: { Key?: string; Code?: string }[] = [];
      try {
        const out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }),
        );
        errors = out.Errors ?? [];
      } catch (error) {
        throw new ReportStoreError(`cannot delete from s3://${this.bucket}/${this.prefix}`, { cause: error });
      }
      if (errors.length > 0)
        throw new ReportStoreError(
          `cannot delete ${errors.length} object(s) from s3://${this.bucket}/${this.prefix}, e.g. ${errors[0]?.Key} (${errors[0]?.Code})`,
        );
    }
  }
}
