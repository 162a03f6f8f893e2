import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STORE_NAMES, generateDemoLake } from "../../packages/demo/generate-lake.ts";
import { listFiles } from "../corpus/files.ts";

let root: string;
let stores: string[];
let elapsedMs: number;

const SSN = /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g;

async function storeText(store: string): Promise<string> {
  const files = await listFiles(store);
  const parts = await Promise.all(files.map((f) => readFile(path.join(store, f), "latin1")));
  return parts.join("\n");
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "demo-lake-"));
  const t = performance.now();
  ({ stores } = await generateDemoLake(path.join(root, "lake")));
  elapsedMs = performance.now() - t;
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("generateDemoLake", () => {
  it("returns one directory per store, named like buckets", () => {
    expect(stores.map((s) => path.basename(s))).toEqual([...DEMO_STORE_NAMES]);
  });

  it("is small, fast and deterministic", async () => {
    expect(elapsedMs).toBeLessThan(1000);
    let bytes = 0;
    const hash = async (lake: string) => {
      const h = createHash("sha256");
      for (const f of await listFiles(lake)) {
        const content = await readFile(path.join(lake, f));
        h.update(f).update(content);
      }
      return h.digest("hex");
    };
    for (const f of await listFiles(path.join(root, "lake")))
      bytes += (await stat(path.join(root, "lake", f))).size;
    expect(bytes).toBeLessThan(2 * 1024 ** 2);
    await generateDemoLake(path.join(root, "again"));
    expect(await hash(path.join(root, "again"))).toBe(await hash(path.join(root, "lake")));
  });

  it("regenerates in place without leftovers", async () => {
    const lake = path.join(root, "lake");
    const before = await listFiles(lake);
    await generateDemoLake(lake);
    expect(await listFiles(lake)).toEqual(before);
  });

  it("copies production SSNs into the QA store, and none into the orders store", async () => {
    const [prod, qa, , , , orders] = await Promise.all(stores.map(storeText));
    const prodSsns = new Set(prod?.match(SSN) ?? []);
    const copied = (qa?.match(SSN) ?? []).filter((s) => prodSsns.has(s));
    expect(copied.length).toBeGreaterThan(20);
    expect(orders?.match(SSN) ?? []).toEqual([]);
  });
});
