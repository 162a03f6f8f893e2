// A report store in memory: for runs with no report location (partials still need somewhere to be
// between the phases), and for tests. Nothing outlives the process.
import { checkKey, checkPrefix, type ReportStore } from "./store.ts";

export class MemoryReportStore implements ReportStore {
  readonly files = new Map<string, string | Uint8Array>();

  async put(key: string, body: string): Promise<void> {
    this.files.set(checkKey(key), body);
  }

  async putBytes(key: string, body: Uint8Array, _contentType?: string): Promise<void> {
    this.files.set(checkKey(key), Uint8Array.from(body));
  }

  async get(key: string): Promise<string | null> {
    const body = this.files.get(checkKey(key));
    if (body === undefined) return null;
    return typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  }

  async getBytes(key: string): Promise<Uint8Array | null> {
    const body = this.files.get(checkKey(key));
    if (body === undefined) return null;
    return typeof body === "string" ? Buffer.from(body, "utf8") : body;
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
