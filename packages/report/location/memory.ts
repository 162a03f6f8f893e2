// A report store in memory: for runs with no report location (partials still need somewhere to be
// between the phases), and for tests. Nothing outlives the process.
import { checkKey, checkPrefix, type ReportStore } from "./store.ts";

export class MemoryReportStore implements ReportStore {
  readonly files = new Map<string, string>();

  async put(key: string, body: string): Promise<void> {
    this.files.set(checkKey(key), body);
  }

  async get(key: string): Promise<string | null> {
    return this.files.get(checkKey(key)) ?? null;
  }

  async list(prefix: string): Promise<string[]> {
    checkPrefix(prefix);
    return [...this.files.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.files.delete(key);
  }

  locate(key: string): string {
    return `memory:${key}`;
  }
}
