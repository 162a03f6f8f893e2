import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isIssuableSsn, LICENSE_FORMATS, STATE_CODES } from "../../packages/synth/index.ts";
import { listFiles, readPlain } from "./files.ts";
import { generateLabeledCorpus, type Labels, plantedValues } from "./generate.ts";

let root: string;
let dir: string;
let labels: Labels;
let elapsedMs: number;

async function digest(base: string): Promise<string> {
  const hash = createHash("sha256");
  for (const f of await listFiles(base)) hash.update(f).update(await readFile(path.join(base, f)));
  return hash.digest("hex");
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "corpus-gen-"));
  dir = path.join(root, "a");
  const t = performance.now();
  labels = await generateLabeledCorpus(dir);
  elapsedMs = performance.now() - t;
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("generateLabeledCorpus", () => {
  it("is fast and deterministic", async () => {
    expect(elapsedMs).toBeLessThan(2000);
    const again = await generateLabeledCorpus(path.join(root, "b"));
    expect(again).toEqual(labels);
    expect(await digest(path.join(root, "b"))).toBe(await digest(dir));
    await generateLabeledCorpus(path.join(root, "c"), 2);
    expect(await digest(path.join(root, "c"))).not.toBe(await digest(dir));
  });

  it("writes every format, within the intended size", async () => {
    const files = await listFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(files.length).toBeLessThanOrEqual(130);
    for (const ext of [".csv", ".tsv", ".json", ".jsonl", ".parquet", ".txt", ".log", ".sql", ".gz"]) {
      expect(
        files.some((f) => f.endsWith(ext)),
        ext,
      ).toBe(true);
    }
  });

  it("labels only files that exist, each field once", async () => {
    const files = new Set(await listFiles(dir));
    const keys = [...labels.plaintext, ...labels.protected].map((l) =>
      JSON.stringify([l.object, l.field, l.dataType]),
    );
    expect(new Set(keys).size).toBe(keys.length);
    for (const l of [...labels.plaintext, ...labels.protected])
      expect(files.has(l.object), l.object).toBe(true);
    expect(
      labels.plaintext.some((l) => l.object.startsWith("negatives/") || l.object.startsWith("misc/")),
    ).toBe(false);
  });

  it("labels every state's license format on its own", () => {
    for (const state of STATE_CODES) {
      const object = labels.plaintext.find((l) => l.object.startsWith(`dmv/${state.toLowerCase()}-`));
      expect(object, state).toBeDefined();
    }
  });

  it("plants only valid values, and none of them in the negatives", async () => {
    const planted = plantedValues(labels);
    expect(planted.ssnDigits.length).toBeGreaterThan(1000);
    for (const d of planted.ssnDigits) expect(isIssuableSsn(d), "planted SSN must be issuable").toBe(true);
    const patterns = Object.values(LICENSE_FORMATS).map((f) => f.pattern);
    for (const l of planted.licenses) expect(patterns.some((p) => p.test(l))).toBe(true);

    const ssns = new Set(planted.ssnDigits);
    const licenses = new Set(planted.licenses);
    for (const f of (await listFiles(dir)).filter(
      (f) => f.startsWith("negatives/") && !f.endsWith(".parquet"),
    )) {
      const text = (await readPlain(path.join(dir, f))).toString("utf8");
      for (const m of text.matchAll(/(?<!\d)\d{3}[-. ]?\d{2}[-. ]?\d{4}(?!\d)/g)) {
        expect(ssns.has(m[0].replace(/\D/g, "")), `planted SSN in ${f}`).toBe(false);
      }
      for (const m of text.matchAll(/\d{3}-\d{2}-\d{4}/g)) {
        expect(isIssuableSsn(m[0]), `issuable dashed SSN in ${f}`).toBe(false);
      }
      for (const m of text.matchAll(/[0-9A-Z]{7,15}/g))
        expect(licenses.has(m[0]), `planted license in ${f}`).toBe(false);
    }
  });
});
