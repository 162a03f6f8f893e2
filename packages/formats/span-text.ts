// The text of a byte span of a unit, once per value on the hot paths: Buffer's own latin1Slice and
// utf8Slice (what toString calls after checking its arguments, which costs more than the decoding
// of a short cell). Where a runtime lacks them, toString.
interface SpanSlices {
  latin1Slice?: (start: number, end: number) => string;
  utf8Slice?: (start: number, end: number) => string;
}

const direct =
  typeof (Buffer.prototype as SpanSlices).latin1Slice === "function" &&
  typeof (Buffer.prototype as SpanSlices).utf8Slice === "function";

/** buf.toString(latin1 ? "latin1" : "utf8", start, end), for 0 <= start <= end <= buf.length. */
export function spanText(buf: Buffer, latin1: boolean, start: number, end: number): string {
  if (!direct) return buf.toString(latin1 ? "latin1" : "utf8", start, end);
  const slices = buf as unknown as Required<SpanSlices>;
  return latin1 ? slices.latin1Slice(start, end) : slices.utf8Slice(start, end);
}
