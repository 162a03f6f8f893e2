// A report store in a local directory. Files are written to a temporary name and renamed into place.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ReportStoreError } from "../errors.ts";
import { checkKey, checkPrefix, type ReportStore } from "./store.ts";

/** Temporary files of an unfinished `put`: hidden from `list`. */
const TEMP = /^\..*\.tmp$/;

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException)?.code === "ENOENT";

export class LocalDirectoryReportStore implements ReportStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split("/"));
  }

  locate(key: string): string {
    return this.pathOf(key);
  }

  /** The content type is not kept: a file's extension says it. */
  async put(key: string, body: string, _contentType?: string): Promise<void> {
    return this.write(key, body);
  }

  async putBytes(key: string, body: Uint8Array, _contentType?: string): Promise<void> {
    return this.write(key, body);
  }

  private async write(key: string, body: string | Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    const temp = path.join(
      path.dirname(target),
      `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
    );
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temp, body, typeof body === "string" ? "utf8" : null);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw new ReportStoreError(`cannot write ${target}`, { cause: error });
    }
  }

  async get(key: string): Promise<string | null> {
    return this.read(key, (file) => readFile(file, "utf8"));
  }

  async getBytes(key: string): Promise<Uint8Array | null> {
    return this.read(key, (file) => readFile(file));
  }

  private async read<T>(key: string, readAs: (file: string) => Promise<T>): Promise<T | null> {
    try {
      return await readAs(this.pathOf(key));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new ReportStoreError(`cannot read ${this.pathOf(key)}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<string[]> {
    checkPrefix(prefix);
    // Walk only the deepest directory the prefix names.
    const dirPart = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
    const keys: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(path.join(this.root, ...relative.split("/").filter(Boolean)), {
          withFileTypes: true,
        });
      } catch (error) {
        if (isNotFound(error)) return;
        throw new ReportStoreError(`cannot list ${this.root}`, { cause: error });
      }
      for (const entry of entries) {
        const key = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) await walk(key);
        } else if (entry.isFile() && !TEMP.test(entry.name) && key.startsWith(prefix)) keys.push(key);
      }
    };
    await walk(dirPart);
    return keys.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    const dirs = new Set<string>();
    for (const key of keys) {
      const file = this.pathOf(key);
      try {
        await rm(file, { force: true });
      } catch (error) {
        throw new ReportStoreError(`cannot delete ${file}`, { cause: error });
      }
      dirs.add(path.dirname(file));
    }
    // Directories emptied by the delete go too (as in a bucket, where prefixes are not objects).
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await this.pruneEmpty(dir);
  }

  private async pruneEmpty(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(`${this.root}${path.sep}`)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty, or gone
      }
      current = path.dirname(current);
    }
  }
}
