// What crosses between the pipeline and its batch worker threads: plain data checked with zod on
// arrival. The fingerprint key travels as a KeyObject (cloned in memory by postMessage, never text);
// sources and clients are rebuilt in the worker from target strings and S3 client options.
import { KeyObject } from "node:crypto";
import { z } from "zod";
import { DataType } from "../../../core/index.ts";
import { Batch, PartialResult } from "../schemas.ts";

const S3ClientSettings = z.object({
  endpointUrl: z.string().optional(),
  region: z.string().optional(),
  profile: z.string().optional(),
  credentials: z
    .object({ accessKeyId: z.string(), secretAccessKey: z.string(), sessionToken: z.string().optional() })
    .optional(),
  maxAttempts: z.number().int().positive().optional(),
  retryMode: z.enum(["standard", "adaptive"]).optional(),
  requestTimeoutMs: z.number().positive().optional(),
});

/** Everything a worker needs to scan any batch of the run, sent once when it starts. */
export const WorkerSettings = z.object({
  s3: S3ClientSettings.nullable(),
  accountIds: z.record(z.string(), z.string()).optional(),
  s3PageSize: z.number().int().positive().optional(),
  limits: z.record(z.string(), z.number()).optional(),
  select: z.object({ include: z.array(z.string()).optional(), exclude: z.array(z.string()).optional() }),
  unit: z.object({ sampleRanges: z.number().optional(), attempts: z.number().optional() }),
  fingerprints: z.object({
    maxAgeDays: z.number().optional(),
    maxShardEntries: z.number().optional(),
    /** False: fingerprints are never kept (FingerprintOptions.storage null). */
    keep: z.boolean(),
    /** Incremental runs: keep each field's keyed fingerprints in its partial for the scan state. */
    keepKeyed: z.boolean(),
  }),
  key: z.object({
    source: z.string(),
    persistent: z.boolean(),
    material: z.custom<KeyObject>((v) => v instanceof KeyObject, "a KeyObject"),
  }),
  stateDir: z.string().nullable(),
  concurrency: z.number().int().positive(),
});
export type WorkerSettings = z.infer<typeof WorkerSettings>;

/** The run's sealed production handoff (sorted, unique pairs per type), for a non-production batch. */
export const ProductionSeen = z.object({
  stores: z.array(z.string()),
  pairs: z.array(
    z.tuple([DataType, z.custom<Uint32Array>((v) => v instanceof Uint32Array, "a Uint32Array")]),
  ),
});
export type ProductionSeen = z.infer<typeof ProductionSeen>;

export const BatchJob = z.object({
  id: z.number().int(),
  batch: Batch,
  production: ProductionSeen.nullable(),
  /** The run's clock, so every batch ages fingerprints against the same day. */
  now: z.string(),
});
export type BatchJob = z.infer<typeof BatchJob>;

export const BatchReply = z.discriminatedUnion("ok", [
  z.object({ id: z.number().int(), ok: z.literal(true), partial: PartialResult }),
  z.object({
    id: z.number().int(),
    ok: z.literal(false),
    error: z.object({ name: z.string(), message: z.string() }),
  }),
]);
export type BatchReply = z.infer<typeof BatchReply>;
