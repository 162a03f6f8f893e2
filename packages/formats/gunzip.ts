import { createGunzip, type Gunzip } from "node:zlib";
import { CHUNK_BYTES, GZIP_FEED_SLICE, GZIP_QUEUE_BYTES, RATIO_MIN_OUTPUT } from "./constants.ts";
import { GzipDataError, SourceStreamError } from "./errors.ts";

export interface GunzipOptions {
  maxRatio: number;
  /** Called once when the ratio cap stops decompression; the stream then ends cleanly. */
  onRatioLimit: (compressed: number, decompressed: number) => void;
}

export interface GunzipProgress {
  /** Compressed bytes consumed by zlib so far. */
  compressed(): number;
}

/**
 * Streams gzip (one or more members) with zlib and 1 MiB output chunks. Compressed input is fed
 * in bounded slices and only while the consumer keeps up, so memory stays bounded; the ratio cap
 * is checked on every output chunk and stops zlib at once (a gzip bomb ends after a few MiB).
 * Everything decompressed before a truncation or corruption is yielded before the error is thrown.
 */
export function gunzip(
  raw: AsyncIterator<Uint8Array>,
  head: Uint8Array[],
  options: GunzipOptions,
): AsyncGenerator<Buffer> & GunzipProgress {
  const gz: Gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const queue: Buffer[] = [];
  let queued = 0;
  let out = 0;
  let finished = false;
  let stopped = false;
  let failure: Error | null = null;
  let wakeConsumer: (() => void) | null = null;
  let wakeFeeder: (() => void) | null = null;

  const signalConsumer = () => {
    const w = wakeConsumer;
    wakeConsumer = null;
    w?.();
  };
  const signalFeeder = () => {
    const w = wakeFeeder;
    wakeFeeder = null;
    w?.();
  };
  const finish = (error: Error | null) => {
    if (finished) return;
    finished = true;
    failure = error;
    signalConsumer();
    signalFeeder();
  };

  gz.on("data", (chunk: Buffer) => {
    if (finished) return;
    queue.push(chunk);
    queued += chunk.length;
    out += chunk.length;
    if (out > RATIO_MIN_OUTPUT && out / Math.max(1, gz.bytesWritten) > options.maxRatio) {
      options.onRatioLimit(gz.bytesWritten, out);
      finish(null);
      gz.destroy();
    }
    signalConsumer();
  });
  gz.on("end", () => finish(null));
  gz.on("error", (error: NodeJS.ErrnoException) => {
    const truncated = error.code === "Z_BUF_ERROR";
    const what = truncated ? "gzip stream ends early" : "gzip data is corrupt";
    finish(
      new GzipDataError(
        truncated,
        `${what} after ${gz.bytesWritten} compressed bytes (${out} decompressed)`,
        {
          cause: error,
        },
      ),
    );
  });

  const write = (slice: Uint8Array) =>
    new Promise<void>((resolve) => {
      gz.write(slice, () => resolve());
    });

  const feed = async (chunk: Uint8Array) => {
    for (let at = 0; at < chunk.length && !finished && !stopped; at += GZIP_FEED_SLICE) {
      while (queued > GZIP_QUEUE_BYTES && !finished && !stopped) {
        await new Promise<void>((resolve) => {
          wakeFeeder = resolve;
        });
      }
      if (finished || stopped) return;
      await write(chunk.subarray(at, at + GZIP_FEED_SLICE));
    }
  };

  void (async () => {
    try {
      for (const chunk of head) await feed(chunk);
      while (!finished && !stopped) {
        const next = await raw.next();
        if (next.done) break;
        await feed(next.value);
      }
      if (!finished && !stopped) gz.end();
    } catch (error) {
      finish(new SourceStreamError("source stream failed", { cause: error }));
      gz.destroy();
    }
  })();

  async function* generate(): AsyncGenerator<Buffer> {
    try {
      while (true) {
        const chunk = queue.shift();
        if (chunk) {
          queued -= chunk.length;
          if (queued <= GZIP_QUEUE_BYTES) signalFeeder();
          yield chunk;
          continue;
        }
        if (finished) {
          if (failure) throw failure;
          return;
        }
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    } finally {
      stopped = true;
      signalFeeder();
      if (!gz.destroyed) gz.destroy();
      void raw.return?.()?.catch(() => {});
    }
  }

  const iterator = generate() as AsyncGenerator<Buffer> & GunzipProgress;
  iterator.compressed = () => gz.bytesWritten;
  return iterator;
}
