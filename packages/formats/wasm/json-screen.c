// The byte loop of the JSON lines screen (packages/formats/json-screen.ts) in WebAssembly: the same
// skim of a line holding one JSON object, over a chunk's complete lines copied to memory by the JS side.
// Lines are split here; each line either needs nothing but counts (kept here per path, with the
// number of screened records), or is written to `out` for the JS side: its values to send, all its
// values (licence records, typed ids), a line to skim in JS (anything this code does not take: the JS
// skimmer decides, so the outcome stays that of the JS reader), or an over-long line (text path).
// Paths are nodes numbered by the JS side: a key unseen under its parent stops the scan (NEED_KEY)
// until the JS side names its node (define), then the scan starts that line again.
#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;

#define EXPORT(name) __attribute__((export_name(name)))
#define INLINE static inline __attribute__((always_inline))

// Limits: the same as json-screen.ts (MAX_VALUES, MAX_DEPTH, MAX_TOKEN).
#define MAX_VALUES 4096
#define MAX_DEPTH 64
#define MAX_TOKEN 512
// Paths known here; beyond them the JS side skims the lines that meet a new key.
#define MAX_NODES 16384
#define TABLE 32768
#define ARENA (512 * 1024)
#define OUT_CAP (1 << 16)

// Roles: ROLE_* in packages/core/records.ts.
#define ROLE_BASE 3
#define ROLE_COUNT 0
#define ROLE_HITS 1
#define ROLE_RECORD 3
#define ROLE_TYPE 8
#define SEEN_RECORD 64
#define SEEN_TYPED 128

// What a line hands the JS side (out records, positions relative to the input).
#define OUT_TEXT 1 // line, start, newline: longer than the line cap
#define OUT_JS 2   // line, start, end: the JS skimmer takes it
#define OUT_SEND 3 // line, n, n x (node, start, end): values to send (the rest is counted here)
#define OUT_FULL 4 // line, start, end, n, n x (node, start, end, send): every value (JS finishes the line)

// Scan results.
#define DONE 0
#define OUT_FULL_STOP 1
#define NEED_KEY 2

/** A path: its role, its counted values, and what predicts the keys of its objects. */
typedef struct {
  /** Predicted first child key, and the key predicted after this one (0: none; node 0 is the root). */
  i32 first;
  i32 following;
  /** The node's key bytes in the arena when ASCII (then the same in UTF-8 and Latin-1). */
  u32 key_off;
  u32 key_len;
  u32 count;
  u8 role;
  /** A generic id with a type field under the same parent (pairTyped in json-screen.ts). */
  u8 typed;
  u8 key_ascii;
} Node;

static Node nodes[MAX_NODES];
/** The highest node number written (what reset clears). */
static i32 max_node;

/** Keys by parent and bytes (and the chunk's encoding when not ASCII): node (0: empty slot). */
static i32 table_node[TABLE];
static u32 table_hash[TABLE];
static i32 table_parent[TABLE];
static u32 table_off[TABLE];
static u32 table_len[TABLE];
static u8 table_enc[TABLE];
static u32 table_used;
static u8 arena[ARENA + 16];
static u32 arena_used;

/** The values of the line being skimmed. */
typedef struct {
  i32 node;
  i32 start;
  i32 end;
  i32 send;
} Value;

static Value values[MAX_VALUES];
static i32 n_values;
static u32 seen;

static i32 out[OUT_CAP];
static u32 screened;

/**
 * The scan's result for the JS side: status, the offset and number of the line to start again from
 * (DONE: the end and the last line's number), out length; for NEED_KEY the line's newline, and the
 * key's parent node and span.
 */
static i32 result[8];

// The line being skimmed.
static const u8 *B;
static i32 E;
static i32 latin1;
static i32 key_missing;
static i32 pending_parent, pending_start, pending_end, pending_enc;
static u32 pending_hash;

static inline u32 popcount(u32 x) { return (u32)__builtin_popcount(x); }
static inline u32 ctz(u32 x) { return (u32)__builtin_ctz(x); }

