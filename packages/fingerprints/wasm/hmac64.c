// HMAC-SHA256 truncated to 64 bits, many messages at a time. The key's inner and outer pads are
// compressed once into two SHA-256 midstates kept in this instance's memory (never handed to JS); a
// message of at most 55 bytes then costs two compressions, and four such messages are hashed at once in
// the four 32-bit lanes of a SIMD vector. Longer messages take the scalar path.
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
static const uint32_t IV[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

// The key's midstates: SHA-256 state after the block key ^ 0x36.. (inner) and key ^ 0x5c.. (outer).
static uint32_t inner[8];
static uint32_t outer[8];

static void fill(uint8_t *p, uint8_t v, uint32_t n) {
  volatile uint8_t *q = p; // volatile: wiping secrets must not be optimised away
  for (uint32_t i = 0; i < n; i++) q[i] = v;
}

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/**
 * One SHA-256 compression of the 16 words w[0..15] into `s`; w[16..63] is the schedule's scratch. The
 * caller owns `w`, so it can wipe it when the words are secret (the key's pads).
 */
static void compress(uint32_t s[8], uint32_t w[64]) {
  for (int i = 16; i < 64; i++) {
    uint32_t x = w[i - 15], y = w[i - 2];
    w[i] = w[i - 16] + (rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)) + w[i - 7] +
           (rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10));
  }
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s[0] += a;
  s[1] += b;
  s[2] += c;
  s[3] += d;
  s[4] += e;
  s[5] += f;
  s[6] += g;
  s[7] += h;
}

/**
 * Continues the SHA-256 state `s`, which has absorbed `prefixBytes` (whole blocks), with the `n` bytes at
 * `p` and the padding: `s` then holds the digest.
 */
static void absorb(uint32_t s[8], const uint8_t *p, uint32_t n, uint32_t prefixBytes) {
  uint32_t m[64];
  uint32_t at = 0;
  for (; at + 64 <= n; at += 64) {
    for (int i = 0; i < 16; i++) m[i] = load_be(p + at + 4 * i);
    compress(s, m);
  }
  uint8_t last[128];
  uint32_t rest = n - at;
  uint32_t blocks = rest + 9 <= 64 ? 1 : 2;
  fill(last, 0, sizeof last);
  for (uint32_t i = 0; i < rest; i++) last[i] = p[at + i];
  last[rest] = 0x80;
  uint64_t bits = ((uint64_t)prefixBytes + n) * 8;
  for (int i = 0; i < 8; i++) last[64 * blocks - 1 - i] = (uint8_t)(bits >> (8 * i));
  for (uint32_t b = 0; b < blocks; b++) {
    for (int i = 0; i < 16; i++) m[i] = load_be(last + 64 * b + 4 * i);
    compress(s, m);
  }
  fill(last, 0, sizeof last);
  fill((uint8_t *)m, 0, sizeof m);
}

/** The outer hash of an inner digest: its first two words. */
static void finish(const uint32_t digest[8], uint32_t *out) {
  uint32_t m[64];
  uint32_t s[8];
  for (int i = 0; i < 8; i++) {
    m[i] = digest[i];
    s[i] = outer[i];
  }
  m[8] = 0x80000000u;
  for (int i = 9; i < 15; i++) m[i] = 0;
  m[15] = (64 + 32) * 8;
  compress(s, m);
  out[0] = s[0];
  out[1] = s[1];
}

/**
 * Sets the key: `n` bytes at `key`, which are wiped. A key longer than a block is hashed first, as
 * HMAC says.
 */
