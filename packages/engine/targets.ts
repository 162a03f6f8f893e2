// Turns target strings into sources: local directories, and `s3://bucket[/prefix]` through a client
// the caller built (CLI, handler, test). The S3 connector (and so the AWS SDK) is loaded only when
// an S3 target is given.
import type { S3Client } from "@aws-sdk/client-s3";
import { LocalDirectorySource, type Source } from "../connectors/index.ts";
import type { ListingOptions } from "../connectors/s3/list-objects.ts";
import { isS3Uri, parseS3Uri } from "../connectors/s3/uri.ts";
import { UsageError } from "../core/index.ts";

export interface TargetOptions {
  /** Client for `s3://` targets; required when there are any. */
  s3Client?: S3Client;
  /** Account id per target (as written), from the configuration. */
  accountIds?: Readonly<Record<string, string>>;
  /** ListObjectsV2 page size (tests use small pages to exercise pagination). */
  s3PageSize?: number;
  /** How S3 listing fans out over key ranges (concurrency, ranges…); defaults otherwise. */
  s3Listing?: Omit<ListingOptions, "pageSize">;
}

const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A local directory target (or a `file://` URL). S3 targets need `sourcesFor` and a client. */
export function sourceFor(target: string): Source {
  if (isS3Uri(target)) throw new UsageError(`${target}: S3 targets need an S3 client (see sourcesFor)`);
  if (OTHER_SCHEME.test(target) && !target.startsWith("file://")) {
    throw new UsageError(`unsupported target ${target}: give a local directory or s3://bucket[/prefix]`);
  }
  return new LocalDirectorySource(target.startsWith("file://") ? new URL(target).pathname : target);
}

/** Validates every target first (a typo fails the run before anything is read), then builds the sources. */
export async function sourcesFor(targets: readonly string[], options: TargetOptions = {}): Promise<Source[]> {
  for (const target of targets) if (isS3Uri(target)) parseS3Uri(target);
  const local = targets.map((t) => (isS3Uri(t) ? null : sourceFor(t)));
  if (local.every((s) => s !== null)) return local;
  const { s3Client } = options;
  if (!s3Client) throw new UsageError("S3 targets need an S3 client");
  const { S3Source } = await import("../connectors/s3/s3-source.ts");
  return targets.map((target, i) => {
    const built = local[i];
    if (built) return built;
    const accountId = options.accountIds?.[target];
    return new S3Source({
      client: s3Client,
      uri: target,
      ...(accountId ? { accountId } : {}),
      ...(options.s3PageSize ? { pageSize: options.s3PageSize } : {}),
      ...(options.s3Listing ? { listing: options.s3Listing } : {}),
    });
  });
}