/** First index >= j of a quote or a backslash (or >= E when none before E); digits before it. */
static inline i32 string_end(i32 j, u32 *digits) {
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t zero = wasm_i8x16_splat('0');
  const v128_t ten = wasm_i8x16_splat(10);
  u32 d = 0;
  for (;;) {
    v128_t v = wasm_v128_load(B + j);
    u32 stop = (u32)wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, backslash)));
    u32 dm = (u32)wasm_i8x16_bitmask(wasm_u8x16_lt(wasm_i8x16_sub(v, zero), ten));
    if (stop != 0) {
      u32 p = ctz(stop);
      *digits = d + popcount(dm & ((1u << p) - 1));
      return j + (i32)p;
    }
    d += popcount(dm);
    j += 16;
    if (j >= E) {
      *digits = d;
      return E;
    }
  }
}

/** First index >= j of a quote or a backslash (or >= E); whether a byte before it is not ASCII. */
static inline i32 key_end(i32 j, i32 *high) {
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  u32 h = 0;
  for (;;) {
    v128_t v = wasm_v128_load(B + j);
    u32 stop = (u32)wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, backslash)));
    u32 hm = (u32)wasm_i8x16_bitmask(v);
    if (stop != 0) {
      u32 p = ctz(stop);
      *high = (h | (hm & ((1u << p) - 1))) != 0;
      return j + (i32)p;
    }
    h |= hm;
    j += 16;
    if (j >= E) {
      *high = h != 0;
      return E;
    }
  }
}

/** Whether a[0, n) equals b[0, n) (both readable 16 bytes past n). */
static inline i32 same_bytes(const u8 *a, const u8 *b, u32 n) {
  while (n >= 16) {
    if (!wasm_i8x16_all_true(wasm_i8x16_eq(wasm_v128_load(a), wasm_v128_load(b)))) return 0;
    a += 16;
    b += 16;
    n -= 16;
  }
  if (n == 0) return 1;
  u32 eq = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(a), wasm_v128_load(b)));
  u32 want = (1u << n) - 1;
  return (eq & want) == want;
}

static inline u32 hash_key(i32 parent, i32 enc, i32 start, i32 end) {
  u32 h = 2166136261u ^ (u32)parent * 16777619u ^ (u32)enc;
  for (i32 k = start; k < end; k++) h = (h ^ B[k]) * 16777619u;
  return h;
}

/** The node of a key under `parent`, or 0 (unknown: the key is left pending for define). */
static i32 lookup(i32 parent, i32 start, i32 end, i32 high) {
  i32 enc = high ? (latin1 ? 1 : 2) : 0;
  u32 h = hash_key(parent, enc, start, end);
  u32 len = (u32)(end - start);
  for (u32 slot = h & (TABLE - 1);; slot = (slot + 1) & (TABLE - 1)) {
    i32 node = table_node[slot];
    if (node == 0) break;
    if (table_hash[slot] == h && table_parent[slot] == parent && table_len[slot] == len &&
        table_enc[slot] == enc && same_bytes(B + start, arena + table_off[slot], len))
      return node;
  }
  pending_parent = parent;
  pending_start = start;
  pending_end = end;
  pending_enc = enc;
  pending_hash = h;
  return 0;
}

/** The first byte at or after i that is not JSON white space (or e). */
static inline i32 skip_space(const u8 *b, i32 i, i32 e) {
  while (i < e) {
    u8 c = b[i];
    if (c > 32 || (c != 32 && c != 9 && c != 13 && c != 10)) break;
    i++;
  }
  return i;
}

static inline i32 is_digit(u8 c) { return c >= '0' && c <= '9'; }

