// A field's distinct normalized values without a string per value: SSNs and most license numbers (1–12
// characters of 0-9 A-Z) are coded exactly as two 32-bit words in an open-addressing table (off the JS
// heap, nothing for the garbage collector to trace); any other value is kept as a string. Exact: every
// code stands for one value, and the values come back by decoding.

/** Characters per 32-bit word: 37^6 < 2^32 (digit 0 marks "no character", so lengths stay distinct). */
const CHARS_PER_WORD = 6;
const MAX_CODED_LENGTH = 2 * CHARS_PER_WORD;
const BASE = 37;
const INITIAL_SLOTS = 1024;
const SYMBOL_CODES = Uint16Array.from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", (c) => c.charCodeAt(0));

/** A character's digit (1–36), or 0 when it is not 0-9 A-Z. */
function digitOf(c: number): number {
  if (c >= 48 && c <= 57) return c - 47;
  if (c >= 65 && c <= 90) return c - 54;
  return 0;
}

export class DistinctValues implements Iterable<string> {
  /** (hi, lo) per slot; hi 0 is an empty slot (a coded value's first character makes hi non-zero). */
  private slots = new Uint32Array(INITIAL_SLOTS * 2);
  private coded = 0;
  private readonly others = new Set<string>();
  /** The last value coded (set by `code`): hi, lo. */
  private hi = 0;
  private lo = 0;
  /** Scratch: a decoded value's character codes. */
  private readonly chars = new Uint16Array(MAX_CODED_LENGTH);

  get size(): number {
    return this.coded + this.others.size;
  }

  /** Adds a value; true when it was not there. */
  add(value: string): boolean {
    if (!this.code(value)) {
      const before = this.others.size;
      this.others.add(value);
      return this.others.size > before;
    }
    const at = this.find(this.hi, this.lo);
    if (this.slots[at] !== 0) return false;
    this.slots[at] = this.hi;
    this.slots[at + 1] = this.lo;
    this.coded++;
    // At most half full: short probes.
    if (this.coded * 2 > this.slots.length >>> 1) this.grow();
    return true;
  }

  has(value: string): boolean {
    if (!this.code(value)) return this.others.has(value);
    return this.slots[this.find(this.hi, this.lo)] !== 0;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    const slots = this.slots;
    const chars = this.chars;
    for (let at = 0; at < slots.length; at += 2) {
      if (slots[at] === 0) continue;
      const n = decodeInto(slots[at] as number, slots[at + 1] as number, chars);
      yield String.fromCharCode.apply(null, chars.subarray(0, n) as unknown as number[]);
    }
    yield* this.others;
  }

  /**
   * The values that end in a run of 3+ digits, as `sequentialKey` splits them, grouped by prefix: each
   * prefix's numbers, unsorted. Coded values make no string (prefixes are few and made once); those
   * without a prefix (SSNs) go straight into one typed array.
   */
  sequentialGroups(): Map<string, Float64Array> {
    const slots = this.slots;
    const chars = this.chars;
    let bare = new Float64Array(this.coded);
    let bareCount = 0;
    const prefixed = new Map<string, number[]>();
    const prefixes = new Map<number, string>();
    const push = (prefix: string, n: number) => {
      if (prefix === "") {
        if (bareCount === bare.length) {
          const wider = new Float64Array(bare.length * 2 + 8);
          wider.set(bare);
          bare = wider;
        }
        bare[bareCount++] = n;
        return;
      }
      let numbers = prefixed.get(prefix);
      if (numbers === undefined) {
        numbers = [];
        prefixed.set(prefix, numbers);
      }
      numbers.push(n);
    };
    for (let at = 0; at < slots.length; at += 2) {
      const hi = slots[at] as number;
      if (hi === 0) continue;
      const lo = slots[at + 1] as number;
      trailingRun(hi, lo);
      if (runDigits < 3) continue;
      const n = runValue;
      if (!runPrefixed) {
        bare[bareCount++] = n; // room for every coded value
        continue;
      }
      const start = decodeInto(hi, lo, chars) - runDigits;
      let code = 0;
      for (let i = 0; i < start; i++) code = code * BASE + digitOf(chars[i] as number);
      let prefix = prefixes.get(code);
      if (prefix === undefined) {
        prefix = String.fromCharCode.apply(null, chars.subarray(0, start) as unknown as number[]);
        prefixes.set(code, prefix);
      }
      push(prefix, n);
    }
    for (const v of this.others) {
      const key = sequentialKey(v);
      if (key !== null) push(key.prefix, key.n);
    }
    const groups = new Map<string, Float64Array>();
    if (bareCount > 0) groups.set("", bare.subarray(0, bareCount));
    for (const [prefix, numbers] of prefixed) groups.set(prefix, Float64Array.from(numbers));
    return groups;
  }

