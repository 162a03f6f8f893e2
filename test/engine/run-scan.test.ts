import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { Finding, Summary } from "../../packages/core/index.ts";
import { runScan } from "../../packages/engine/index.ts";

// Valid-looking synthetic SSNs made by arithmetic (areas 101–399, never the published examples).
const ssn = (i: number) =>
  `${String(101 + ((i * 37) % 299)).padStart(3, "0")}-${String(10 + ((i * 13) % 89)).padStart(2, "0")}-${String(1001 + ((i * 7919) % 8998)).padStart(4, "0")}`;

let root: string;
let store: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-engine-"));
  store = path.join(root, "acme-qa-exports");
  await mkdir(path.join(store, "nested"), { recursive: true });
  const rows = Array.from(
    { length: 50 },
    (_, i) => `${i},Customer ${i},${ssn(i)},555-010-${String(1000 + i)}`,
  );
  await writeFile(path.join(store, "customers.csv"), ["id,name,ssn,phone", ...rows].join("\n"));
  const masked = Array.from({ length: 20 }, (_, i) => `${i},***-**-${String(1000 + i)}`);
  await writeFile(path.join(store, "masked.csv"), ["id,ssn", ...masked].join("\n"));
  await writeFile(
    path.join(store, "nested", "orders.csv.gz"),
    gzipSync("order_id,total\n1001,20.00\n1002,31.50\n"),
  );
  await writeFile(path.join(store, "empty.txt"), "");
  await writeFile(
    path.join(store, "image.bin"),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0]),
  );
});

describe("runScan over a local directory", () => {
  it("reports the plaintext SSN column once, field-level, and the masked column as protected", async () => {
    const { findings } = await runScan({ targets: [store] });
    const plaintext = findings.filter((f) => f.exposure === "plaintext");
    expect(plaintext.map((f) => [f.location.object, f.location.field, f.dataType])).toEqual([
      ["customers.csv", "ssn", "US_SSN"],
    ]);
    const [finding] = plaintext;
    expect(finding).toMatchObject({
      matchCount: 50,
      valueCount: 50,
      distinctCount: 50,
      environment: "non-production",
      environmentRule: "name",
      realData: "likely",
      severity: "high",
    });
    for (const sample of finding?.evidence ?? []) expect(sample).toMatch(/^\*\*\*-\*\*-\d{4}$/);
    const masked = findings.find((f) => f.location.object === "masked.csv");
    expect(masked).toMatchObject({ exposure: "masked", severity: "info", location: { field: "ssn" } });
    for (const f of findings) Finding.parse(f);
  });

  it("accounts for every file: scanned, or skipped with a reason", async () => {
    const { summary } = await runScan({ targets: [store] });
    Summary.parse(summary);
    const byObject = Object.fromEntries(summary.coverage.units.map((u) => [u.object, [u.status, u.reason]]));
    expect(byObject).toEqual({
      "customers.csv": ["scanned", null],
      "empty.txt": ["skipped", "empty"],
      "image.bin": ["skipped", "binary"],
      "masked.csv": ["scanned", null],
      "nested/orders.csv.gz": ["scanned", null],
    });
    expect(summary.coverage).toMatchObject({ listed: 5, scanned: 3, skipped: 2, partial: 0 });
    expect(summary.coverage.skippedByReason).toEqual({ empty: 1, binary: 1 });
  });

  it("keeps finding ids stable across runs", async () => {
    const first = await runScan({ targets: [store] });
    const second = await runScan({ targets: [store] });
    expect(second.findings.map((f) => f.id)).toEqual(first.findings.map((f) => f.id));
    expect(second.summary.runId).not.toBe(first.summary.runId);
  });

  it("writes the run under runs/<date>/<run-id>/ and latest.json last", async () => {
    const reportDir = path.join(root, "out");
    const result = await runScan({ targets: [store], reportDir });
    const latest = JSON.parse(await readFile(path.join(reportDir, "latest.json"), "utf8"));
    expect(latest.runId).toBe(result.summary.runId);
    expect(`${result.runDir}/`).toBe(path.join(reportDir, latest.prefix));
    const lines = (await readFile(path.join(result.runDir as string, "findings.jsonl"), "utf8"))
      .trim()
      .split("\n");
    expect(lines).toHaveLength(result.findings.length);
  });
});
