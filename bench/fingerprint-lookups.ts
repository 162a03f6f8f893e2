// `npm run bench:fingerprints [-- --values N --lookups N]`: membership lookups per second on one core
// against a set of N stored fingerprints (default 10 million), the cost of making fingerprints (HMAC),
// and the set's size on disk and in memory, scaled to 100 million values. Not a test: no assertions.
import { randomBytes } from "node:crypto";
import {
  encodeShard,
  FingerprintBatch,
  FingerprintList,
  FingerprintSet,
  mergeSeen,
  parseKeyMaterial,
} from "../packages/fingerprints/index.ts";

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const VALUES = arg("values", 10_000_000);
const LOOKUPS = arg("lookups", 10_000_000);
const HMACS = arg("hmacs", 1_000_000);
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const rate = (n: number, ms: number) => `${(((n / ms) * 1000) / 1e6).toFixed(2)} M/s`;

function randomPairs(n: number): Uint32Array {
  const out = new Uint32Array(2 * n);
  const chunk = 1 << 20;
  for (let at = 0; at < out.length; at += chunk) {
    const bytes = randomBytes(4 * Math.min(chunk, out.length - at));
    out.set(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), at);
  }
  return out;
}

console.log(`node ${process.version}, one core; ${VALUES.toLocaleString("en")} stored fingerprints`);

// Build: collect, radix-sort, merge into the sharded set (what a production run does at its end).
let t = performance.now();
const stored = randomPairs(VALUES);
const list = new FingerprintList(VALUES);
for (let i = 0; i < VALUES; i++) list.push(stored[2 * i] as number, stored[2 * i + 1] as number);
const sorted = list.sortedUnique();
const { set } = mergeSeen(FingerprintSet.empty(), sorted, { today: 2000, maxAgeDays: 90 });
const buildMs = performance.now() - t;
console.log(`build (collect + sort + merge): ${buildMs.toFixed(0)} ms, ${set.shards.length} shards`);

// Encode to the on-disk format.
t = performance.now();
let diskBytes = 0;
for (const [index, shard] of set.shards.entries()) {
  diskBytes += encodeShard(
    {
      shardBits: set.shardBits,
      dataType: "US_SSN",
      shardIndex: index,
      keyId: "0123456789abcdef",
      writtenAt: new Date(),
    },
    shard,
  ).length;
}
const encodeMs = performance.now() - t;
const memoryBytes = set.byteLength;

// Lookups: half of them members, half random (misses), in random order.
const probes = new Uint32Array(2 * LOOKUPS);
const misses = randomPairs(LOOKUPS);
for (let i = 0; i < LOOKUPS; i++) {
  const member = (i & 1) === 0;
  const j = member ? Math.floor(Math.random() * VALUES) : i;
  probes[2 * i] = member ? (stored[2 * j] as number) : (misses[2 * j] as number);
  probes[2 * i + 1] = member ? (stored[2 * j + 1] as number) : (misses[2 * j + 1] as number);
}
let hits = 0;
for (let i = 0; i < 100_000; i++)
  if (set.hasParts(probes[2 * i] as number, probes[2 * i + 1] as number)) hits++; // warm-up
hits = 0;
t = performance.now();
for (let i = 0; i < LOOKUPS; i++)
  if (set.hasParts(probes[2 * i] as number, probes[2 * i + 1] as number)) hits++;
const lookupMs = performance.now() - t;

// Making fingerprints: HMAC-SHA256 per value (what each distinct value costs before its lookup).
const key = parseKeyMaterial(randomBytes(32).toString("hex"), "bench");
const values = Array.from({ length: HMACS }, (_, i) => String(100_000_000 + i * 7919));
// As the scan makes them: queued in a FingerprintBatch, made together (four at a time in SIMD lanes).
const batch = new FingerprintBatch(key);
t = performance.now();
let endToEndHits = 0;
for (let start = 0; start < values.length; start += FingerprintBatch.CAPACITY) {
  const end = Math.min(values.length, start + FingerprintBatch.CAPACITY);
  for (let i = start; i < end; i++) batch.add("US_SSN", values[i] as string);
  const fps = batch.compute();
  for (let i = 0; i < end - start; i++)
    if (set.hasParts(fps[2 * i] as number, fps[2 * i + 1] as number)) endToEndHits++;
}
const hmacMs = performance.now() - t;

const per100M = (bytes: number) => (bytes / VALUES) * 1e8;
console.log(
  `membership lookups: ${rate(LOOKUPS, lookupMs)} (${LOOKUPS.toLocaleString("en")} in ${lookupMs.toFixed(0)} ms, ${hits.toLocaleString("en")} hits)`,
);
console.log(`fingerprint (HMAC-SHA256) + lookup: ${rate(HMACS, hmacMs)} (${endToEndHits} hits)`);
console.log(`encode to disk format: ${encodeMs.toFixed(0)} ms`);
console.log(
  `size on disk: ${mb(diskBytes)} for ${VALUES.toLocaleString("en")} → ${(per100M(diskBytes) / 1e9).toFixed(2)} GB (${mb(per100M(diskBytes))}) per 100 million values`,
);
console.log(
  `size in memory: ${mb(memoryBytes)} → ${(per100M(memoryBytes) / 1e9).toFixed(2)} GB per 100 million values, lookup directories included (a license is stored in two forms: twice that per license)`,
);
