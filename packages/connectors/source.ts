// A source enumerates the units of one data store and opens them. It knows nothing about detection.
import type { ReaderInput } from "../core/index.ts";

export interface UnitRef {
  /** Object key or path relative to the store root, with forward slashes. */
  key: string;
  size: number | null;
  /** e.g. S3 storage class; archived units are skipped by the engine. */
  storageClass?: string;
  etag?: string;
}

export interface StoreInfo {
  /** Store URI, e.g. file:///data/acme-qa-exports or s3://acme-qa-exports/prefix. */
  store: string;
  /** Bucket or directory name: what the environment name rule reads. */
  container: string;
  tags: Record<string, string>;
  /** Posture facts for the auditor; "unknown" where they cannot be read. */
  posture: Record<string, string>;
}

export interface Source {
  describe(): Promise<StoreInfo>;
  list(): AsyncIterable<UnitRef>;
  open(unit: UnitRef): ReaderInput;
}
