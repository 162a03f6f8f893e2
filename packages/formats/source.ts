import { type ReaderInput, type ReadLimits, type SkipReason, UnitReadError } from "../core/index.ts";
import { GzipDataError, SourceStreamError } from "./errors.ts";
import { gunzip } from "./gunzip.ts";
import type { NoteBook } from "./notes.ts";

export type Compression = "none" | "gzip";

export const toBuffer = (chunk: Uint8Array): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** Maps an error of the underlying byte stream to a skip reason (fs codes; connector errors pass through). */
export function classifyStreamError(error: unknown): { reason: SkipReason; detail: string } {
  if (error instanceof UnitReadError) return { reason: error.reason, detail: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const name = error instanceof Error ? error.name : "error";
  const detail = code ? `${name} ${code}` : name;
  if (code === "ENOENT") return { reason: "not-found", detail };
  if (code === "EACCES" || code === "EPERM") return { reason: "access-denied", detail };
  return { reason: "read-error", detail };
}

function openError(error: unknown): UnitReadError {
  if (error instanceof UnitReadError) return error;
  const { reason, detail } = classifyStreamError(error);
  return new UnitReadError(reason, `cannot open unit: ${detail}`, { cause: error });
}

/**
 * The (decompressed) bytes of one unit, with a sniffing head and hard caps. Everything after the
 * head is streamed; `maxBytes` and the gzip ratio turn into notes and a clean end, failures after
 * the first readable byte into notes, failures before it into a thrown UnitReadError.
 */
export class ByteSource {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private pulled = 0;
  private done = false;
  private headTaken = false;

  private constructor(
    readonly compression: Compression,
    private readonly inner: AsyncIterator<Buffer>,
    private readonly limits: ReadLimits,
    private readonly notes: NoteBook,
  ) {}

  static async open(input: ReaderInput, limits: ReadLimits, notes: NoteBook): Promise<ByteSource> {
    let raw: AsyncIterator<Uint8Array>;
    try {
      raw = input.open()[Symbol.asyncIterator]();
    } catch (error) {
      throw openError(error);
    }
    const first: Buffer[] = [];
    let firstBytes = 0;
    let rawDone = false;
    while (firstBytes < 2) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await raw.next();
      } catch (error) {
        throw openError(error);
      }
      if (next.done) {
        rawDone = true;
        break;
      }
      const chunk = toBuffer(next.value);
      if (chunk.length > 0) {
        first.push(chunk);
        firstBytes += chunk.length;
      }
    }
    if (firstBytes === 0) throw new UnitReadError("empty", "unit has 0 bytes");
    const joined = first.length === 1 ? (first[0] as Buffer) : Buffer.concat(first);
    if (joined[0] === 0x1f && joined[1] === 0x8b) {
      const source = new ByteSource(
        "gzip",
        gunzip(raw, first, {
          maxRatio: limits.maxCompressionRatio,
          onRatioLimit: (compressed, decompressed) =>
            notes.add(
              "decompression-limit",
              `decompression ratio above ${limits.maxCompressionRatio}:1 (${decompressed} bytes from ${compressed} compressed); reading stopped`,
            ),
        }),
        limits,
        notes,
      );
      return source;
    }
    async function* plain(): AsyncGenerator<Buffer> {
      try {
        yield* first;
        if (rawDone) return;
        while (true) {
          const next = await raw.next();
          if (next.done) return;
          yield toBuffer(next.value);
        }
      } finally {
        void raw.return?.()?.catch(() => {});
      }
    }
    return new ByteSource("none", plain(), limits, notes);
  }

  /** Bytes taken from the unit so far (decompressed). */
  bytesRead(): number {
    return this.pulled;
  }

  /** True once the whole unit is in the head (or reading has ended). */
  get ended(): boolean {
    return this.done;
  }

  /** Reads until the head holds at least `min` bytes or the unit ends; returns the head joined. */
  async peek(min: number): Promise<Buffer> {
    while (this.headBytes < min && !this.done) {
      const chunk = await this.pull(true);
      if (!chunk) break;
      if (chunk.length === 0) continue;
      this.head.push(chunk);
      this.headBytes += chunk.length;
    }
    return this.head.length === 1 ? (this.head[0] as Buffer) : Buffer.concat(this.head);
  }

  /** All bytes from the start: the head first, then the rest of the stream. Never throws. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.headTaken) throw new Error("ByteSource.chunks() can be iterated once");
    this.headTaken = true;
    try {
      while (this.head.length > 0) yield this.head.shift() as Buffer;
      this.headBytes = 0;
      while (true) {
        const chunk = await this.pull(false);
        if (!chunk) return;
        if (chunk.length > 0) yield chunk;
      }
    } finally {
      await this.close();
    }
  }

  /** Reads everything left (up to maxBytes) into one buffer, e.g. for Parquet without random access. */
  async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks()) parts.push(chunk);
    return Buffer.concat(parts);
  }

  async close(): Promise<void> {
    this.done = true;
    try {
      await this.inner.return?.();
    } catch {
      // closing a failed stream: nothing left to report
    }
  }

  private async pull(sniffing: boolean): Promise<Buffer | null> {
    if (this.done) return null;
    let next: IteratorResult<Buffer>;
    try {
      next = await this.inner.next();
    } catch (error) {
      this.done = true;
      const failure = this.describeFailure(error);
      if (this.pulled === 0 && sniffing)
        throw new UnitReadError(failure.reason, failure.message, { cause: error });
      this.notes.add(failure.reason, failure.message);
      return null;
    }
    if (next.done) {
      this.done = true;
      return null;
    }
    let chunk = next.value;
    const room = this.limits.maxBytes - this.pulled;
    if (chunk.length > room) {
      chunk = chunk.subarray(0, Math.max(0, room));
      this.done = true;
      const reason: SkipReason = this.compression === "gzip" ? "decompression-limit" : "too-large";
      const what = this.compression === "gzip" ? "decompressed bytes" : "bytes";
      this.notes.add(
        reason,
        `read cap of ${this.limits.maxBytes} ${what} reached; the rest of the unit was not read`,
      );
      void this.close();
    }
    this.pulled += chunk.length;
    return chunk;
  }

  private describeFailure(error: unknown): { reason: SkipReason; message: string } {
    if (error instanceof GzipDataError) {
      return { reason: error.truncated ? "truncated-compressed" : "malformed", message: error.message };
    }
    const cause = error instanceof SourceStreamError ? error.cause : error;
    const { reason, detail } = classifyStreamError(cause);
    return { reason, message: `read failed after ${this.pulled} bytes: ${detail}` };
  }
}
