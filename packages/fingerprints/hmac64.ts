// HMAC-SHA256 truncated to 64 bits, for the hot path. Node's createHmac costs ~6 µs a call, almost all
// of it object set-up; here the key's inner and outer pads are compressed once into two SHA-256
// midstates, and a short message (≤ 55 bytes with its 64-byte pad: every fingerprint form) then costs
// two compression rounds. The result is exactly HMAC-SHA256 (tests compare it with node:crypto).
// The midstates are key-equivalent secrets: they live in private fields only.
import { createHash } from "node:crypto";

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** One SHA-256 compression of the 16 big-endian words in w[0..15] into `state` (w is scratch of 64). */
function compress(state: Int32Array, w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number;
    const y = w[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[i] as number) + (w[i] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

const encoder = new TextEncoder();

export class Hmac64 {
  readonly #inner = new Int32Array(8);
  readonly #outer = new Int32Array(8);
  readonly #state = new Int32Array(8);
  readonly #w = new Int32Array(64);
  #bytes = new Uint8Array(256);

  constructor(key: Uint8Array) {
    const k = new Uint8Array(64);
    k.set(key.length > 64 ? createHash("sha256").update(key).digest() : key);
    for (const [pad, state] of [
      [0x36, this.#inner],
      [0x5c, this.#outer],
    ] as const) {
      state.set(IV);
      for (let i = 0; i < 16; i++) {
        this.#w[i] =
          (((k[4 * i] as number) ^ pad) << 24) |
          (((k[4 * i + 1] as number) ^ pad) << 16) |
          (((k[4 * i + 2] as number) ^ pad) << 8) |
          ((k[4 * i + 3] as number) ^ pad);
      }
      compress(state, this.#w);
    }
    k.fill(0);
    this.#w.fill(0);
  }

  /** The first 64 bits of HMAC-SHA256(key, message) as two uint32 halves. */
  digest(message: string, out: { hi: number; lo: number }): void {
    // UTF-8 message, then SHA-256 padding; the key pad block already counts 64 bytes.
    let bytes = this.#bytes;
    if (message.length * 3 + 72 > bytes.length)
      bytes = this.#bytes = new Uint8Array(message.length * 3 + 136);
    const length = encoder.encodeInto(message, bytes).written;
    const padded = Math.ceil((length + 9) / 64) * 64;
    bytes.fill(0, length, padded);
    bytes[length] = 0x80;
    const bits = (64 + length) * 8;
    bytes[padded - 4] = bits >>> 24;
    bytes[padded - 3] = bits >>> 16;
    bytes[padded - 2] = bits >>> 8;
    bytes[padded - 1] = bits;
    const state = this.#state;
    const w = this.#w;
    state.set(this.#inner);
    for (let block = 0; block < padded; block += 64) {
      for (let i = 0; i < 16; i++) {
        const at = block + 4 * i;
        w[i] =
          ((bytes[at] as number) << 24) |
          ((bytes[at + 1] as number) << 16) |
          ((bytes[at + 2] as number) << 8) |
          (bytes[at + 3] as number);
      }
      compress(state, w);
    }
    // Outer: the 32-byte inner digest, 0x80, zeros, length (64 + 32) × 8 = 768 bits.
    for (let i = 0; i < 8; i++) w[i] = state[i] as number;
    w[8] = 0x80000000 | 0;
    for (let i = 9; i < 15; i++) w[i] = 0;
    w[15] = 768;
    state.set(this.#outer);
    compress(state, w);
    out.hi = (state[0] as number) >>> 0;
    out.lo = (state[1] as number) >>> 0;
  }
}
