// A local directory as a data store: every regular file below it is a unit.
import { opendir, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ReaderInput } from "../core/index.ts";
import { fileInput } from "../formats/index.ts";
import { SourceError } from "./errors.ts";
import type { Source, StoreInfo, UnitRef } from "./source.ts";

export class LocalDirectorySource implements Source {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async describe(): Promise<StoreInfo> {
    const info = await stat(this.root).catch((cause: unknown) => {
      throw new SourceError(`cannot open directory ${this.root}`, { cause });
    });
    if (!info.isDirectory()) throw new SourceError(`not a directory: ${this.root}`);
    return {
      store: pathToFileURL(this.root).href,
      container: path.basename(this.root),
      tags: {},
      posture: { kind: "local-directory" },
    };
  }

  async *list(): AsyncIterable<UnitRef> {
    yield* this.walk(this.root);
  }

  open(unit: UnitRef): ReaderInput {
    return { ...fileInput(path.join(this.root, ...unit.key.split("/"))), name: unit.key };
  }

  private async *walk(dir: string): AsyncIterable<UnitRef> {
    const entries = [];
    for await (const entry of await opendir(dir)) entries.push(entry);
    // Sorted so runs list units in a stable order.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* this.walk(full);
      else if (entry.isFile()) {
        const key = path.relative(this.root, full).split(path.sep).join("/");
        // Size, mtime and ctime (ns): a rewrite changes ctime even when a tool restores the mtime.
        const info = await stat(full, { bigint: true });
        yield { key, size: Number(info.size), stamp: `${info.size}:${info.mtimeNs}:${info.ctimeNs}` };
      }
    }
  }
}
