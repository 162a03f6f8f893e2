// The fingerprint set: sorted 64-bit fingerprints in shards chosen by their top bits, each with the day
// it was last seen in production (for ageing out). Lookups are a binary search over two 32-bit halves
// in one shard: no BigInt and no allocation on the hot path.

export const DAY_MS = 86_400_000;
/** Days are counted from 2020-01-01 (UTC) and stored as uint16: good until 2199. */
const EPOCH_DAY = Date.UTC(2020, 0, 1) / DAY_MS;
export const MAX_SHARD_BITS = 12;
/** A shard holds at most this many fingerprints (about 40 MB on disk) unless told otherwise. */
export const DEFAULT_MAX_SHARD_ENTRIES = 1 << 22;
/** Bytes per stored fingerprint: 8 (the fingerprint) + 2 (the day it was last seen). */
export const BYTES_PER_ENTRY = 10;

export function dayNumber(at: Date): number {
  return Math.min(0xffff, Math.max(0, Math.floor(at.getTime() / DAY_MS) - EPOCH_DAY));
}

export function dateOfDay(day: number): Date {
  return new Date((day + EPOCH_DAY) * DAY_MS);
}

export interface Shard {
  /** Sorted, unique: hi0, lo0, hi1, lo1, … */
  fps: Uint32Array;
  /** Day last seen, one per fingerprint. */
  seen: Uint16Array;
}

/** Fewest top bits that keep every shard under `maxEntries` (for uniformly spread fingerprints). */
export function shardBitsFor(count: number, maxEntries = DEFAULT_MAX_SHARD_ENTRIES): number {
  let bits = 0;
  while (bits < MAX_SHARD_BITS && count / 2 ** bits > maxEntries) bits++;
  return bits;
}

export function shardOf(hi: number, shardBits: number): number {
  return shardBits === 0 ? 0 : hi >>> (32 - shardBits);
}

/** Entries per directory bucket, on average: a bucket of 8 spans one 64-byte cache line. */
const ENTRIES_PER_BUCKET = 8;

export class FingerprintSet {
  readonly size: number;
  /**
   * Per shard, a directory built in memory on load (never stored): bucket b (the next bits of `hi`
   * after the shard bits) spans entries dir[b] … dir[b+1]. A lookup reads the directory, then binary
   * searches a bucket of ~8 entries: about two cache misses instead of one per halving step.
   */
  private readonly dirs: Uint32Array[];
  private readonly dirBits: number[];

  constructor(
    readonly shardBits: number,
    readonly shards: readonly Shard[],
  ) {
    if (shards.length !== 2 ** shardBits) throw new RangeError("shard count must be 2^shardBits");
    this.size = shards.reduce((n, s) => n + s.seen.length, 0);
    this.dirBits = shards.map((s) =>
      Math.min(32 - shardBits, Math.max(0, Math.ceil(Math.log2(s.seen.length / ENTRIES_PER_BUCKET)))),
    );
    this.dirs = shards.map((s, i) => buildDirectory(s, shardBits, this.dirBits[i] as number));
  }

  static empty(): FingerprintSet {
    return new FingerprintSet(0, [{ fps: new Uint32Array(0), seen: new Uint16Array(0) }]);
  }

  /** Splits globally sorted, unique fingerprints into 2^shardBits shards (views, no copies). */
  static fromSorted(fps: Uint32Array, seen: Uint16Array, shardBits: number): FingerprintSet {
    const shards: Shard[] = [];
    const n = seen.length;
    let start = 0;
    for (let s = 0; s < 2 ** shardBits; s++) {
      let end = start;
      while (end < n && shardOf(fps[2 * end] as number, shardBits) === s) end++;
      shards.push({ fps: fps.subarray(2 * start, 2 * end), seen: seen.subarray(start, end) });
      start = end;
    }
    if (start !== n) throw new RangeError("fingerprints are not sorted");
    return new FingerprintSet(shardBits, shards);
  }