/** numberEnd in json-screen.ts: end of a valid JSON number token at `start`, or -1. */
INLINE i32 number_end(i32 start) {
  const u8 *b = B;
  const i32 e = E;
  i32 end = start;
  while (end < e) {
    u8 c = b[end];
    if (is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') end++;
    else break;
  }
  if (end - start > MAX_TOKEN) return -1;
  i32 i = start;
  if (b[i] == '-') i++;
  if (b[i] == '0') i++;
  else if (b[i] >= '1' && b[i] <= '9') {
    while (i < end && is_digit(b[i])) i++;
  } else return -1;
  if (i < end && b[i] == '.') {
    i++;
    i32 from = i;
    while (i < end && is_digit(b[i])) i++;
    if (i == from) return -1;
  }
  if (i < end && (b[i] == 'e' || b[i] == 'E')) {
    i++;
    if (i < end && (b[i] == '+' || b[i] == '-')) i++;
    i32 from = i;
    while (i < end && is_digit(b[i])) i++;
    if (i == from) return -1;
  }
  return i == end ? end : -1;
}

// Licence cues: screen-bytes.ts (the loose cue of the JS string loop, then hasCue).

/**
 * The JS string loop's loose cue over a value's bytes: "dl" or "d." (in any case: "." exactly), or
 * "lic", reading back from each byte (before `start` is the opening quote: no cue letter).
 */
static i32 loose_cue(i32 start, i32 end) {
  const v128_t case_bit = wasm_i8x16_splat(0x20);
  u32 carry_d = 0, carry_l = 0, carry_i = 0;
  for (i32 j = start; j < end; j += 16) {
    v128_t v = wasm_v128_load(B + j);
    v128_t lower = wasm_v128_or(v, case_bit);
    u32 d = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(lower, wasm_i8x16_splat('d')));
    u32 l = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(lower, wasm_i8x16_splat('l')));
    u32 i = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(lower, wasm_i8x16_splat('i')));
    u32 c = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(lower, wasm_i8x16_splat('c')));
    u32 dot = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat('.')));
    u32 valid = end - j >= 16 ? 0xffffu : (1u << (end - j)) - 1;
    // Bit k: the byte at j + k; shifted masks read one or two bytes back.
    u32 d_before = (d << 1) | carry_d;
    u32 i_before = (i << 1) | carry_i;
    u32 l_two_before = (l << 2) | carry_l;
    if (((d_before & (l | dot)) | (l_two_before & i_before & c)) & valid) return 1;
    carry_d = (d >> 15) & 1;
    carry_i = (i >> 15) & 1;
    carry_l = (l >> 14) & 3;
  }
  return 0;
}

static inline i32 is_alnum(u8 c) {
  u8 l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 122);
}

static const char *const CUE_WORDS[7] = {"dl", "d.", "cdl", "lic", "driver", "driving", "operator"};
static const i32 CUE_LENGTHS[7] = {2, 2, 3, 3, 6, 7, 8};

static i32 cue_word_at(i32 at, i32 end, u8 l) {
  for (i32 w = 0; w < 7; w++) {
    const u8 *word = (const u8 *)CUE_WORDS[w];
    i32 n = CUE_LENGTHS[w];
    if (word[0] != l || at + n > end) continue;
    i32 k = 1;
    while (k < n && (B[at + k] | 32) == word[k]) k++;
    if (k == n) return 1;
  }
  return 0;
}

static i32 strict_cue(i32 start, i32 end) {
  for (i32 i = start; i < end; i++) {
    u8 c = B[i];
    u8 l = c | 32;
    i32 first = c == 'd' || c == 'D' || c == 'c' || c == 'C' || c == 'l' || c == 'L' || c == 'o' || c == 'O';
    if (first && (i == start || !is_alnum(B[i - 1])) && cue_word_at(i, end, l)) return 1;
  }
  return 0;
}

/** hasCue in screen-bytes.ts. */
static i32 has_cue(i32 start, i32 end) {
  for (i32 i = start; i < end; i++) {
    u8 l = B[i] | 32;
    if (l == 100) {
      u8 next = B[i + 1] | 32;
      if (i + 1 < end && (next == 108 || next == 46)) return strict_cue(start, end);
    } else if (l == 99 && i - 2 >= start) {
      if ((B[i - 1] | 32) == 105 && (B[i - 2] | 32) == 108) return strict_cue(start, end);
    }
  }
  return 0;
}

