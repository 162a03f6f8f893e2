import type { ScanRecord } from "../core/index.ts";
import type { Utf8Decoder } from "./decode.ts";
import { LineSplitter } from "./lines.ts";
import type { NoteBook } from "./notes.ts";

/** Hands a line that must take the text path (see ByteLineHandler.lines) back to the splitter. */
export type TextLine = (buf: Buffer, start: number, newline: number, lineNumber: number) => void;

/** What a screening reader does with the lines of a UTF-8 (or Latin-1) unit. */
export interface ByteLineHandler {
  /**
   * Complete lines inside one chunk: buf[start, end), each ended by a newline (end - 1 is the last),
   * numbered from `firstLine`. `latin1` says how the bytes decode (the chunk's decision, see
   * Utf8Decoder): buf.toString(latin1 ? "latin1" : "utf8", a, b) is exactly the text the decoding
   * reader would have seen. A line longer than `maxLine` bytes must be given to `asText` (which cuts
   * it at maxLine characters and notes it), with nothing else done for it; a trailing "\r" is not part
   * of a line. Returns the number of the last line.
   */
  lines(
    buf: Buffer,
    start: number,
    end: number,
    firstLine: number,
    latin1: boolean,
    asText: TextLine,
  ): number;
  /** A line as text: it spans two chunks, or is longer than the line cap (then cut and noted). */
  text(line: string, lineNumber: number): void;
}

/**
 * The lines of a unit exactly as decodeChunks + LineSplitter make them (same numbering, same text,
 * same cap and notes), but the lines inside one chunk are handed over as bytes, never decoded unless
 * the handler wants them. Yields nothing: the handler hands everything on (RecordSink), the
 * generator only drives the reading.
 */
export async function* bytesToLines(
  chunks: AsyncIterable<Buffer>,
  decoder: Utf8Decoder,
  maxLine: number,
  notes: NoteBook,
  handler: ByteLineHandler,
  onEnd: () => void,
): AsyncGenerator<ScanRecord[]> {
  const splitter = new LineSplitter(
    maxLine,
    (text, start, end, lineNumber) =>
      handler.text(start === 0 && end === text.length ? text : text.slice(start, end), lineNumber),
    notes,
  );
  let latin1 = true;
  const asText: TextLine = (buf, start, newline, lineNumber) => {
    splitter.lines = lineNumber - 1;
    splitter.push(buf.toString(latin1 ? "latin1" : "utf8", start, newline + 1));
  };
  try {
    for await (const chunk of chunks) {
      const parts = decoder.parts(chunk);
      if (parts === null) continue;
      const { prefix, start, end } = parts;
      latin1 = parts.latin1;
      const encoding = latin1 ? "latin1" : "utf8";
      const first = chunk.indexOf(10, start);
      const last = chunk.lastIndexOf(10, end - 1);
      if (first === -1 || first >= end || last < start) {
        splitter.push(prefix + chunk.toString(encoding, start, end));
        continue;
      }
      // The line carried from the previous chunk ends at the first newline.
      splitter.push(prefix + chunk.toString(encoding, start, first + 1));
      if (last > first) {
        splitter.lines = handler.lines(chunk, first + 1, last + 1, splitter.lines + 1, latin1, asText);
      }
      if (last + 1 < end) splitter.push(chunk.toString(encoding, last + 1, end));
    }
    const rest = decoder.end();
    if (rest.length > 0) splitter.push(rest);
    splitter.end();
  } finally {
    onEnd();
  }
}
