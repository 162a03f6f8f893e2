// End to end through the CLI with a known key in the environment: no output byte carries the key, in
// any encoding, and fingerprints under two keys differ.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import { KEY_ENV_VAR } from "../../packages/fingerprints/index.ts";
import { listFiles } from "../corpus/files.ts";
import { runCli } from "../helpers/leaks.ts";
import { keyForms } from "./helpers.ts";

const KEY = Buffer.from("0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff", "hex");
const OTHER_KEY = Buffer.from("ff".repeat(16) + "00".repeat(16), "hex");

/** Every form the key could take: text encodings, and the raw bytes (hex of the file bytes). */
function leaksIn(bytes: Buffer, key: Buffer): string[] {
  const found: string[] = [];
  const texts = [bytes.toString("utf8"), bytes.toString("latin1"), bytes.toString("utf16le")];
  for (const form of keyForms(key)) if (texts.some((t) => t.includes(form))) found.push(form.slice(0, 6));
  if (bytes.includes(key)) found.push("raw bytes");
  // Half a key is a leak too.
  if (bytes.includes(key.subarray(0, 16)) || bytes.includes(key.subarray(16))) found.push("raw half");
  return found;
}

let root: string;
let stores: string[];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-key-leak-"));
  ({ stores } = await generateDemoLake(path.join(root, "lake")));
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe("the fingerprint key never appears in any output", () => {
  it("scans production and test stores with a key from the environment; no stdout, stderr or file byte holds it", async () => {
    const reportDir = path.join(root, "reports");
    const run = await runCli(["scan", ...stores, "--report-dir", reportDir], {
      [KEY_ENV_VAR]: KEY.toString("hex"),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/confirmed: values match production/);
    expect(leaksIn(Buffer.from(run.stdout + run.stderr), KEY)).toEqual([]);
    const files = await listFiles(reportDir);
    expect(files.some((f) => f.startsWith("state/fingerprints/"))).toBe(true);
    expect(files).not.toContain("state/fingerprint.key"); // a key was given: none is generated
    for (const f of files) expect(leaksIn(await readFile(path.join(reportDir, f)), KEY), f).toEqual([]);
  }, 60_000);

  it("stores different fingerprints under two keys", async () => {
    const dirs = [path.join(root, "k1"), path.join(root, "k2")];
    const keys = [KEY, OTHER_KEY];
    for (const [i, dir] of dirs.entries()) {
      const run = await runCli(["scan", ...stores, "--report-dir", dir], {
        [KEY_ENV_VAR]: (keys[i] as Buffer).toString("base64"),
      });
      expect(run.code, run.stderr).toBe(0);
    }
    const shards = await Promise.all(
      dirs.map(async (dir) => {
        const files = (await listFiles(dir)).filter((f) => f.includes("/US_SSN/") && f.endsWith(".bin"));
        expect(files).toHaveLength(1);
        return { name: files[0] as string, bytes: await readFile(path.join(dir, files[0] as string)) };
      }),
    );
    const [a, b] = shards as [{ name: string; bytes: Buffer }, { name: string; bytes: Buffer }];
    expect(a.name).not.toBe(b.name); // key ids differ
    expect(a.bytes.length).toBe(b.bytes.length);
    const fps = (x: Buffer) => {
      const set = new Set<string>();
      for (let at = 32; at + 8 <= 32 + ((x.length - 32) / 10) * 8; at += 8)
        set.add(x.subarray(at, at + 8).toString("hex"));
      return set;
    };
    const fa = fps(a.bytes);
    expect(fa.size).toBeGreaterThan(100);
    expect([...fps(b.bytes)].filter((fp) => fa.has(fp))).toEqual([]);
  }, 60_000);

  it("refuses a malformed key with exit 2 and without quoting it", async () => {
    const bad = "deadbeef".repeat(3);
    const run = await runCli(["scan", stores[0] as string, "--report-dir", path.join(root, "bad")], {
      [KEY_ENV_VAR]: bad,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/EXPOSURE_AUDIT_FINGERPRINT_KEY is not hex or base64/);
    expect(run.stderr + run.stdout).not.toContain(bad);
  });
});
