// The plain rows of a screened CSV (CsvScreen in csv-screen.ts). Each row's cells are delimited and
// screened here, by the rule of formats/screen-bytes.ts; counted cells add one to their column. A row with
// values for the sink (ROLE_VALUE, a ROLE_HITS value that may hold a candidate) or a licence cell is
// described in the batch (its value cells; with a licence cell, all its non-empty cells), and the JS
// hands the batch over when the loop returns: at the end, when the batch is full, or before a row it
// must read. A row holding anything this loop does not read (a quoted field going on past the line, a quote
// inside an unquoted cell, a line over the cap, a generic id beside a type, more than MAX_COLUMNS
// cells) stops it before the row, and the JS reads that one as text; a cell of a column whose role
// is not known yet stops it too (status: unknown column): the JS learns the role and calls again.
//
// Memory: the roles, counts, status, cell table and batch are static arrays (addresses exported); the
// JS copies the lines from __heap_base on, with zero bytes before (the cue test reads two bytes back)
// and after (16-byte SIMD loads).

#include <wasm_simd128.h>

#define MAX_COLUMNS 1024
#define ROLE_BASE 3
#define ROLE_COUNT 0
#define ROLE_HITS 1
#define ROLE_RECORD 3
#define ROLE_GENERIC 4
#define ROLE_TYPE 8

typedef unsigned char u8;

static int roles[MAX_COLUMNS];
static double counts[MAX_COLUMNS];
/** Per cell of the last row read: CELL_* flags, and its bounds (a trailing \r excluded). */
static unsigned char cell_flags[MAX_COLUMNS];
static int cell_start[MAX_COLUMNS];
static int cell_end[MAX_COLUMNS];
static int screened;
/**
 * What the last countRows call found, read by the JS from memory (no call per field): rows read, 1
 * when it stopped because the batch is full, the column whose unknown role stopped it (or -1), and
 * the words and rows in the batch.
 */
static int status[5];
#define rows_read status[0]
#define batch_full status[1]
#define unknown_column status[2]
#define batch_words status[3]
#define batch_rows status[4]

/**
 * The rows with values of the last call, one after another: the row's number in the call (1 for the
 * first row read), its cell count m, then m cells as (column << 2 | CELL_* flag, start, end).
 */
#define BATCH_WORDS 65536
static int batch[BATCH_WORDS];

#define CELL_EMPTY 0
#define CELL_COUNTED 1
#define CELL_VALUE 2
#define CELL_LICENCE 3

__attribute__((export_name("roles"))) int *roles_at(void) { return roles; }
__attribute__((export_name("counts"))) double *counts_at(void) { return counts; }
__attribute__((export_name("screened"))) int screened_rows(void) { return screened; }
__attribute__((export_name("status"))) int *status_at(void) { return status; }
__attribute__((export_name("batch"))) int *batch_at(void) { return batch; }

__attribute__((export_name("reset"))) void reset(void) {
  for (int k = 0; k < MAX_COLUMNS; k++) {
    roles[k] = -1;
    counts[k] = 0;
  }
  screened = 0;
}