/** A value of `node` at [start, end): kept for the line (add in json-screen.ts). */
INLINE i32 add(i32 node, i32 start, i32 end, u32 digits, i32 string) {
  i32 k = n_values;
  if (k >= MAX_VALUES) return 0;
  u8 role = nodes[node].role;
  u8 base = role & ROLE_BASE;
  i32 send;
  if (base == ROLE_RECORD || base == ROLE_COUNT) send = 0;
  else if (base == ROLE_HITS) {
    u32 len = (u32)(end - start);
    if (digits >= 9) send = digits < len;
    else send = string && digits > 0 && loose_cue(start, end) && has_cue(start, end);
  } else send = 1;
  values[k].node = node;
  values[k].start = start;
  values[k].end = end;
  values[k].send = send;
  seen |= (base == ROLE_RECORD ? SEEN_RECORD : 0) | (nodes[node].typed ? SEEN_TYPED : 0) | (role & ROLE_TYPE);
  n_values = k + 1;
  return 1;
}

// The skim: each function takes the position of its first byte and returns the position after it,
// or -1 when the line is not one this code takes (key_missing: a key to define first).

static i32 value(i32 node, i32 i, i32 depth);

/** A number at i (b[i] is "-" or a digit). */
INLINE i32 number_value(i32 node, i32 i) {
  i32 end = number_end(i);
  if (end < 0) return -1;
  u32 digits = 0;
  for (i32 k = i; k < end; k++) digits += is_digit(B[k]);
  return add(node, i, end, digits, 0) ? end : -1;
}


/** A string value at i (b[i] is its quote). */
INLINE i32 string_value(i32 node, i32 i) {
  i32 start = i + 1;
  u32 digits;
  i32 j = string_end(start, &digits);
  if (j >= E || B[j] == '\\') return -1;
  if (j > start && !add(node, start, j, digits, 1)) return -1;
  return j + 1;
}


static i32 object(i32 node, i32 i, i32 depth) {
  if (depth >= MAX_DEPTH) return -1;
  const u8 *b = B;
  const i32 e = E;
  i = skip_space(b, i + 1, e);
  if (b[i] == '}') return i + 1;
  i32 predicted = nodes[node].first;
  i32 previous = 0;
  for (;;) {
    if (b[i] != '"') return -1;
    i32 ks = i + 1;
    i32 j;
    i32 child;
    u32 n = nodes[predicted].key_len;
    if (predicted != 0 && nodes[predicted].key_ascii && ks + (i32)n < e && b[ks + n] == '"' &&
        same_bytes(b + ks, arena + nodes[predicted].key_off, n)) {
      // The key the previous line had here (keys never hold quotes or backslashes).
      child = predicted;
      j = ks + (i32)n;
    } else {
      i32 high;
      j = key_end(ks, &high);
      if (j >= e || b[j] == '\\') return -1;
      child = lookup(node, ks, j, high);
      if (child == 0) {
        key_missing = 1;
        return -1;
      }
      if (previous == 0) nodes[node].first = child;
      else nodes[previous].following = child;
    }
    i = skip_space(b, j + 1, e);
    if (b[i] != ':') return -1;
    i = skip_space(b, i + 1, e);
    u8 first = b[i];
    i = first == '"' ? string_value(child, i)
        : (first == '-' || is_digit(first)) ? number_value(child, i)
        : first == '{' ? object(child, i, depth + 1)
        : value(child, i, depth);
    if (i < 0) return -1;
    i = skip_space(b, i, e);
    u8 c = b[i];
    i++;
    if (c == '}') return i;
    if (c != ',') return -1;
    i = skip_space(b, i, e);
    previous = child;
    predicted = nodes[child].following;
  }
}

