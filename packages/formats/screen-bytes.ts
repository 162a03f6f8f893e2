// The screening rule of RecordSink (core/records.ts) on bytes. Readers inline the per-byte steps for
// speed; this module holds the table they share and the rule for a whole span, for reference and tests.
//
// A value may hold a candidate when it has nine or more ASCII digits and is not only digits, or an
// ASCII digit and a licence cue: "dl", "d." or "lic" in any case. Every licence context word the
// detector knows holds one: DL, DLN, CDL, D.L., and driver's/driving/operator's licen(c|s)e, lic#,
// lic no, license number all contain "lic".

import { cueEnds } from "../core/index.ts";

/** Lower-cased bytes after which a cue may end: d (dl, d.), i (lic). */
export const CUE_AFTER: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (const c of "di") table[c.charCodeAt(0)] = 1;
  return table;
})();

/** Whether buf[start, end) may hold a candidate (the rule above, in one pass). */
export function bytesMayHold(buf: Uint8Array, start: number, end: number): boolean {
  let digits = 0;
  let cue = false;
  let p1 = 0;
  let p2 = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      digits++;
      p2 = p1;
      p1 = c;
      continue;
    }
    const l = c | 32;
    if (!cue && CUE_AFTER[p1] === 1) cue = cueEnds(p2, p1, l);
    p2 = p1;
    p1 = l;
  }
  return (digits >= 9 && digits < end - start) || (cue && digits > 0);
}
