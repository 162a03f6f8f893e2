// The text of a byte span of a unit, once per value on the hot paths. Short Latin-1 spans (most cells
// and values) are built by one String.fromCharCode call, which V8 does inline; others
// by Buffer's own latin1Slice and utf8Slice (what toString calls after checking its arguments, which
// costs more than decoding a short cell), or toString where a runtime lacks them.
interface SpanSlices {
  latin1Slice?: (start: number, end: number) => string;
  utf8Slice?: (start: number, end: number) => string;
}

const direct =
  typeof (Buffer.prototype as SpanSlices).latin1Slice === "function" &&
  typeof (Buffer.prototype as SpanSlices).utf8Slice === "function";

/** Longest span built by shortLatin1 (from its bytes, without a decoding call). */
const SHORT_SPAN = 12;

/** buf.toString(latin1 ? "latin1" : "utf8", start, end), for 0 <= start <= end <= buf.length. */
export function spanText(buf: Buffer, latin1: boolean, start: number, end: number): string {
  if (latin1 && end - start <= SHORT_SPAN) return shortLatin1(buf, start, end - start);
  if (!direct) return buf.toString(latin1 ? "latin1" : "utf8", start, end);
  const slices = buf as unknown as Required<SpanSlices>;
  return latin1 ? slices.latin1Slice(start, end) : slices.utf8Slice(start, end);
}

/**
 * The Latin-1 text of b[a, a + n), n <= SHORT_SPAN: twelve codes at once (bytes past the buffer read as
 * undefined, NUL), cut to n. One call whatever n, cheaper than a loop of concatenations.
 */
function shortLatin1(b: Buffer, a: number, n: number): string {
  const codes = String.fromCharCode(
    b[a] as number,
    b[a + 1] as number,
    b[a + 2] as number,
    b[a + 3] as number,
    b[a + 4] as number,
    b[a + 5] as number,
    b[a + 6] as number,
    b[a + 7] as number,
    b[a + 8] as number,
    b[a + 9] as number,
    b[a + 10] as number,
    b[a + 11] as number,
  );
  return n === SHORT_SPAN ? codes : codes.slice(0, n);
}
