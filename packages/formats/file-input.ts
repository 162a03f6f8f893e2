import { createReadStream, statSync } from "node:fs";
import { open } from "node:fs/promises";
import type { ReaderInput } from "../core/index.ts";
import { CHUNK_BYTES } from "./constants.ts";

export interface FileInputOptions {
  /** Name used as the format hint and in reports; defaults to the path. */
  name?: string;
  /** Known size in bytes; read with statSync when omitted. */
  size?: number;
}

/**
 * A local file as a ReaderInput: streamed in 1 MiB chunks, with ranged reads (for Parquet)
 * through a FileHandle opened per call, and ranges streamed (sampling, parts of split objects).
 */
export function fileInput(path: string, options: FileInputOptions = {}): ReaderInput {
  const size = options.size ?? statSync(path).size;
  return {
    name: options.name ?? path,
    size,
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
    openRange: (start: number, endExclusive: number) =>
      endExclusive <= start
        ? (async function* () {})()
        : createReadStream(path, { start, end: endExclusive - 1, highWaterMark: CHUNK_BYTES }),
    readRange: async (start: number, endExclusive: number): Promise<Uint8Array> => {
      const length = Math.max(0, endExclusive - start);
      const bytes = Buffer.allocUnsafe(length);
      const handle = await open(path, "r");
      try {
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(bytes, filled, length - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return filled === length ? bytes : bytes.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
  };
}
