// Seeded PRNG: every generated corpus and demo lake must be byte-for-byte reproducible.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** `count` decimal digits (leading zeros allowed). */
  digits(count: number): string;
  /** `count` uppercase ASCII letters. */
  letters(count: number): string;
  /** `count` characters from [0-9A-Z]. */
  alnum(count: number): string;
  bytes(count: number): Uint8Array;
  shuffle<T>(items: readonly T[]): T[];
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM = `0123456789${UPPER}`;

/** mulberry32: tiny, fast, and good enough for test data (not for anything secret). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const fromAlphabet = (alphabet: string, count: number) => {
    let out = "";
    for (let i = 0; i < count; i++) out += alphabet[int(0, alphabet.length - 1)];
    return out;
  };
  const rng: Rng = {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    chance: (probability) => next() < probability,
    digits: (count) => fromAlphabet("0123456789", count),
    letters: (count) => fromAlphabet(UPPER, count),
    alnum: (count) => fromAlphabet(ALNUM, count),
    bytes(count) {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = int(0, 255);
      return out;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
  return rng;
}

/** Derive an independent stream, so adding a file to one section does not reshuffle the others. */
export function forkRng(seed: number, label: string): Rng {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return createRng(h >>> 0);
}