static i32 array(i32 node, i32 i, i32 depth) {
  if (depth >= MAX_DEPTH) return -1;
  const u8 *b = B;
  const i32 e = E;
  i = skip_space(b, i + 1, e);
  if (b[i] == ']') return i + 1;
  for (;;) {
    u8 first = b[i];
    i = first == '"' ? string_value(node, i)
        : first == '{' ? object(node, i, depth + 1)
        : value(node, i, depth);
    if (i < 0) return -1;
    i = skip_space(b, i, e);
    u8 c = b[i];
    i++;
    if (c == ']') return i;
    if (c != ',') return -1;
    i = skip_space(b, i, e);
  }
}

/** true, false, null at i: no value, but exactly those words (no lower-case letter after them). */
static i32 word_at(i32 i, const char *word, i32 n) {
  const u8 *b = B;
  const i32 e = E;
  if (i + n > e) return -1;
  for (i32 k = 0; k < n; k++)
    if (b[i + k] != (u8)word[k]) return -1;
  u8 after = b[i + n];
  if (i + n < e && after >= 97 && after <= 122) return -1;
  return i + n;
}

static i32 value(i32 node, i32 i, i32 depth) {
  const u8 *b = B;
  u8 c = b[i];
  if (c == '"') return string_value(node, i);
  if (c == '{') return object(node, i, depth + 1);
  if (c == '[') return array(node, i, depth + 1);
  if (c == '-' || is_digit(c)) return number_value(node, i);
  if (c == 't') return word_at(i, "true", 4);
  if (c == 'f') return word_at(i, "false", 5);
  if (c == 'n') return word_at(i, "null", 4);
  return -1;
}

/** skimLine's parse: 1 when the line is one object this code took (its values in `values`). */
static i32 skim(i32 s, i32 e) {
  E = e;
  n_values = 0;
  seen = 0;
  key_missing = 0;
  i32 i = skip_space(B, s, e);
  if (B[i] != '{') return 0;
  i = object(0, i, 0);
  if (i < 0) return 0;
  return skip_space(B, i, e) == e;
}

static inline i32 newline_from(i32 s) {
  const v128_t nl = wasm_i8x16_splat('\n');
  for (i32 j = s;; j += 16) {
    u32 m = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(B + j), nl));
    if (m != 0) return j + (i32)ctz(m);
  }
}

/**
 * Scans the lines of input[from, end) (each ended by a newline; 16 readable bytes after end), the
 * first numbered `line`. Writes out records and result; stops early when out is full or a key is new
 * (result: status, offset and number of the line to start again from, out length, pending key).
 */
EXPORT("scan")
i32 scan(const u8 *input, i32 from, i32 end, i32 line, i32 is_latin1, i32 max_line) {
  B = input;
  latin1 = is_latin1;
  i32 o = 0;
  i32 s = from;
  i32 status = DONE;
  line--;
  while (s < end) {
    line++;
    i32 nl = newline_from(s);
    i32 e = nl > s && B[nl - 1] == 13 ? nl - 1 : nl;
    if (nl - s > max_line) {
      if (o + 4 > OUT_CAP) {
        status = OUT_FULL_STOP;
        break;
      }
      out[o++] = OUT_TEXT;
      out[o++] = line;
      out[o++] = s;
      out[o++] = nl;
    } else if (e > s) {
      if (!skim(s, e)) {
        if (key_missing) {
          status = NEED_KEY;
          result[5] = pending_parent;
          result[6] = pending_start;
          result[7] = pending_end;
          result[4] = nl;
          break;
        }
        if (o + 4 > OUT_CAP) {
          status = OUT_FULL_STOP;
          break;
        }
        out[o++] = OUT_JS;
        out[o++] = line;
        out[o++] = s;
        out[o++] = e;
      } else if (n_values > 0) {
        i32 n = n_values;
        if ((seen & SEEN_RECORD) != 0 || (seen & (SEEN_TYPED | ROLE_TYPE)) == (SEEN_TYPED | ROLE_TYPE)) {
          if (o + 5 + 4 * n > OUT_CAP) {
            status = OUT_FULL_STOP;
            break;
          }
          out[o++] = OUT_FULL;
          out[o++] = line;
          out[o++] = s;
          out[o++] = e;
          out[o++] = n;
          for (i32 k = 0; k < n; k++) {
            out[o++] = values[k].node;
            out[o++] = values[k].start;
            out[o++] = values[k].end;
            out[o++] = values[k].send;
          }
        } else {
          if (o + 3 + 3 * n > OUT_CAP) {
            status = OUT_FULL_STOP;
            break;
          }
          i32 at = o;
          i32 sends = 0;
          o += 3;
          for (i32 k = 0; k < n; k++) {
            if (values[k].send) {
              out[o++] = values[k].node;
              out[o++] = values[k].start;
              out[o++] = values[k].end;
              sends++;
            } else {
              nodes[values[k].node].count++;
            }
          }
          screened++;
          if (sends > 0) {
            out[at] = OUT_SEND;
            out[at + 1] = line;
            out[at + 2] = sends;
          } else {
            o = at;
          }
        }
      }
    }
    s = nl + 1;
  }
  result[0] = status;
  result[1] = s;
  result[2] = line;
  result[3] = o;
  return status;
}

