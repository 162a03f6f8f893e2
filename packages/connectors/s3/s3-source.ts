// An S3 bucket (or a prefix of one) as a data store: ListObjectsV2 (fanned out) → units, GetObject → bytes.
import type { Readable } from "node:stream";
import { GetObjectCommand, HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { type ReaderInput, TransientReadError } from "../../core/index.ts";
import type { Source, StoreInfo, UnitRef } from "../source.ts";
import { describeS3Error, reasonOf, unitError } from "./errors.ts";
import { type ListingOptions, listObjects } from "./list-objects.ts";
import { readBucketPosture, unknownPosture } from "./posture.ts";
import { parseS3Uri, type S3Uri, s3StoreUri } from "./uri.ts";

export interface S3SourceOptions {
  /** Built by the caller (CLI, handler, test): see createS3Client. */
  client: S3Client;
  /** `s3://bucket[/prefix]` or its parts. */
  uri: string | S3Uri;
  /** Account that owns the bucket, when the configuration says; else the credentials' account if they carry one. */
  accountId?: string;
  /** ListObjectsV2 MaxKeys (1–1000). */
  pageSize?: number;
  /** How listing fans out over key ranges (see list-objects.ts). */
  listing?: Omit<ListingOptions, "pageSize">;
}

export class S3Source implements Source {
  readonly bucket: string;
  readonly prefix: string;
  readonly store: string;
  private readonly client: S3Client;

  constructor(private readonly options: S3SourceOptions) {
    const uri = typeof options.uri === "string" ? parseS3Uri(options.uri) : options.uri;
    this.bucket = uri.bucket;
    this.prefix = uri.prefix;
    this.store = s3StoreUri(uri);
    this.client = options.client;
  }

  /** Never throws for a bucket it cannot reach: the store comes back with `error` and unknown posture. */
  async describe(): Promise<StoreInfo> {
    const base = { store: this.store, container: this.bucket };
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const region = regionHint(error);
      const detail = `HeadBucket ${describeS3Error(error)}${region ? `; the bucket is in ${region}` : ""}`;
      return {
        ...base,
        tags: {},
        posture: unknownPosture(detail),
        error: { reason: reasonOf(error), message: `bucket ${this.bucket} cannot be read: ${detail}` },
      };
    }
    const { posture, tags } = await readBucketPosture(this.client, this.bucket);
    const accountId = this.options.accountId ?? (await this.credentialsAccount());
    return { ...base, tags: tags ?? {}, posture, ...(accountId ? { accountId } : {}) };
  }

  list(): AsyncIterable<UnitRef> {
    const { client, bucket, prefix } = this;
    const describeError = (error: unknown) => {
      const region = regionHint(error);
      return region ? `; the bucket is in ${region}` : "";
    };
    return listObjects(
      { client, bucket, prefix, describeError },
      { pageSize: this.options.pageSize, ...this.options.listing },
    );
  }

  open(unit: UnitRef): ReaderInput {
    return {
      name: unit.key,
      size: unit.size,
      open: () => this.stream(unit),
      openRange: (start, end) => this.stream(unit, start, end),
      readRange: async (start, end) => {
        const parts: Uint8Array[] = [];
        for await (const chunk of this.stream(unit, start, end)) parts.push(chunk);
        return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
      },
    };
  }

  /** GetObject (optionally a byte range) as a stream. A body that stops early is a TransientReadError. */
  private async *stream(unit: UnitRef, start?: number, end?: number): AsyncGenerator<Uint8Array> {
    const ranged = start !== undefined && end !== undefined;
    if (ranged && end <= start) return;
    const what = `s3://${this.bucket}/${unit.key}`;
    let body: Readable | undefined;
    let expected: number | undefined;
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: unit.key,
          ...(ranged ? { Range: `bytes=${start}-${end - 1}` } : {}),
          // Every read of one scan (stream and ranges) sees the version that was listed.
          ...(unit.etag ? { IfMatch: unit.etag } : {}),
        }),
      );
      body = response.Body as Readable | undefined;
      expected = response.ContentLength;
    } catch (error) {
      throw unitError(error, what);
    }
    if (!body) return;
    let received = 0;
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw unitError(error, `${what} after ${received} bytes`);
    } finally {
      body.destroy?.();
    }
    if (expected !== undefined && received < expected) {
      throw new TransientReadError(`${what}: body ended after ${received} of ${expected} bytes`);
    }
  }

  private async credentialsAccount(): Promise<string | undefined> {
    try {
      const credentials = await this.client.config.credentials();
      return (credentials as { accountId?: string }).accountId;
    } catch {
      return undefined;
    }
  }
}

function regionHint(error: unknown): string | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string> } })?.$response?.headers;
  const region = headers?.["x-amz-bucket-region"];
  return typeof region === "string" && /^[a-z0-9-]+$/.test(region) ? region : undefined;
}
