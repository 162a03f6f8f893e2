import { isAscii, isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be";

/** Turns byte chunks into text chunks; never fails, never splits a character across chunks. */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/** Length of a UTF-8 sequence from its lead byte (1 for ASCII and for invalid leads). */
const sequenceLength = (lead: number): number => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1);

/** Start of an incomplete UTF-8 sequence at the end of `buf[from, to)`, or `to` if it ends cleanly. */
function incompleteTail(buf: Buffer, from: number, to: number): number {
  for (let i = to - 1; i >= Math.max(from, to - 3); i--) {
    const b = buf[i] as number;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0 && to - i < sequenceLength(b)) return i;
    return to;
  }
  return to;
}

/** Decodes a span as UTF-8 when valid, else as Latin-1 (one byte, one character: never fails). */
function utf8OrLatin1(buf: Buffer, start: number, end: number): string {
  if (start >= end) return "";
  // ASCII is decoded as Latin-1: same characters, several times faster, one-byte strings.
  return buf.toString(isLatin1Span(buf, start, end) ? "latin1" : "utf8", start, end);
}

/**
 * How one chunk decodes: `prefix` (a character split from the previous chunk, completed), then the
 * bytes [start, end) of the chunk as Latin-1 (`latin1`, also for ASCII) or UTF-8. Bytes after `end`
 * (an incomplete character) are carried to the next chunk.
 */
export interface ChunkParts {
  prefix: string;
  start: number;
  end: number;
  latin1: boolean;
}

/**
 * UTF-8 with a Latin-1 fallback decided per chunk: a chunk that is not valid UTF-8 is read as
 * Latin-1 (every byte maps to a character). Multi-byte characters split between chunks are carried.
 */
export class Utf8Decoder implements ChunkDecoder {
  private carry: Buffer | null = null;
  constructor(private skip: number) {}

  write(chunk: Buffer): string {
    const parts = this.parts(chunk);
    if (parts === null) return "";
    const { prefix, start, end, latin1 } = parts;
    const body = start >= end ? "" : chunk.toString(latin1 ? "latin1" : "utf8", start, end);
    return prefix ? prefix + body : body;
  }

  /** The decoding of a chunk without making its text (null: all of it is carried). */
  parts(chunk: Buffer): ChunkParts | null {
    let start = 0;
    if (this.skip > 0) {
      start = Math.min(this.skip, chunk.length);
      this.skip -= start;
    }
    let prefix = "";
    if (this.carry) {
      const carry = this.carry;
      const need = sequenceLength(carry[0] as number) - carry.length;
      let take = 0;
      while (take < need && start + take < chunk.length && ((chunk[start + take] as number) & 0xc0) === 0x80)
        take++;
      if (take < need && start + take === chunk.length) {
        this.carry = Buffer.concat([carry, chunk.subarray(start)]);
        return null;
      }
      const joined = Buffer.concat([carry, chunk.subarray(start, start + take)]);
      prefix = utf8OrLatin1(joined, 0, joined.length);
      start += take;
      this.carry = null;
    }
    const end = incompleteTail(chunk, start, chunk.length);
    if (end < chunk.length) this.carry = Buffer.from(chunk.subarray(end));
    return { prefix, start, end, latin1: isLatin1Span(chunk, start, end) };
  }

  end(): string {
    const carry = this.carry;
    this.carry = null;
    return carry ? carry.toString("latin1") : "";
  }
}

/** Whether a span decodes as Latin-1 (ASCII, or not valid UTF-8) rather than UTF-8. */
function isLatin1Span(buf: Buffer, start: number, end: number): boolean {
  if (start >= end) return true;
  const span = buf.subarray(start, end);
  return isAscii(span) || !isUtf8(span);
}

class Utf16Decoder implements ChunkDecoder {
  private readonly decoder: TextDecoder;
  constructor(encoding: "utf-16le" | "utf-16be") {
    this.decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  }
  write(chunk: Buffer): string {
    return this.decoder.decode(chunk, { stream: true });
  }
  end(): string {
    return this.decoder.decode();
  }
}

/** `skip` is the length of a UTF-8 BOM to drop (UTF-16 decoders drop their BOM themselves). */
export function createDecoder(encoding: TextEncodingName, skip = 0): ChunkDecoder {
  return encoding === "utf-8" ? new Utf8Decoder(skip) : new Utf16Decoder(encoding);
}

/** Decodes a sample in one go (for sniffing): an incomplete trailing character is dropped. */
export function decodeSample(sample: Buffer, encoding: TextEncodingName, skip = 0): string {
  const decoder = createDecoder(encoding, skip);
  return decoder.write(sample);
}

export async function* decodeChunks(
  chunks: AsyncIterable<Buffer>,
  decoder: ChunkDecoder,
): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