/**
 * Names the pending key's node (the JS side's number for it), with its role and whether it is a
 * typed generic id. Returns 0 when the tables are full (the JS side then skims the line itself).
 */
EXPORT("define")
i32 define(i32 node, i32 role, i32 typed) {
  u32 len = (u32)(pending_end - pending_start);
  if (node <= 0 || node >= MAX_NODES || table_used * 2 >= TABLE || arena_used + len > ARENA) return 0;
  u32 off = arena_used;
  for (u32 k = 0; k < len; k++) arena[off + k] = B[pending_start + (i32)k];
  arena_used += len;
  u32 slot = pending_hash & (TABLE - 1);
  while (table_node[slot] != 0) slot = (slot + 1) & (TABLE - 1);
  table_node[slot] = node;
  table_hash[slot] = pending_hash;
  table_parent[slot] = pending_parent;
  table_off[slot] = off;
  table_len[slot] = len;
  table_enc[slot] = (u8)pending_enc;
  table_used++;
  if (pending_enc == 0 && !nodes[node].key_ascii) {
    nodes[node].key_ascii = 1;
    nodes[node].key_off = off;
    nodes[node].key_len = len;
  }
  nodes[node].role = (u8)role;
  nodes[node].typed = (u8)typed;
  if (node > max_node) max_node = node;
  return 1;
}

/** Whether a node is a generic id with a type field under the same parent (pairTyped). */
EXPORT("set_typed")
void set_typed(i32 node, i32 typed) {
  if (node <= 0 || node >= MAX_NODES) return;
  nodes[node].typed = (u8)typed;
  if (node > max_node) max_node = node;
}

/** Values counted for a node since the last call (then zero). */
EXPORT("take_count")
u32 take_count(i32 node) {
  if (node <= 0 || node >= MAX_NODES) return 0;
  u32 n = nodes[node].count;
  nodes[node].count = 0;
  return n;
}

/** Lines screened here since the last call (then zero). */
EXPORT("take_screened")
u32 take_screened(void) {
  u32 n = screened;
  screened = 0;
  return n;
}

/** Forgets every path, count and key: the instance is ready for another unit. */
EXPORT("reset")
void reset(void) {
  for (i32 k = 0; k <= max_node; k++) {
    Node *node = &nodes[k];
    node->first = 0;
    node->following = 0;
    node->key_off = 0;
    node->key_len = 0;
    node->count = 0;
    node->role = 0;
    node->typed = 0;
    node->key_ascii = 0;
  }
  for (u32 slot = 0; slot < TABLE; slot++) table_node[slot] = 0;
  max_node = 0;
  table_used = 0;
  arena_used = 0;
  screened = 0;
}

EXPORT("out_ptr")
i32 *out_ptr(void) { return out; }

EXPORT("out_capacity")
i32 out_capacity(void) { return OUT_CAP; }

EXPORT("result_ptr")
i32 *result_ptr(void) { return result; }