static inline int lower(int c) { return c | 32; }
static inline int alnum(int c) {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// Cue words (core/records.ts CUE_WORDS, lower case): a cue word starts with d, c, l or o.
static const char *const CUE_WORDS[] = {"dl", "d.", "cdl", "lic", "driver", "driving", "operator"};
#define CUE_WORD_COUNT 7

static int cue_word_at(const u8 *buf, int at, int end, int l) {
  for (int w = 0; w < CUE_WORD_COUNT; w++) {
    const char *word = CUE_WORDS[w];
    if (word[0] != l) continue;
    int n = 0;
    while (word[n]) n++;
    if (at + n > end) continue;
    int k = 1;
    while (k < n && lower(buf[at + k]) == word[k]) k++;
    if (k == n) return 1;
  }
  return 0;
}

static int strict_cue(const u8 *buf, int start, int end) {
  for (int i = start; i < end; i++) {
    int c = buf[i];
    int l = lower(c);
    int first = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? (l == 'd' || l == 'c' || l == 'l' || l == 'o') : 0;
    if (first && (i == start || !alnum(buf[i - 1]))) {
      if (cue_word_at(buf, i, end, l)) return 1;
    }
  }
  return 0;
}

// hasCue in screen-bytes.ts.
static int has_cue(const u8 *buf, int start, int end) {
  for (int i = start; i < end; i++) {
    int l = lower(buf[i]);
    if (l == 100) {
      int next = lower(buf[i + 1]);
      if (i + 1 < end && (next == 108 || next == 46)) return strict_cue(buf, start, end);
    } else if (l == 99 && i - 2 >= start) {
      if (lower(buf[i - 1]) == 105 && lower(buf[i - 2]) == 108) return strict_cue(buf, start, end);
    }
  }
  return 0;
}

/** Screening facts of the last quoted cell (quoted_cell). */
static int quoted_may_hold;
static int quoted_empty;

// CsvScreen.quotedCell: a quoted cell at buf[i] == '"' ("" is a quote; text after the closing quote is
// kept). Returns the index of the byte that ends it (delimiter or newline), or -1 when the quoted field
// goes on past the line. The loose cue stands for the cue here, as in the JS.
static int quoted_cell(const u8 *buf, int i, u8 d) {
  int digits = 0, cue = 0, p1 = 0, p2 = 0, length = 0, open = 1, c = 0;
  for (i++;; i++) {
    c = buf[i];
    if (c == 10) {
      if (open) return -1;
      break;
    }
    if (open && c == 34) {
      if (buf[i + 1] != 34) {
        open = 0;
        continue;
      }
      i++;
    } else if (!open && c == d) {
      break;
    }
    length++;
    if (c <= 57 && c >= 48) {
      digits++;
      p2 = p1;
      p1 = c;
      continue;
    }
    int l = c | 32;
    if (!cue && (p1 == 100 || p1 == 105))
      cue = (p1 == 100 && (l == 108 || l == 46)) || (p1 == 105 && p2 == 108 && l == 99);
    p2 = p1;
    p1 = l;
  }
  if (c == 10 && buf[i - 1] == 13) length--;
  quoted_may_hold = (digits >= 9 && digits < length) || (cue && digits > 0);
  quoted_empty = length == 0;
  return i;
}

// The index of the first delimiter, newline or quote at or after i (one exists: every line ends in \n).
static inline int next_stop(const u8 *buf, int i, u8 d) {
  const v128_t vd = wasm_i8x16_splat((char)d);
  const v128_t vn = wasm_i8x16_splat('\n');
  const v128_t vq = wasm_i8x16_splat('"');
  for (;;) {
    v128_t v = wasm_v128_load(buf + i);
    v128_t hit = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, vd), wasm_i8x16_eq(v, vn)), wasm_i8x16_eq(v, vq));
    int mask = wasm_i8x16_bitmask(hit);
    if (mask) return i + __builtin_ctz(mask);
    i += 16;
  }
}

/**
 * Whether buf[start, end) holds a loose licence cue byte, as the JS loops test it: "l" or "." after "d",
 * "c" after "li" (the bytes one and two back may be before start).
 */
static int loose_cue(const u8 *buf, int start, int end, int low_delimiter) {
  const v128_t space = wasm_i8x16_splat(32);
  const v128_t dot_char = wasm_i8x16_splat('.');
  const v128_t l_char = wasm_i8x16_splat('l');
  const v128_t c_char = wasm_i8x16_splat('c');
  const v128_t d_char = wasm_i8x16_splat('d');
  const v128_t i_char = wasm_i8x16_splat('i');
  for (int i = start; i < end; i += 16) {
    v128_t v = wasm_v128_load(buf + i);
    v128_t back1 = wasm_v128_or(wasm_v128_load(buf + i - 1), space);
    v128_t back2 = wasm_v128_or(wasm_v128_load(buf + i - 2), space);
    v128_t lowered = wasm_v128_or(v, space);
    v128_t dot = low_delimiter ? wasm_i8x16_eq(v, dot_char) : wasm_i8x16_eq(lowered, dot_char);
    v128_t after_d = wasm_v128_and(wasm_v128_or(wasm_i8x16_eq(lowered, l_char), dot), wasm_i8x16_eq(back1, d_char));
    v128_t after_li = wasm_v128_and(wasm_i8x16_eq(lowered, c_char),
                                    wasm_v128_and(wasm_i8x16_eq(back1, i_char), wasm_i8x16_eq(back2, l_char)));
    int in_range = end - i >= 16 ? 0xffff : (1 << (end - i)) - 1;
    if (wasm_i8x16_bitmask(wasm_v128_or(after_d, after_li)) & in_range) return 1;
  }
  return 0;
}

/**
 * Reads rows from buf[start] up to end; returns where it stopped: at end, after the row that filled
 * the batch (status: batch full), or before a row the JS must read (status: unknown column, or a row
 * it reads as text). The status counts the rows read, and the batch lists those with values. The
 * bytes at buf[end, end + 16) must be readable (SIMD loads) and buf[end - 1] is a newline.
 */
