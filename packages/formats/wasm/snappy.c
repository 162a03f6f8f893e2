// SNAPPY decompression of Parquet pages (packages/formats/parquet-snappy.ts) in WebAssembly: the raw
// snappy format (a varint length, then literals and back-references), every read and write bounds-checked.
// The JS side copies a compressed page to memory after the output area and copies the page out into
// the column's reused page buffer: no new array per page (hysnappy returns a fresh one each time).
#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;

#define EXPORT(name) __attribute__((export_name(name)))

// Errors (negative): the JS side turns them into a PageReadError.
#define BAD_LENGTH -1   // the varint length is not the expected size
#define TRUNCATED -2    // the input ends inside an element
#define BAD_OFFSET -3   // a back-reference before the start of the output
#define OVERFLOW -4     // an element runs past the output
#define SHORT_OUTPUT -5 // the input ends before the output is full

/**
 * Copies n bytes 16 at a time: `from` ends at least 16 bytes before `to` or elsewhere. With `room`,
 * up to 15 bytes past n may be read and written (later elements overwrite them); else the rest one
 * by one.
 */
static void copy_chunks(u8 *to, const u8 *from, u32 n, int room) {
  if (room) {
    for (u32 i = 0; i < n; i += 16) wasm_v128_store(to + i, wasm_v128_load(from + i));
    return;
  }
  while (n >= 16) {
    wasm_v128_store(to, wasm_v128_load(from));
    to += 16;
    from += 16;
    n -= 16;
  }
  while (n-- > 0) *to++ = *from++;
}

typedef unsigned long long u64 __attribute__((aligned(1)));

/**
 * A back-reference of n bytes from `offset` back. Under 16 it overlaps what it writes (the pattern
 * repeats): the first bytes one by one, then 8 at a time from `lag` back (a multiple of the offset,
 * 8 to 15: the same bytes, all written already). With `room`, up to 15 bytes past n may be written
 * (later elements overwrite them).
 */
static void copy_back(u8 *to, u32 offset, u32 n, int room) {
  if (offset >= 16) {
    copy_chunks(to, to - offset, n, room);
    return;
  }
  const u8 *from = to - offset;
  u32 lag = offset * ((8 + offset - 1) / offset);
  u32 head = lag - offset < n ? lag - offset : n;
  u32 i = 0;
  for (; i < head; i++) to[i] = from[i];
  if (room) {
    for (; i < n; i += 8) *(u64 *)(to + i) = *(const u64 *)(to + i - lag);
  } else {
    for (; i < n; i++) to[i] = to[i - lag];
  }
}

/**
 * Decompresses in[0, in_len) into out[0, out_len); 0 when the output is exactly out_len bytes,
 * else an error code.
 */
EXPORT("uncompress") i32 uncompress(const u8 *in, u32 in_len, u8 *out, u32 out_len) {
  u32 i = 0;
  u32 length = 0;
  for (u32 shift = 0;; shift += 7) {
    if (i >= in_len || shift > 28) return TRUNCATED;
    u8 b = in[i++];
    length |= (u32)(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  if (length != out_len) return BAD_LENGTH;
  u32 o = 0;
  while (i < in_len) {
    u8 tag = in[i++];
    u32 kind = tag & 3;
    if (kind == 0) {
      u32 n = tag >> 2;
      if (n >= 60) {
        u32 bytes = n - 59;
        if (in_len - i < bytes) return TRUNCATED;
        n = 0;
        for (u32 k = 0; k < bytes; k++) n |= (u32)in[i + k] << (8 * k);
        i += bytes;
      }
      n += 1;
      if (n == 0 || in_len - i < n) return TRUNCATED;
      if (out_len - o < n) return OVERFLOW;
      copy_chunks(out + o, in + i, n, out_len - o - n >= 16 && in_len - i - n >= 16);
      i += n;
      o += n;
      continue;
    }
    u32 n;
    u32 offset;
    if (kind == 1) {
      if (in_len - i < 1) return TRUNCATED;
      n = ((tag >> 2) & 7) + 4;
      offset = ((u32)(tag >> 5) << 8) | in[i];
      i += 1;
    } else if (kind == 2) {
      if (in_len - i < 2) return TRUNCATED;
      n = (tag >> 2) + 1;
      offset = in[i] | ((u32)in[i + 1] << 8);
      i += 2;
    } else {
      if (in_len - i < 4) return TRUNCATED;
      n = (tag >> 2) + 1;
      offset = in[i] | ((u32)in[i + 1] << 8) | ((u32)in[i + 2] << 16) | ((u32)in[i + 3] << 24);
      i += 4;
    }
    if (offset == 0 || offset > o) return BAD_OFFSET;
    if (out_len - o < n) return OVERFLOW;
    copy_back(out + o, offset, n, out_len - o - n >= 16);
    o += n;
  }
  return o == out_len ? 0 : SHORT_OUTPUT;
}