EXPORT("hmac64_key")
void hmac64_key(uint8_t *key, uint32_t n) {
  uint8_t block[64];
  fill(block, 0, sizeof block);
  if (n > 64) {
    uint32_t s[8];
    for (int i = 0; i < 8; i++) s[i] = IV[i];
    absorb(s, key, n, 0);
    for (int i = 0; i < 8; i++) {
      block[4 * i] = (uint8_t)(s[i] >> 24);
      block[4 * i + 1] = (uint8_t)(s[i] >> 16);
      block[4 * i + 2] = (uint8_t)(s[i] >> 8);
      block[4 * i + 3] = (uint8_t)s[i];
    }
    fill((uint8_t *)s, 0, sizeof s);
  } else {
    for (uint32_t i = 0; i < n; i++) block[i] = key[i];
  }
  fill(key, 0, n);
  uint32_t m[64];
  for (int i = 0; i < 8; i++) {
    inner[i] = IV[i];
    outer[i] = IV[i];
  }
  for (int i = 0; i < 16; i++) m[i] = load_be(block + 4 * i) ^ 0x36363636u;
  compress(inner, m);
  for (int i = 0; i < 16; i++) m[i] = load_be(block + 4 * i) ^ 0x5c5c5c5cu;
  compress(outer, m);
  fill((uint8_t *)m, 0, sizeof m);
  fill(block, 0, sizeof block);
}

/** Forgets the key. */
EXPORT("hmac64_wipe")
void hmac64_wipe(void) {
  fill((uint8_t *)inner, 0, sizeof inner);
  fill((uint8_t *)outer, 0, sizeof outer);
}

static void one(const uint8_t *p, uint32_t n, uint32_t *out) {
  uint32_t s[8];
  for (int i = 0; i < 8; i++) s[i] = inner[i];
  absorb(s, p, n, 64);
  finish(s, out);
}

// Four lanes: lane j of each vector belongs to message j.
#define ROTR(x, n) wasm_v128_or(wasm_u32x4_shr(x, n), wasm_i32x4_shl(x, 32 - n))

static inline __attribute__((always_inline)) void compress4(v128_t s[8], v128_t w[16]) {
  v128_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  for (int i = 0; i < 64; i++) {
    v128_t S1 = wasm_v128_xor(wasm_v128_xor(ROTR(e, 6), ROTR(e, 11)), ROTR(e, 25));
    v128_t ch = wasm_v128_bitselect(f, g, e);
    if (i >= 16) {
      v128_t x = w[(i - 15) & 15], y = w[(i - 2) & 15];
      v128_t s0 = wasm_v128_xor(wasm_v128_xor(ROTR(x, 7), ROTR(x, 18)), wasm_u32x4_shr(x, 3));
      v128_t s1 = wasm_v128_xor(wasm_v128_xor(ROTR(y, 17), ROTR(y, 19)), wasm_u32x4_shr(y, 10));
      w[i & 15] = wasm_i32x4_add(wasm_i32x4_add(w[i & 15], s0), wasm_i32x4_add(w[(i - 7) & 15], s1));
    }
    v128_t t1 = wasm_i32x4_add(wasm_i32x4_add(h, S1),
                               wasm_i32x4_add(ch, wasm_i32x4_add(wasm_i32x4_splat((int32_t)K[i]), w[i & 15])));
    v128_t S0 = wasm_v128_xor(wasm_v128_xor(ROTR(a, 2), ROTR(a, 13)), ROTR(a, 22));
    v128_t maj = wasm_v128_bitselect(b, c, wasm_v128_xor(a, c)); // a^c ? b : c == maj(a, b, c)
    v128_t t2 = wasm_i32x4_add(S0, maj);
    h = g;
    g = f;
    f = e;
    e = wasm_i32x4_add(d, t1);
    d = c;
    c = b;
    b = a;
    a = wasm_i32x4_add(t1, t2);
  }
  s[0] = wasm_i32x4_add(s[0], a);
  s[1] = wasm_i32x4_add(s[1], b);
  s[2] = wasm_i32x4_add(s[2], c);
  s[3] = wasm_i32x4_add(s[3], d);
  s[4] = wasm_i32x4_add(s[4], e);
  s[5] = wasm_i32x4_add(s[5], f);
  s[6] = wasm_i32x4_add(s[6], g);
  s[7] = wasm_i32x4_add(s[7], h);
}

/**
 * Lane j's message words 4k .. 4k + 3 of its padded block, big-endian: bytes past the message are
 * zeroed (the 64 bytes read may run into the next message), 0x80 follows it, and the last chunk ends
 * with its length in bits.
 */
