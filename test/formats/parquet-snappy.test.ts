import { snappyCompress, snappyUncompress } from "hysnappy";
import { describe, expect, it } from "vitest";
import { snappyInto } from "../../packages/formats/parquet-snappy.ts";

/** Bytes with runs, repeats near and far, and noise: literals and every kind of back-reference. */
function sample(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; ) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const kind = x % 4;
    const n = 1 + ((x >>> 8) % 300);
    for (let k = 0; k < n && i < size; k++, i++) {
      if (kind === 0)
        out[i] = (x >>> (k % 24)) & 255; // noise
      else if (kind === 1)
        out[i] = 65 + (k % 3); // short pattern (overlapping copies)
      else if (kind === 2 && i > 70_000)
        out[i] = out[i - 70_000] as number; // far repeat
      else out[i] = 48 + (k % 10);
    }
  }
  return out;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

describe("snappyInto", () => {
  it("decompresses as hysnappy does, page after page", () => {
    for (const [size, seed] of [
      [0, 1],
      [1, 2],
      [100, 3],
      [200_000, 4],
      [1_500_000, 5],
      [5_000, 6],
    ] as const) {
      const page = sample(size, seed);
      const compressed = snappyCompress(page);
      expect(same(snappyUncompress(compressed, size), page)).toBe(true);
      expect(same(snappyInto(compressed, new Uint8Array(size)), page)).toBe(true);
    }
  });

  it("is exact near the ends of small pages (the 16-byte copies stop short of them)", () => {
    let wrong = 0;
    for (let size = 1; size <= 300; size++) {
      const page = sample(size, size);
      if (!same(snappyInto(snappyCompress(page), new Uint8Array(size)), page)) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("rejects corrupt input: wrong size, truncated, bad back-reference", () => {
    const page = sample(50_000, 7);
    const compressed = snappyCompress(page);
    expect(() => snappyInto(compressed, new Uint8Array(page.length + 1))).toThrow(/length header/);
    expect(() =>
      snappyInto(compressed.subarray(0, compressed.length - 3), new Uint8Array(page.length)),
    ).toThrow(/snappy/);
    // Length 4, then a 1-byte-offset copy of 4 bytes from offset 1 with nothing written yet.
    expect(() => snappyInto(Uint8Array.of(4, 0b000_000_01, 1), new Uint8Array(4))).toThrow(/back-reference/);
    expect(same(snappyInto(compressed, new Uint8Array(page.length)), page)).toBe(true);
  });
});
