// Sampling of objects over the per-object cap: the head plus spread ranges cut to whole records,
// for local files (ranged reads) and S3 objects (ranged GETs on s3rver) alike.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding, Summary, UnitCoverage } from "../../packages/core/index.ts";
import { runScan } from "../../packages/engine/index.ts";
import { fileInput, planWindows, samplingInput } from "../../packages/formats/index.ts";
import { type S3rverHandle, startS3rver, uploadDirectory } from "../helpers/s3rver.ts";

const CAP = 256 * 1024;
const ssn = (i: number) =>
  `${String(101 + ((i * 37) % 299)).padStart(3, "0")}-${String(10 + ((i * 13) % 89)).padStart(2, "0")}-${String(1001 + ((i * 7919) % 8998)).padStart(4, "0")}`;

let root: string;
let store: string;

const FILES = {
  "big.csv": () =>
    `id,name,ssn,city\n${Array.from({ length: 60_000 }, (_, i) => `${i},Customer ${i},${ssn(i)},Springfield`).join("\n")}\n`,
  "quoted.csv": () =>
    `id,ssn,comment\n${Array.from({ length: 30_000 }, (_, i) => `${i},${ssn(i)},"line one\nline ""two"", ${i}"`).join("\n")}\n`,
  "big.jsonl": () =>
    `${Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ id: i, customer: { ssn: ssn(i), note: `n${i}` } })).join("\n")}\n`,
  "big.json": () =>
    JSON.stringify({ customers: Array.from({ length: 30_000 }, (_, i) => ({ id: i, ssn: ssn(i) })) }),
  "big.csv.gz": () =>
    gzipSync(`id,ssn\n${Array.from({ length: 400_000 }, (_, i) => `${i},${ssn(i)}`).join("\n")}\n`, {
      level: 1,
    }),
  "small.csv": () => `id,ssn\n1,${ssn(1)}\n`,
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sampling-"));
  store = path.join(root, "acme-dev-big");
  await mkdir(store, { recursive: true });
  for (const [name, make] of Object.entries(FILES)) await writeFile(path.join(store, name), make());
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("planWindows", () => {
  it("places the head and spread windows within the object, without overlap, within the cap", () => {
    const size = 10 * 1024 ** 2;
    const windows = planWindows(size, { maxObjectBytes: 1024 ** 2, ranges: 8 }) ?? [];
    expect(windows).toHaveLength(9);
    expect(windows[0]?.start).toBe(0);
    let total = 0;
    for (const [i, w] of windows.entries()) {
      total += w.end - w.start;
      expect(w.end).toBeLessThanOrEqual(size);
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual(windows[i - 1]?.end ?? 0);
    }
    expect(total).toBeLessThanOrEqual(1024 ** 2);
    // The last window reaches into the last ninth of the object: the sample spans it.
    expect(windows.at(-1)?.end).toBeGreaterThan(size * 0.9);
  });

  it("takes fewer ranges when the cap is small, and none when the object fits", () => {
    expect(planWindows(10 * 1024 ** 2, { maxObjectBytes: 64 * 1024, ranges: 8 })).toHaveLength(4);
    expect(planWindows(1000, { maxObjectBytes: 64 * 1024, ranges: 8 })).toBeNull();
  });
});

describe("samplingInput", () => {
  it("yields whole lines only, the header first", async () => {
    const file = path.join(store, "big.csv");
    const sampled = samplingInput(fileInput(file, { name: "big.csv" }), { maxObjectBytes: CAP, ranges: 8 });
    expect(sampled).not.toBeNull();
    const parts: Buffer[] = [];
    for await (const chunk of sampled?.input.open() ?? []) parts.push(Buffer.from(chunk));
    const text = Buffer.concat(parts).toString("utf8");
    expect(text.length).toBeLessThanOrEqual(CAP);
    const lines = text.split("\n");
    expect(lines[0]).toBe("id,name,ssn,city");
    expect(lines.pop()).toBe("");
    for (const line of lines.slice(1))
      expect(line).toMatch(/^\d+,Customer \d+,\d{3}-\d{2}-\d{4},Springfield$/);
    expect(sampled?.state).toMatchObject({ mode: "ranges", basis: "csv", rangesPlanned: 9, rangesRead: 9 });
    // Rows come from all over the file, not just its start.
    const ids = lines.slice(1).map((l) => Number(l.split(",")[0]));
    expect(Math.max(...ids)).toBeGreaterThan(55_000);
  });

  it("leaves objects within the cap alone", () => {
    expect(
      samplingInput(fileInput(path.join(store, "small.csv")), { maxObjectBytes: CAP, ranges: 8 }),
    ).toBeNull();
  });
});

function byObject(summary: Summary): Record<string, UnitCoverage> {
  return Object.fromEntries(summary.coverage.units.map((u) => [u.object, u]));
}
const ssnFinding = (findings: Finding[], object: string) =>
  findings.find((f) => f.location.object === object && f.dataType === "US_SSN" && f.exposure === "plaintext");

describe("scanning objects over the cap", () => {
  let summary: Summary;
  let findings: Finding[];
  beforeAll(async () => {
    ({ summary, findings } = await runScan({ targets: [store], limits: { maxBytes: CAP } }));
  });

  it("samples record-aligned formats: scanned, sampled, no half rows, honest byte counts", () => {
    const units = byObject(summary);
    for (const name of ["big.csv", "big.jsonl"]) {
      const unit = units[name];
      expect(unit, name).toMatchObject({ status: "scanned", reason: null, sampled: true });
      expect(unit?.bytesRead).toBeGreaterThan(CAP * 0.8);
      expect(unit?.bytesRead).toBeLessThanOrEqual(CAP);
      expect(unit?.note).toMatch(
        /^sampled: the head and 8 of 8 spread ranges, cut to whole (csv|jsonl) records/,
      );
      const finding = ssnFinding(findings, name);
      // A half-read row would hold a cut SSN: every value examined is a whole one.
      expect(finding?.matchCount, name).toBe(finding?.valueCount);
      expect(finding?.matchCount, name).toBe(unit?.records);
    }
    expect(summary.coverage.sampled).toBe(5);
    expect(units["small.csv"]).toMatchObject({ status: "scanned", sampled: false, note: null });
  });

  it("keeps quoted multi-line CSV fields from swallowing later ranges", () => {
    const unit = byObject(summary)["quoted.csv"];
    expect(unit).toMatchObject({ sampled: true });
    expect(unit?.records).toBeGreaterThan(1000);
    const finding = ssnFinding(findings, "quoted.csv");
    expect(finding?.matchCount).toBeGreaterThan(1000);
  });

  it("reads only the head of a JSON document or a gzip object, marked sampled and partial", () => {
    const units = byObject(summary);
    expect(units["big.json"]).toMatchObject({ status: "partial", reason: "too-large", sampled: true });
    expect(units["big.json"]?.note).toMatch(/^sampled: read from the start up to the cap \(a JSON document/);
    expect(units["big.csv.gz"]).toMatchObject({
      status: "partial",
      reason: "decompression-limit",
      sampled: true,
    });
    expect(units["big.csv.gz"]?.note).toMatch(/gzip cannot be read from the middle/);
    expect(ssnFinding(findings, "big.csv.gz")?.matchCount).toBeGreaterThan(1000);
  });

  it("samples an S3 object with ranged GETs exactly as the local file", async () => {
    const s3: S3rverHandle = await startS3rver();
    try {
      await uploadDirectory(s3.client, "acme-dev-big", store);
      const remote = await runScan({
        targets: ["s3://acme-dev-big"],
        limits: { maxBytes: CAP },
        targetOptions: { s3Client: s3.client },
      });
      const strip = (u: UnitCoverage) => ({ ...u, store: "" });
      expect(remote.summary.coverage.units.map(strip)).toEqual(summary.coverage.units.map(strip));
      const key = (f: Finding) => ({ ...f, id: "", location: { ...f.location, store: "" } });
      expect(remote.findings.map(key)).toEqual(findings.map(key));
    } finally {
      await s3.close();
    }
  });
});
