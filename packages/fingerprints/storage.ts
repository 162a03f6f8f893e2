// Where state is kept between runs: a tiny key → bytes interface, so a local directory works now and an
// object store (S3) later. Keys are relative paths with forward slashes.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { FingerprintError } from "./errors.ts";

export interface StateStorage {
  /** The bytes under `key`, or null when there is nothing. */
  get(key: string): Promise<Uint8Array | null>;
  /** Writes `bytes` under `key`; a reader sees the old bytes or the new ones, never a mix. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Optional clean-up of files no longer referenced. */
  delete?(key: string): Promise<void>;
  /** Optional: writes text given as pieces (UTF-8) without joining them first; as `put` otherwise. */
  putPieces?(key: string, pieces: readonly string[]): Promise<void>;
}

/** Writes text pieces under `key`: piece by piece where the storage can, else joined. */
export async function putTextPieces(
  storage: StateStorage,
  key: string,
  pieces: readonly string[],
): Promise<void> {
  if (storage.putPieces) await storage.putPieces(key, pieces);
  else await storage.put(key, Buffer.from(pieces.join(""), "utf8"));
}

const SAFE_KEY = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** State in a local directory (the CLI uses `<report-dir>/state`). Files are written 0600. */
export class LocalStateStorage implements StateStorage {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key) || key.split("/").some((p) => p === "." || p === "..")) {
      throw new FingerprintError(`invalid state key ${JSON.stringify(key)}`);
    }
    return path.join(this.root, ...key.split("/"));
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.write(key, bytes);
  }

  /** Each piece is encoded as it is written (memory: one piece, not the whole text). */
  async putPieces(key: string, pieces: readonly string[]): Promise<void> {
    await this.write(key, pieces);
  }

  private async write(key: string, data: Uint8Array | readonly string[]): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temporary, data, { mode: 0o600 });
    await rename(temporary, file);
  }

  /** Removes the file and the directories it leaves empty (up to the root). */
  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    const root = path.resolve(this.root);
    for (let dir = path.dirname(path.resolve(file)); dir !== root && dir.startsWith(root); ) {
      try {
        await rmdir(dir);
      } catch {
        break; // not empty (or gone): stop climbing
      }
      dir = path.dirname(dir);
    }
  }
}

/** State kept in memory only (tests, and runs with nowhere to keep it). */
export class MemoryStateStorage implements StateStorage {
  readonly files = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | null> {
    return this.files.get(key) ?? null;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.files.set(key, Uint8Array.from(bytes));
  }

  async delete(key: string): Promise<void> {
    this.files.delete(key);
  }
}
