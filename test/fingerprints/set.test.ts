import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BYTES_PER_ENTRY,
  decodeShard,
  encodeShard,
  FingerprintList,
  FingerprintSet,
  FingerprintStateError,
  fingerprint,
  LocalStateStorage,
  loadFingerprintSet,
  MemoryStateStorage,
  mergeSeen,
  parseKeyMaterial,
  partsOf,
  saveFingerprintSet,
  setPrefix,
  shardBitsFor,
  sortUniquePairs,
} from "../../packages/fingerprints/index.ts";

const key = parseKeyMaterial("c3".repeat(32), "test");
const otherKey = parseKeyMaterial("d4".repeat(32), "test");

function randomFingerprints(n: number): bigint[] {
  const bytes = randomBytes(8 * n);
  return Array.from({ length: n }, (_, i) => bytes.readBigUInt64BE(8 * i));
}

function listOf(fps: readonly bigint[]): FingerprintList {
  const list = new FingerprintList(4);
  for (const fp of fps) {
    const { hi, lo } = partsOf(fp);
    list.push(hi, lo);
  }
  return list;
}

function setOf(fps: readonly bigint[], today: number, maxShardEntries?: number) {
  return mergeSeen(FingerprintSet.empty(), listOf(fps).sortedUnique(), {
    today,
    maxAgeDays: 90,
    maxShardEntries,
  }).set;
}

