// The screening rule of RecordSink (core/records.ts) on bytes. Readers count digits and track the
// loose cue in their delimiting loops (the CSV and JSON lines ones in wasm/*.c); this module holds
// the confirmation of a cue (hasCue), and the rule for a whole span, for Parquet and tests.
//
// A value may hold a candidate when it has nine or more ASCII digits and is not only digits, or an
// ASCII digit and a licence cue: "dl", "d." or "lic" somewhere (in any case) and a cue word at a word
// start (CUE_WORDS: dl, d., cdl, lic, driver, driving, operator). Every match of the detector's
// licence context pattern (DL, DLN, CDL, D.L., driver's/driving/operator's licen(c|s)e, lic#, lic no,
// license number) holds the first and starts with the second.

import { CUE_CODES, isAsciiAlnum } from "../core/index.ts";

/**
 * Whether buf[start, end) holds a licence cue (hasLicenceCue in core/records.ts, on bytes). Readers
 * call it only for values with one to eight digits and a loose cue.
 */
export function hasCue(buf: Uint8Array, start: number, end: number): boolean {
  // Every cue word holds "dl", "d." or "lic" (operator's licence: "lic"): look for those first,
  // with one test per byte, and for a cue word at a word start only when one is there.
  for (let i = start; i < end; i++) {
    const l = (buf[i] as number) | 32;
    if (l === 100) {
      const next = (buf[i + 1] as number) | 32;
      if (i + 1 < end && (next === 108 || next === 46)) return strictCue(buf, start, end);
    } else if (l === 99 && i - 2 >= start) {
      if (((buf[i - 1] as number) | 32) === 105 && ((buf[i - 2] as number) | 32) === 108)
        return strictCue(buf, start, end);
    }
  }
  return false;
}

function strictCue(buf: Uint8Array, start: number, end: number): boolean {
  const first = CUE_FIRST;
  for (let i = start; i < end; i++) {
    // A cue word starts with d, c, l or o, at a word start (no ASCII letter or digit before).
    if (first[buf[i] as number] === 1 && (i === start || ALNUM[buf[i - 1] as number] === 0)) {
      if (cueWordAt(buf, i, end, (buf[i] as number) | 32)) return true;
    }
  }
  return false;
}

/** Bytes that may start a cue word (d, c, l, o in any case), and ASCII letters and digits. */
const CUE_FIRST = new Uint8Array(256);
for (const word of CUE_CODES) {
  CUE_FIRST[word[0] as number] = 1;
  CUE_FIRST[(word[0] as number) - 32] = 1;
}
const ALNUM = new Uint8Array(256);
for (let c = 0; c < 256; c++) if (isAsciiAlnum(c)) ALNUM[c] = 1;

function cueWordAt(buf: Uint8Array, at: number, end: number, l: number): boolean {
  for (const word of CUE_CODES) {
    if (word[0] !== l || at + word.length > end) continue;
    let k = 1;
    while (k < word.length && ((buf[at + k] as number) | 32) === word[k]) k++;
    if (k === word.length) return true;
  }
  return false;
}

/** Whether buf[start, end) may hold a candidate (the rule above). */
export function bytesMayHold(buf: Uint8Array, start: number, end: number): boolean {
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits >= 9) return digits < end - start;
  return digits > 0 && hasCue(buf, start, end);
}
