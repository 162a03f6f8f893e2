// A source enumerates the units of one data store and opens them. It knows nothing about detection.
import type { ReaderInput, StoreError } from "../core/index.ts";

export interface UnitRef {
  /** Object key or path relative to the store root, with forward slashes. */
  key: string;
  size: number | null;
  /** e.g. S3 storage class; archived units are skipped by the engine. */
  storageClass?: string;
  etag?: string;
  /** Where there is no ETag (local files): what says the bytes are unchanged (size, mtime, ctime). */
  stamp?: string;
}

export interface StoreInfo {
  /** Store URI, e.g. file:///data/acme-qa-exports or s3://acme-qa-exports/prefix. */
  store: string;
  /** Bucket or directory name: what the environment name rule reads. */
  container: string;
  tags: Record<string, string>;
  /** Posture facts for the auditor; "unknown" where they cannot be read. */
  posture: Record<string, string>;
  /** Cloud account that owns the store, when known: read by the environment account map. */
  accountId?: string;
  /** Set when the store cannot be read at all: the engine records it and lists nothing. */
  error?: StoreError;
}

export interface Source {
  describe(): Promise<StoreInfo>;
  /** Throws StoreAccessError when the store cannot be listed (further): recorded, the run goes on. */
  list(): AsyncIterable<UnitRef>;
  open(unit: UnitRef): ReaderInput;
}