const pairsToBigints = (pairs: Uint32Array) =>
  Array.from(
    { length: pairs.length / 2 },
    (_, i) => (BigInt(pairs[2 * i] as number) << 32n) | BigInt(pairs[2 * i + 1] as number),
  );

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-fp-set-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("sorting and membership", () => {
  it("radix-sorts and deduplicates like a BigInt sort", () => {
    const fps = randomFingerprints(5000);
    const withDuplicates = [...fps, ...fps.slice(0, 700), 0n, 2n ** 64n - 1n, 0n, 1n << 32n, 1n];
    const expected = [...new Set(withDuplicates)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(pairsToBigints(sortUniquePairs(listOf(withDuplicates).pairs()))).toEqual(expected);
  });

  it("sorts few pairs (the comparison path) like many (the radix path)", () => {
    for (const count of [0, 1, 2, 100, 2047, 2048, 2049]) {
      const fps = randomFingerprints(count);
      const withDuplicates = [...fps, ...fps.slice(0, 10), 2n ** 64n - 1n, 0n, 2n ** 63n];
      const expected = [...new Set(withDuplicates)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(pairsToBigints(sortUniquePairs(listOf(withDuplicates).pairs()))).toEqual(expected);
    }
  });

  it("finds every member and no non-member", () => {
    const fps = randomFingerprints(20_000);
    const set = setOf(fps.slice(0, 10_000), 100);
    expect(set.size).toBe(10_000);
    for (const fp of fps.slice(0, 10_000)) expect(set.has(fp)).toBe(true);
    for (const fp of fps.slice(10_000)) expect(set.has(fp)).toBe(false);
    expect(set.has(0n)).toBe(false);
    expect(FingerprintSet.empty().has(123n)).toBe(false);
  });

  it("shards by top bits and still finds every member", () => {
    expect(shardBitsFor(100)).toBe(0);
    expect(shardBitsFor(100_000_000)).toBe(5);
    const fps = randomFingerprints(5000);
    const set = setOf(fps, 100, 500);
    expect(set.shardBits).toBe(4);
    expect(set.shards).toHaveLength(16);
    for (const shard of set.shards) expect(shard.seen.length).toBeLessThan(500);
    for (const fp of fps) expect(set.has(fp)).toBe(true);
    for (const fp of randomFingerprints(2000)) expect(set.has(fp)).toBe(false);
  });
});

describe("ageing", () => {
  it("refreshes what production shows again, keeps the rest until maxAgeDays, then drops it", () => {
    const [a, b, c] = randomFingerprints(3) as [bigint, bigint, bigint];
    const day0 = setOf([a, b], 1000);
    const seenAgain = listOf([a, c]).sortedUnique();
    const day30 = mergeSeen(day0, seenAgain, { today: 1030, maxAgeDays: 60 });
    expect(day30).toMatchObject({ added: 1, agedOut: 0 });
    expect([a, b, c].map((fp) => day30.set.lastSeen(fp))).toEqual([1030, 1000, 1030]);
    const day61 = mergeSeen(day30.set, new Uint32Array(0), { today: 1061, maxAgeDays: 60 });
    expect(day61).toMatchObject({ added: 0, agedOut: 1 });
    expect([a, b, c].map((fp) => day61.set.has(fp))).toEqual([true, false, true]);
    const day100 = mergeSeen(day61.set, new Uint32Array(0), { today: 1100, maxAgeDays: 60 });
    expect(day100.set.size).toBe(0);
  });
});

describe("binary shard format", () => {
  it("round-trips with a header and checksum, and refuses damage", () => {
    const set = setOf(randomFingerprints(300), 1234);
    const shard = set.shards[0] as (typeof set.shards)[number];
    const bytes = encodeShard(
      { shardBits: 0, dataType: "US_SSN", shardIndex: 0, keyId: key.id, writtenAt: new Date(0) },
      shard,
    );
    expect(bytes.length).toBe(32 + 300 * BYTES_PER_ENTRY);
    const decoded = decodeShard(bytes, "s");
    expect(decoded.header).toMatchObject({ count: 300, keyId: key.id, dataType: "US_SSN", version: 1 });
    expect(decoded.shard.fps).toEqual(shard.fps);
    expect(decoded.shard.seen).toEqual(shard.seen);
    const damaged = Uint8Array.from(bytes);
    damaged[100] = (damaged[100] as number) ^ 1;
    expect(() => decodeShard(damaged, "s")).toThrow(FingerprintStateError);
    expect(() => decodeShard(bytes.subarray(0, 40), "s")).toThrow(FingerprintStateError);
  });
});

describe("persistence", () => {
  it("round-trips a sharded set through a local directory, replacing the old generation", async () => {
    const storage = new LocalStateStorage(path.join(root, "state"));
    const fps = randomFingerprints(3000);
    const set = setOf(fps, 2000, 400);
    expect(set.shards.length).toBeGreaterThan(1);
    const first = await saveFingerprintSet(storage, key, "US_SSN", set, 0, new Date());
    expect(first.generation).toBe(1);
    const loaded = await loadFingerprintSet(storage, key, "US_SSN");
    expect(loaded).toMatchObject({ generation: 1, notes: [] });
    expect(loaded.set.size).toBe(3000);
    for (const fp of fps) expect(loaded.set.lastSeen(fp)).toBe(2000);

    const grown = mergeSeen(loaded.set, listOf(randomFingerprints(10)).sortedUnique(), {
      today: 2001,
      maxAgeDays: 90,
      maxShardEntries: 400,
    });
    await saveFingerprintSet(storage, key, "US_SSN", grown.set, loaded.generation, new Date());
    const dir = path.join(root, "state", ...setPrefix(key.id, "US_SSN").split("/"));
    expect((await readdir(dir)).sort()).toEqual(["g2", "manifest.json"]);
    expect((await loadFingerprintSet(storage, key, "US_SSN")).set.size).toBe(3010);
  });

  it("keeps sets of different keys apart: another key starts empty", async () => {
    const storage = new MemoryStateStorage();
    await saveFingerprintSet(storage, key, "US_SSN", setOf(randomFingerprints(10), 5), 0, new Date());
    expect((await loadFingerprintSet(storage, otherKey, "US_SSN")).set.size).toBe(0);
    expect((await loadFingerprintSet(storage, key, "US_DRIVERS_LICENSE")).set.size).toBe(0);
    expect((await loadFingerprintSet(storage, key, "US_SSN")).set.size).toBe(10);
  });

  it("starts empty with a note when the stored set is damaged", async () => {
    const storage = new MemoryStateStorage();
    await saveFingerprintSet(storage, key, "US_SSN", setOf(randomFingerprints(10), 5), 0, new Date());
    const shardKey = [...storage.files.keys()].find((k) => k.endsWith(".bin")) as string;
    const bytes = storage.files.get(shardKey) as Uint8Array;
    bytes[40] = (bytes[40] as number) ^ 0xff;
    const loaded = await loadFingerprintSet(storage, key, "US_SSN");
    expect(loaded.set.size).toBe(0);
    expect(loaded.notes.join(" ")).toMatch(/checksum/);
  });

  it("never writes a raw value: the files hold only keyed fingerprints", async () => {
    const storage = new MemoryStateStorage();
    const ssns = ["219451234", "401234567"];
    const set = setOf(
      ssns.map((s) => fingerprint(key, "US_SSN", s)),
      5,
    );
    await saveFingerprintSet(storage, key, "US_SSN", set, 0, new Date());
    for (const bytes of storage.files.values()) {
      const text = Buffer.from(bytes).toString("latin1");
      for (const s of ssns) expect(text).not.toContain(s);
    }
  });
});
