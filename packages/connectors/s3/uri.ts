// `s3://bucket[/prefix]` targets. Pure string handling: no SDK import, so it is cheap to load.
import { UsageError } from "../../core/index.ts";

export interface S3Uri {
  bucket: string;
  /** Key prefix without a leading slash; "" for the whole bucket. */
  prefix: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const isS3Uri = (target: string): boolean => /^s3:\/\//i.test(target);

/** Parses `s3://bucket[/prefix]`; throws UsageError naming what is wrong. */
export function parseS3Uri(target: string): S3Uri {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(target);
  if (!match) throw new UsageError(`not an S3 URI: ${target} (expected s3://bucket[/prefix])`);
  const bucket = match[1] ?? "";
  const prefix = match[2] ?? "";
  if (!BUCKET.test(bucket) || bucket.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new UsageError(
      `invalid bucket name in ${target}: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`,
    );
  }
  return { bucket, prefix };
}

/** The store URI of a bucket and prefix, as findings and the summary name it. */
export const s3StoreUri = ({ bucket, prefix }: S3Uri): string =>
  prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`;