  /** Codes a value into hi/lo; false when it cannot be coded. */
  private code(value: string): boolean {
    const n = value.length;
    if (n === 0 || n > MAX_CODED_LENGTH) return false;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < n; i++) {
      const d = digitOf(value.charCodeAt(i));
      if (d === 0) return false;
      if (i < CHARS_PER_WORD) hi = hi * BASE + d;
      else lo = lo * BASE + d;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return true;
  }

  /** The slot index (even) holding (hi, lo), or the empty one where it would go. */
  private find(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = i << 1;
      const s = slots[at] as number;
      if (s === 0 || (s === hi && slots[at + 1] === lo)) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) {
      const hi = old[at] as number;
      if (hi === 0) continue;
      const lo = old[at + 1] as number;
      const to = this.find(hi, lo);
      this.slots[to] = hi;
      this.slots[to + 1] = lo;
    }
  }
}

/** Writes a coded value's character codes into `chars`; returns how many. */
function decodeInto(hi: number, lo: number, chars: Uint16Array): number {
  const n = wordInto(hi, chars, 0);
  return wordInto(lo, chars, n);
}

/** Values of three characters or fewer (37^3): their length and character codes, filled on first use. */
const TRIPLE = BASE * BASE * BASE;
let tripleLengths = new Uint8Array(0);
let tripleCodes = new Uint16Array(0);
/** Per triple: how many of its last characters are digits, and their value. */
let tripleTailDigits = new Uint8Array(0);
let tripleTailValues = new Uint16Array(0);

function fillTriples(): void {
  tripleLengths = new Uint8Array(TRIPLE);
  tripleCodes = new Uint16Array(TRIPLE * 3);
  tripleTailDigits = new Uint8Array(TRIPLE);
  tripleTailValues = new Uint16Array(TRIPLE);
  for (let v = 1; v < TRIPLE; v++) {
    let length = 0;
    for (let w = v; w > 0; w = Math.floor(w / BASE)) length++;
    let w = v;
    for (let i = length - 1; i >= 0; i--) {
      tripleCodes[v * 3 + i] = SYMBOL_CODES[(w % BASE) - 1] ?? 0;
      w = Math.floor(w / BASE);
    }
    tripleLengths[v] = length;
    let tail = length;
    while (tail > 0 && isDigit(tripleCodes[v * 3 + tail - 1] as number)) tail--;
    let value = 0;
    for (let i = tail; i < length; i++) value = value * 10 + ((tripleCodes[v * 3 + i] as number) - 48);
    tripleTailDigits[v] = length - tail;
    tripleTailValues[v] = value;
  }
}

/**
 * Set by trailingRun: a coded value's trailing run of digits as a number, its length, and whether
 * characters come before it.
 */
let runValue = 0;
let runDigits = 0;
let runPrefixed = false;

/** The trailing digits of a coded value, from its triples (last first), without decoding it. */
function trailingRun(hi: number, lo: number): void {
  if (tripleLengths.length === 0) fillTriples();
  runValue = 0;
  runDigits = 0;
  runPrefixed = false;
  const hiHigh = Math.floor(hi / TRIPLE);
  const loHigh = Math.floor(lo / TRIPLE);
  let scale = 1;
  for (let k = 0; k < 4; k++) {
    // lo's last triple, lo's first, hi's last, hi's first; an absent one (shorter words) is 0.
    const t = k === 0 ? lo - loHigh * TRIPLE : k === 1 ? loHigh : k === 2 ? hi - hiHigh * TRIPLE : hiHigh;
    if (t === 0) continue;
    const digits = tripleTailDigits[t] as number;
    runValue += (tripleTailValues[t] as number) * scale;
    runDigits += digits;
    if (digits < (tripleLengths[t] as number)) {
      runPrefixed = true;
      return;
    }
    scale *= digits === 3 ? 1000 : digits === 2 ? 100 : 10;
  }
}

// A word of up to six characters is two triples (the first may be shorter): one division, two lookups.
function wordInto(word: number, chars: Uint16Array, at: number): number {
  if (word === 0) return at;
  if (tripleLengths.length === 0) fillTriples();
  const high = Math.floor(word / TRIPLE);
  const low = word - high * TRIPLE;
  let n = at;
  if (high !== 0) {
    const length = tripleLengths[high] as number;
    for (let i = 0; i < length; i++) chars[n++] = tripleCodes[high * 3 + i] as number;
  }
  const length = tripleLengths[low] as number;
  for (let i = 0; i < length; i++) chars[n++] = tripleCodes[low * 3 + i] as number;
  return n;
}

/** A value as a prefix and its trailing run of 3+ digits (as /^(.*?)(\d{3,})$/ splits it), or null. */
export function sequentialKey(v: string): { prefix: string; n: number } | null {
  let start = v.length;
  while (start > 0 && isDigit(v.charCodeAt(start - 1))) start--;
  if (v.length - start < 3) return null;
  const prefix = v.slice(0, start);
  if (LINE_BREAK.test(prefix)) return null; // "." in the pattern stops at line breaks
  return { prefix, n: Number(v.slice(start)) };
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;
const isDigit = (c: number) => c >= 48 && c <= 57;