__attribute__((export_name("countRows"))) int count_rows(const u8 *buf, int start, int end, int delimiter,
                                                        int max_line) {
  const u8 d = (u8)delimiter;
  const int low_delimiter = delimiter < 48;
  const v128_t vd = wasm_i8x16_splat((char)d);
  const v128_t vn = wasm_i8x16_splat('\n');
  const v128_t vq = wasm_i8x16_splat('"');
  const v128_t zero = wasm_i8x16_splat('0');
  const v128_t ten = wasm_i8x16_splat(10);
  int s = start;
  int rows = 0;
  int used = 0;
  int listed = 0;
  unknown_column = -1;
  batch_full = 0;
  while (s < end) {
    int k = 0;
    int seen = 0;
    int non_empty = 0;
    int values = 0;
    int licence = 0;
    int i = s;
    int c = 0;
    for (;;) {
      if (k >= MAX_COLUMNS) goto js;
      int role = roles[k];
      if (role < 0) {
        unknown_column = k;
        goto js;
      }
      int base = role & ROLE_BASE;
      int start_cell = i;
      int counted;
      int empty;
      int end_cell;
      int digits = 0;
      if (base == ROLE_HITS) {
        // 16 bytes at a time: the stop (delimiter, newline, quote) and the digits before it.
        for (;;) {
          v128_t v = wasm_v128_load(buf + i);
          int stops = wasm_i8x16_bitmask(
              wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, vd), wasm_i8x16_eq(v, vn)), wasm_i8x16_eq(v, vq)));
          int digit = wasm_i8x16_bitmask(wasm_u8x16_lt(wasm_i8x16_sub(v, zero), ten));
          if (stops) {
            int q = __builtin_ctz(stops);
            digits += __builtin_popcount(digit & ((1 << q) - 1));
            i += q;
            break;
          }
          digits += __builtin_popcount(digit);
          i += 16;
        }
      } else {
        i = next_stop(buf, i, d);
      }
      c = buf[i];
      if (c == 34) {
        // A quote opening the cell makes it a quoted cell; anywhere else the JS reads the row.
        if (i != start_cell) goto js;
        i = quoted_cell(buf, i, d);
        if (i < 0) goto js;
        c = buf[i];
        counted = base == ROLE_COUNT || (base == ROLE_HITS && !quoted_may_hold);
        empty = quoted_empty;
        end_cell = c == 10 && buf[i - 1] == 13 ? i - 1 : i;
      } else {
        end_cell = c == 10 && i > start_cell && buf[i - 1] == 13 ? i - 1 : i;
        empty = end_cell == start_cell;
        if (base == ROLE_HITS) {
          // The cue matters only beside one to eight digits: looked for then.
          int may_hold = digits >= 9 ? digits < end_cell - start_cell
                                     : digits > 0 && loose_cue(buf, start_cell, i, low_delimiter) &&
                                           has_cue(buf, start_cell, end_cell);
          counted = !may_hold;
        } else {
          counted = base == ROLE_COUNT;
        }
      }
      int flags = 0;
      if (!empty) {
        flags = counted ? CELL_COUNTED : base == ROLE_RECORD ? CELL_LICENCE : CELL_VALUE;
        seen |= role;
        non_empty = 1;
        values |= !counted;
        licence |= flags == CELL_LICENCE;
      }
      cell_flags[k] = (unsigned char)flags;
      cell_start[k] = start_cell;
      cell_end[k] = end_cell;
      if (c == 10) break;
      k++;
      i++;
    }
    if (i - s > max_line) goto js;
    if (non_empty) {
      // A generic id beside a type may make the row a record: the JS reads it whole.
      if ((seen & ROLE_GENERIC) && (seen & ROLE_TYPE)) goto js;
      for (int j = 0; j <= k; j++)
        if (cell_flags[j] == CELL_COUNTED) counts[j] += 1;
      screened++;
    }
    rows++;
    s = i + 1;
    if (values) {
      // Into the batch: the row's value cells, or with a licence cell every non-empty cell.
      int *out = batch + used;
      int m = 0;
      for (int j = 0; j <= k; j++) {
        int f = cell_flags[j];
        if (licence ? f == CELL_EMPTY : f != CELL_VALUE) continue;
        out[2 + 3 * m] = j << 2 | f;
        out[3 + 3 * m] = cell_start[j];
        out[4 + 3 * m] = cell_end[j];
        m++;
      }
      out[0] = rows;
      out[1] = m;
      used += 2 + 3 * m;
      listed++;
      if (used + 2 + 3 * MAX_COLUMNS > BATCH_WORDS) {
        batch_full = 1;
        break;
      }
    }
    continue;
  js:
    break;
  }
  rows_read = rows;
  batch_words = used;
  batch_rows = listed;
  return s;
}