  /** Bytes held in memory: fingerprints, days and the lookup directories. */
  get byteLength(): number {
    let n = 0;
    for (const [i, s] of this.shards.entries()) {
      n += s.fps.byteLength + s.seen.byteLength + (this.dirs[i] as Uint32Array).byteLength;
    }
    return n;
  }

  has(fp: bigint): boolean {
    return this.hasParts(Number(fp >> 32n), Number(fp & 0xffffffffn));
  }

  hasParts(hi: number, lo: number): boolean {
    return this.indexOf(hi >>> 0, lo >>> 0) !== null;
  }

  /** Day the fingerprint was last seen in production, or null when it is not in the set. */
  lastSeen(fp: bigint): number | null {
    const hi = Number(fp >> 32n);
    const at = this.indexOf(hi, Number(fp & 0xffffffffn));
    if (at === null) return null;
    return (this.shards[shardOf(hi, this.shardBits)] as Shard).seen[at] as number;
  }

  private indexOf(hi: number, lo: number): number | null {
    const index = this.shardBits === 0 ? 0 : hi >>> (32 - this.shardBits);
    const shard = this.shards[index] as Shard;
    const a = shard.fps;
    const bits = this.dirBits[index] as number;
    const dir = this.dirs[index] as Uint32Array;
    const bucket = bits === 0 ? 0 : (hi << this.shardBits) >>> (32 - bits);
    let left = dir[bucket] as number;
    let right = dir[bucket + 1] as number;
    while (left < right) {
      const mid = (left + right) >>> 1;
      const h = a[2 * mid] as number;
      if (h < hi || (h === hi && (a[2 * mid + 1] as number) < lo)) left = mid + 1;
      else right = mid;
    }
    return left < shard.seen.length && a[2 * left] === hi && a[2 * left + 1] === lo ? left : null;
  }
}

/** dir[b] = first entry whose bucket is ≥ b; dir[2^bits] = count. */
function buildDirectory(shard: Shard, shardBits: number, bits: number): Uint32Array {
  const buckets = 2 ** bits;
  const dir = new Uint32Array(buckets + 1);
  const n = shard.seen.length;
  let entry = 0;
  for (let b = 0; b < buckets; b++) {
    dir[b] = entry;
    while (entry < n) {
      const hi = shard.fps[2 * entry] as number;
      const at = bits === 0 ? 0 : (hi << shardBits) >>> (32 - bits);
      if (at !== b) break;
      entry++;
    }
  }
  dir[buckets] = n;
  return dir;
}

/** A growable list of fingerprints (pairs of uint32), for collecting before sorting. */
export class FingerprintList {
  private data: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(2 * Math.max(1, capacity));
  }

  push(hi: number, lo: number): void {
    if (2 * this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[2 * this.length] = hi;
    this.data[2 * this.length + 1] = lo;
    this.length++;
  }

  append(other: FingerprintList): void {
    const pairs = other.pairs();
    for (let i = 0; i < other.length; i++) this.push(pairs[2 * i] as number, pairs[2 * i + 1] as number);
  }

  /** A view of the collected pairs (hi, lo, hi, lo, …). */
  pairs(): Uint32Array {
    return this.data.subarray(0, 2 * this.length);
  }

  /** Sorted and deduplicated copy. */
  sortedUnique(): Uint32Array {
    return sortUniquePairs(this.pairs());
  }
}

/** Below this many pairs a comparison sort beats the radix sort's four passes over 65,536 counters. */
const SMALL_SORT = 2048;

