// The text of a byte span of a unit, once per value on the hot paths. Short Latin-1 spans (most cells
// and values) are built by String.fromCharCode with one argument per byte, which V8 does inline; others
// by Buffer's own latin1Slice and utf8Slice (what toString calls after checking its arguments, which
// costs more than decoding a short cell), or toString where a runtime lacks them.
interface SpanSlices {
  latin1Slice?: (start: number, end: number) => string;
  utf8Slice?: (start: number, end: number) => string;
}

const direct =
  typeof (Buffer.prototype as SpanSlices).latin1Slice === "function" &&
  typeof (Buffer.prototype as SpanSlices).utf8Slice === "function";

/** Longest span built from its bytes one by one. */
const SHORT_SPAN = 12;

/** buf.toString(latin1 ? "latin1" : "utf8", start, end), for 0 <= start <= end <= buf.length. */
export function spanText(buf: Buffer, latin1: boolean, start: number, end: number): string {
  if (latin1 && end - start <= SHORT_SPAN) return shortLatin1(buf, start, end - start);
  if (!direct) return buf.toString(latin1 ? "latin1" : "utf8", start, end);
  const slices = buf as unknown as Required<SpanSlices>;
  return latin1 ? slices.latin1Slice(start, end) : slices.utf8Slice(start, end);
}

/** The Latin-1 text of b[a, a + n), n <= SHORT_SPAN. */
function shortLatin1(b: Buffer, a: number, n: number): string {
  switch (n) {
    case 1:
      return String.fromCharCode(b[a] as number);
    case 2:
      return String.fromCharCode(b[a] as number, b[a + 1] as number);
    case 3:
      return String.fromCharCode(b[a] as number, b[a + 1] as number, b[a + 2] as number);
    case 4:
      return String.fromCharCode(b[a] as number, b[a + 1] as number, b[a + 2] as number, b[a + 3] as number);
    case 5:
      return String.fromCharCode(
        b[a] as number,
        b[a + 1] as number,
        b[a + 2] as number,
        b[a + 3] as number,
        b[a + 4] as number,
      );
    case 6:
      return String.fromCharCode(
        b[a] as number,
        b[a + 1] as number,
        b[a + 2] as number,
        b[a + 3] as number,
        b[a + 4] as number,
        b[a + 5] as number,
      );
    case 7:
      return String.fromCharCode(
        b[a] as number,
        b[a + 1] as number,
        b[a + 2] as number,
        b[a + 3] as number,
        b[a + 4] as number,
        b[a + 5] as number,
        b[a + 6] as number,
      );
    case 8:
      return String.fromCharCode(
        b[a] as number,
        b[a + 1] as number,
        b[a + 2] as number,
        b[a + 3] as number,
        b[a + 4] as number,
        b[a + 5] as number,
        b[a + 6] as number,
        b[a + 7] as number,
      );
    case 9:
      return String.fromCharCode(
        b[a] as number,
        b[a + 1] as number,
        b[a + 2] as number,
        b[a + 3] as number,
        b[a + 4] as number,
        b[a + 5] as number,
        b[a + 6] as number,
        b[a + 7] as number,
        b[a + 8] as number,
      );
    case 10:
      return String.fromCharCode(
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
      );
    case 11:
      return String.fromCharCode(
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
      );
    case 12:
      return String.fromCharCode(
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
    default:
      return "";
  }
}