static inline v128_t chunk(const uint8_t *p, uint32_t n, int k) {
  const v128_t index = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  v128_t at = wasm_i8x16_add(index, wasm_i8x16_splat((int8_t)(16 * k)));
  v128_t length = wasm_i8x16_splat((int8_t)n);
  v128_t v = wasm_v128_and(wasm_v128_load(p + 16 * k), wasm_u8x16_lt(at, length));
  v = wasm_v128_or(v, wasm_v128_and(wasm_i8x16_eq(at, length), wasm_i8x16_splat((int8_t)0x80)));
  if (k == 3) {
    uint32_t bits = (64 + n) * 8;
    v = wasm_i8x16_replace_lane(v, 14, (int8_t)(bits >> 8));
    v = wasm_i8x16_replace_lane(v, 15, (int8_t)bits);
  }
  return wasm_i8x16_shuffle(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

/** Four messages of at most 55 bytes each: `starts[j]`, `lengths[j]`; results to out[2 * index[j]]. */
static void four(const uint8_t *arena, const uint32_t starts[4], const uint32_t lengths[4],
                 const uint32_t index[4], uint32_t *out) {
  v128_t w[16];
  v128_t s[8];
  for (int k = 0; k < 4; k++) {
    v128_t l0 = chunk(arena + starts[0], lengths[0], k);
    v128_t l1 = chunk(arena + starts[1], lengths[1], k);
    v128_t l2 = chunk(arena + starts[2], lengths[2], k);
    v128_t l3 = chunk(arena + starts[3], lengths[3], k);
    v128_t t0 = wasm_i32x4_shuffle(l0, l1, 0, 4, 1, 5);
    v128_t t1 = wasm_i32x4_shuffle(l2, l3, 0, 4, 1, 5);
    v128_t t2 = wasm_i32x4_shuffle(l0, l1, 2, 6, 3, 7);
    v128_t t3 = wasm_i32x4_shuffle(l2, l3, 2, 6, 3, 7);
    w[4 * k] = wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5);
    w[4 * k + 1] = wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7);
    w[4 * k + 2] = wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5);
    w[4 * k + 3] = wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7);
  }
  for (int i = 0; i < 8; i++) s[i] = wasm_i32x4_splat((int32_t)inner[i]);
  compress4(s, w);
  for (int i = 0; i < 8; i++) {
    w[i] = s[i];
    s[i] = wasm_i32x4_splat((int32_t)outer[i]);
  }
  w[8] = wasm_i32x4_splat((int32_t)0x80000000u);
  for (int i = 9; i < 15; i++) w[i] = wasm_i32x4_splat(0);
  w[15] = wasm_i32x4_splat((64 + 32) * 8);
  compress4(s, w);
  uint32_t hi[4], lo[4];
  wasm_v128_store(hi, s[0]);
  wasm_v128_store(lo, s[1]);
  for (int j = 0; j < 4; j++) {
    out[2 * index[j]] = hi[j];
    out[2 * index[j] + 1] = lo[j];
  }
}

/**
 * The first 64 bits of HMAC-SHA256(key, message) of `count` messages: message i is the bytes
 * arena[ends[i - 1] .. ends[i]) (from 0 for the first); its result goes to out[2i] (high) and out[2i + 1].
 */
EXPORT("hmac64_many")
void hmac64_many(const uint8_t *arena, const uint32_t *ends, uint32_t count, uint32_t *out) {
  uint32_t starts[4], lengths[4], index[4];
  uint32_t queued = 0;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t start = i == 0 ? 0 : ends[i - 1];
    uint32_t n = ends[i] - start;
    if (n > 55) {
      one(arena + start, n, out + 2 * i);
      continue;
    }
    starts[queued] = start;
    lengths[queued] = n;
    index[queued] = i;
    if (++queued == 4) {
      four(arena, starts, lengths, index, out);
      queued = 0;
    }
  }
  if (queued == 1) {
    one(arena + starts[0], lengths[0], out + 2 * index[0]);
  } else if (queued > 1) {
    // Spare lanes repeat the first message; its result is written again, unchanged.
    for (uint32_t j = queued; j < 4; j++) {
      starts[j] = starts[0];
      lengths[j] = lengths[0];
      index[j] = index[0];
    }
    four(arena, starts, lengths, index, out);
  }
}
