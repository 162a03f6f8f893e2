// Loading and saving a fingerprint set through a StateStorage: per key and data type, a small JSON
// manifest names the shard files of the current generation. Shards are written first under a new
// generation, the manifest last, then the old generation is removed: a reader never sees a mix.
import { z } from "zod";
import { DataType } from "../core/index.ts";
import { decodeShard, encodeShard } from "./codec.ts";
import { FingerprintStateError } from "./errors.ts";
import type { FingerprintKey } from "./key.ts";
import { FingerprintSet, type Shard } from "./set.ts";
import type { StateStorage } from "./storage.ts";

export const FINGERPRINTS_PREFIX = "fingerprints";

const Manifest = z.object({
  format: z.literal("exposure-audit-fingerprints"),
  version: z.literal(1),
  dataType: DataType,
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  shardBits: z.number().int().min(0).max(16),
  count: z.number().int().nonnegative(),
  generation: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime(),
  shards: z.array(z.object({ key: z.string(), count: z.number().int().nonnegative() })),
});
type Manifest = z.infer<typeof Manifest>;

/** Key-specific: a set made under another key is useless (and kept apart, should the key come back). */
export function setPrefix(keyId: string, dataType: DataType): string {
  return `${FINGERPRINTS_PREFIX}/${keyId}/${dataType}`;
}

export interface LoadedSet {
  set: FingerprintSet;
  /** Generation of the stored set (0 when none was stored). */
  generation: number;
  /** Problems met while loading (the set then starts empty). Never carries a value or the key. */
  notes: string[];
}

export async function loadFingerprintSet(
  storage: StateStorage,
  key: FingerprintKey,
  dataType: DataType,
): Promise<LoadedSet> {
  const prefix = setPrefix(key.id, dataType);
  const raw = await storage.get(`${prefix}/manifest.json`);
  if (!raw) return { set: FingerprintSet.empty(), generation: 0, notes: [] };
  try {
    const manifest = Manifest.parse(JSON.parse(Buffer.from(raw).toString("utf8")));
    if (manifest.keyId !== key.id || manifest.dataType !== dataType) {
      throw new FingerprintStateError("manifest belongs to another key or data type");
    }
    if (manifest.shards.length !== 2 ** manifest.shardBits) {
      throw new FingerprintStateError("manifest shard count does not match its shard bits");
    }
    const shards: Shard[] = [];
    for (const [index, entry] of manifest.shards.entries()) {
      const bytes = await storage.get(entry.key);
      if (!bytes) throw new FingerprintStateError(`shard ${entry.key} is missing`);
      const { header, shard } = decodeShard(bytes, entry.key);
      if (
        header.keyId !== key.id ||
        header.dataType !== dataType ||
        header.shardIndex !== index ||
        header.shardBits !== manifest.shardBits ||
        header.count !== entry.count
      ) {
        throw new FingerprintStateError(`shard ${entry.key} does not match its manifest`);
      }
      shards.push(shard);
    }
    return {
      set: new FingerprintSet(manifest.shardBits, shards),
      generation: manifest.generation,
      notes: [],
    };
  } catch (error) {
    const why = error instanceof FingerprintStateError ? error.message : "manifest is not valid";
    return {
      set: FingerprintSet.empty(),
      generation: 0,
      notes: [`${dataType} fingerprints under ${prefix} could not be loaded (${why}); starting empty`],
    };
  }
}

export interface SavedSet {
  generation: number;
  bytes: number;
  files: number;
}

export async function saveFingerprintSet(
  storage: StateStorage,
  key: FingerprintKey,
  dataType: DataType,
  set: FingerprintSet,
  previousGeneration: number,
  now: Date,
): Promise<SavedSet> {
  const prefix = setPrefix(key.id, dataType);
  const generation = previousGeneration + 1;
  const previous = await readManifest(storage, prefix);
  const entries: Manifest["shards"] = [];
  let bytes = 0;
  for (const [index, shard] of set.shards.entries()) {
    const shardKey = `${prefix}/g${generation}/${index.toString(16).padStart(4, "0")}.bin`;
    const encoded = encodeShard(
      { shardBits: set.shardBits, dataType, shardIndex: index, keyId: key.id, writtenAt: now },
      shard,
    );
    await storage.put(shardKey, encoded);
    entries.push({ key: shardKey, count: shard.seen.length });
    bytes += encoded.length;
  }
  const manifest: Manifest = {
    format: "exposure-audit-fingerprints",
    version: 1,
    dataType,
    keyId: key.id,
    shardBits: set.shardBits,
    count: set.size,
    generation,
    updatedAt: now.toISOString(),
    shards: entries,
  };
  await storage.put(`${prefix}/manifest.json`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  if (previous && storage.delete) {
    const current = new Set(entries.map((e) => e.key));
    for (const old of previous.shards) if (!current.has(old.key)) await storage.delete(old.key);
  }
  return { generation, bytes, files: entries.length + 1 };
}

async function readManifest(storage: StateStorage, prefix: string): Promise<Manifest | null> {
  const raw = await storage.get(`${prefix}/manifest.json`);
  if (!raw) return null;
  try {
    const parsed = Manifest.safeParse(JSON.parse(Buffer.from(raw).toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