/** LSD radix sort of (hi, lo) pairs by 16-bit digits, then duplicates dropped. Returns a new array. */
export function sortUniquePairs(pairs: Uint32Array): Uint32Array {
  const n = pairs.length >>> 1;
  if (n < SMALL_SORT) return sortUniqueFew(pairs, n);
  let src = Uint32Array.from(pairs);
  let dst = new Uint32Array(pairs.length);
  const counts = new Uint32Array(65_536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 1 : 0; // lo first, then hi
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((src[2 * i + word] as number) >>> shift) & 0xffff;
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const d = ((src[2 * i + word] as number) >>> shift) & 0xffff;
      const slot = counts[d] as number;
      counts[d] = slot + 1;
      const at = slot * 2;
      dst[at] = src[2 * i] as number;
      dst[at + 1] = src[2 * i + 1] as number;
    }
    [src, dst] = [dst, src];
  }
  let out = 0;
  for (let i = 0; i < n; i++) {
    const hi = src[2 * i] as number;
    const lo = src[2 * i + 1] as number;
    if (out > 0 && src[2 * out - 2] === hi && src[2 * out - 1] === lo) continue;
    src[2 * out] = hi;
    src[2 * out + 1] = lo;
    out++;
  }
  return src.slice(0, 2 * out);
}

/** sortUniquePairs of a few pairs: as 64-bit keys, sorted natively. */
function sortUniqueFew(pairs: Uint32Array, n: number): Uint32Array {
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++)
    keys[i] = (BigInt(pairs[2 * i] as number) << 32n) | BigInt(pairs[2 * i + 1] as number);
  keys.sort();
  const out = new Uint32Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as bigint;
    if (i > 0 && key === keys[i - 1]) continue;
    out[2 * m] = Number(key >> 32n);
    out[2 * m + 1] = Number(key & 0xffffffffn);
    m++;
  }
  return out.slice(0, 2 * m);
}

export interface MergeResult {
  set: FingerprintSet;
  /** Fingerprints new to the set. */
  added: number;
  /** Fingerprints dropped because production has not shown them for more than maxAgeDays. */
  agedOut: number;
}

export interface MergeOptions {
  today: number;
  maxAgeDays: number;
  maxShardEntries?: number;
}

/**
 * The set after a production run: every fingerprint seen now (sorted, unique) gets today's day; those
 * already stored but not seen keep their day and are dropped once older than maxAgeDays.
 */
export function mergeSeen(base: FingerprintSet, seenNow: Uint32Array, options: MergeOptions): MergeResult {
  const capacity = base.size + (seenNow.length >>> 1);
  const fps = new Uint32Array(2 * capacity);
  const seen = new Uint16Array(capacity);
  let out = 0;
  let added = 0;
  let agedOut = 0;
  const emit = (hi: number, lo: number, day: number) => {
    fps[2 * out] = hi;
    fps[2 * out + 1] = lo;
    seen[out] = day;
    out++;
  };
  const keepOld = (hi: number, lo: number, day: number) => {
    if (options.today - day > options.maxAgeDays) agedOut++;
    else emit(hi, lo, day);
  };
  let j = 0;
  const m = seenNow.length >>> 1;
  for (const shard of base.shards) {
    const a = shard.fps;
    for (let i = 0; i < shard.seen.length; i++) {
      const hi = a[2 * i] as number;
      const lo = a[2 * i + 1] as number;
      // New fingerprints that sort before this stored one.
      while (j < m) {
        const nh = seenNow[2 * j] as number;
        const nl = seenNow[2 * j + 1] as number;
        if (nh > hi || (nh === hi && nl >= lo)) break;
        emit(nh, nl, options.today);
        added++;
        j++;
      }
      if (j < m && seenNow[2 * j] === hi && seenNow[2 * j + 1] === lo) {
        emit(hi, lo, options.today);
        j++;
      } else keepOld(hi, lo, shard.seen[i] as number);
    }
  }
  for (; j < m; j++) {
    emit(seenNow[2 * j] as number, seenNow[2 * j + 1] as number, options.today);
    added++;
  }
  const bits = shardBitsFor(out, options.maxShardEntries);
  return {
    set: FingerprintSet.fromSorted(fps.slice(0, 2 * out), seen.slice(0, out), bits),
    added,
    agedOut,
  };
}
