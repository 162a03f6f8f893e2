// The S3 source against a real S3-compatible server (s3rver on 127.0.0.1) through the real SDK:
// pagination, prefixes, streaming into the format readers, include/exclude, stores that cannot be
// read, objects that may not be read, and local directories mixed in the same run.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Summary } from "../../../packages/core/index.ts";
import { runScan } from "../../../packages/engine/index.ts";
import { renderReportHtml } from "../../../packages/report/index.ts";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy.ts";
import { createBucket, putObject, type S3rverHandle, startS3rver } from "../../helpers/s3rver.ts";

const ssn = (i: number) =>
  `${String(101 + ((i * 37) % 299)).padStart(3, "0")}-${String(10 + ((i * 13) % 89)).padStart(2, "0")}-${String(1001 + ((i * 7919) % 8998)).padStart(4, "0")}`;

const QA = "acme-qa-exports";
const OBJECTS: Record<string, string | Uint8Array> = {
  "customers.csv": `id,name,ssn\n${Array.from({ length: 30 }, (_, i) => `${i},Customer ${i},${ssn(i)}`).join("\n")}\n`,
  "nested/orders.jsonl": `${Array.from({ length: 10 }, (_, i) => JSON.stringify({ order: i, customer: { ssn: ssn(100 + i) } })).join("\n")}\n`,
  "nested/archive.csv.gz": gzipSync(
    `id,tax_id\n${Array.from({ length: 12 }, (_, i) => `${i},${ssn(200 + i)}`).join("\n")}\n`,
  ),
  "empty.txt": "",
  "logs/app.log": "nothing to see\n",
  "secret/restricted.csv": `id,ssn\n1,${ssn(300)}\n`,
  ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`filler/part-${i}.txt`, `plain text ${i}\n`])),
};

let s3: S3rverHandle;
let root: string;

beforeAll(async () => {
  s3 = await startS3rver();
  await createBucket(s3.client, QA);
  for (const [key, body] of Object.entries(OBJECTS)) await putObject(s3.client, QA, key, body);
  root = await mkdtemp(path.join(tmpdir(), "s3-source-"));
});
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

const scan = (targets: string[], extra: Partial<Parameters<typeof runScan>[0]> = {}) =>
  runScan({ targets, targetOptions: { s3Client: s3.client, s3PageSize: 3 }, ...extra });

describe("S3 source over s3rver", () => {
  it("lists every page, streams objects into the readers and accounts for each", async () => {
    const { summary, findings } = await scan([`s3://${QA}`]);
    Summary.parse(summary);
    const units = Object.fromEntries(summary.coverage.units.map((u) => [u.object, [u.status, u.reason]]));
    expect(Object.keys(units).sort()).toEqual(Object.keys(OBJECTS).sort());
    expect(units["customers.csv"]).toEqual(["scanned", null]);
    expect(units["nested/archive.csv.gz"]).toEqual(["scanned", null]);
    expect(units["empty.txt"]).toEqual(["skipped", "empty"]);
    const plaintext = findings
      .filter((f) => f.exposure === "plaintext")
      .map((f) => [f.location.object, f.location.field, f.matchCount]);
    expect(plaintext).toEqual(
      expect.arrayContaining([
        ["customers.csv", "ssn", 30],
        ["nested/orders.jsonl", "customer.ssn", 10],
        ["nested/archive.csv.gz", "tax_id", 12],
      ]),
    );
    for (const f of findings) {
      expect(f.location.store).toBe(`s3://${QA}`);
      expect(f.location.container).toBe(QA);
      expect(f).toMatchObject({ environment: "non-production", environmentRule: "name" });
    }
    const [store] = summary.stores;
    expect(store).toMatchObject({ store: `s3://${QA}`, objects: Object.keys(OBJECTS).length, error: null });
    expect(store?.posture.encryption).toBe("unknown");
  });

  it("scans only a prefix, naming objects by their full key", async () => {
    const { summary } = await scan([`s3://${QA}/nested/`]);
    expect(summary.stores[0]?.store).toBe(`s3://${QA}/nested/`);
    expect(summary.coverage.units.map((u) => u.object).sort()).toEqual([
      "nested/archive.csv.gz",
      "nested/orders.jsonl",
    ]);
  });

  it("records excluded keys as skipped without reading them", async () => {
    const { summary } = await scan([`s3://${QA}`], {
      select: { include: ["*.csv", "*.jsonl", "*.log"], exclude: ["logs/**"] },
    });
    const byReason = summary.coverage.units.filter((u) => u.reason === "excluded").map((u) => u.object);
    expect(byReason.sort()).toEqual(
      [
        "empty.txt",
        "logs/app.log",
        "nested/archive.csv.gz",
        ...Object.keys(OBJECTS).filter((k) => k.startsWith("filler/")),
      ].sort(),
    );
    expect(summary.coverage.listed).toBe(Object.keys(OBJECTS).length);
    for (const u of summary.coverage.units.filter((x) => x.reason === "excluded"))
      expect(u.bytesRead).toBe(0);
  });

  it("records a bucket that does not exist as a store error and goes on with the others", async () => {
    const local = path.join(root, "acme-prod-customers");
    await mkdir(local, { recursive: true });
    await writeFile(
      path.join(local, "people.csv"),
      `id,ssn\n${Array.from({ length: 5 }, (_, i) => `${i},${ssn(400 + i)}`).join("\n")}\n`,
    );
    const { summary, findings } = await scan(["s3://acme-stage-missing", `s3://${QA}`, local]);
    const [missing, qa, dir] = summary.stores;
    expect(missing).toMatchObject({
      store: "s3://acme-stage-missing",
      environment: "non-production",
      environmentRule: "name",
      objects: 0,
      error: { reason: "not-found" },
    });
    expect(qa?.error).toBeNull();
    expect(dir).toMatchObject({
      environment: "production",
      environmentRule: "name",
      container: "acme-prod-customers",
    });
    expect(
      findings.some((f) => f.location.container === "acme-prod-customers" && f.severity === "high"),
    ).toBe(true);
    expect(summary.coverage.listed).toBe(Object.keys(OBJECTS).length + 1);
  });
});

describe("access denied, through a proxy answering 403 for chosen calls", () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    await createBucket(s3.client, "acme-dev-locked");
    await putObject(s3.client, "acme-dev-locked", "a.csv", "id\n1\n");
    await createBucket(s3.client, "acme-dev-nolist");
    proxy = await startFaultProxy(s3.endpoint, [
      {
        name: "object-denied",
        when: (r) => r.method === "GET" && r.bucket === QA && r.key === "secret/restricted.csv",
        fault: { kind: "error", status: 403, code: "AccessDenied" },
        times: Number.POSITIVE_INFINITY,
      },
      {
        name: "bucket-denied",
        when: (r) => r.bucket === "acme-dev-locked",
        fault: { kind: "error", status: 403, code: "AccessDenied" },
        times: Number.POSITIVE_INFINITY,
      },
      {
        name: "list-denied",
        when: (r) => r.bucket === "acme-dev-nolist" && r.query.get("list-type") === "2",
        fault: { kind: "error", status: 403, code: "AccessDenied" },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
  });
  afterAll(() => proxy.close());

  it("skips a denied object, records denied buckets on their stores, and completes the run", async () => {
    const client = s3.clientFor(proxy.endpoint);
    const { summary } = await runScan({
      targets: ["s3://acme-dev-locked", "s3://acme-dev-nolist", `s3://${QA}`],
      targetOptions: { s3Client: client },
    });
    const [locked, nolist, qa] = summary.stores;
    expect(locked?.error).toEqual({
      reason: "access-denied",
      message: "bucket acme-dev-locked cannot be read: HeadBucket Forbidden (HTTP 403)",
    });
    expect(nolist?.error).toEqual({
      reason: "access-denied",
      message: "ListObjectsV2 on acme-dev-nolist failed after 0 objects: AccessDenied (HTTP 403)",
    });
    expect(qa?.error).toBeNull();
    const denied = summary.coverage.units.find((u) => u.object === "secret/restricted.csv");
    expect(denied).toMatchObject({ status: "skipped", reason: "access-denied", bytesRead: 0 });
    expect(denied?.note).toMatch(/AccessDenied \(HTTP 403\)/);
    expect(summary.coverage.skippedByReason["access-denied"]).toBe(1);
    // The auditor's page says which stores could not be read, and why.
    const page = renderReportHtml([], summary);
    expect(page).toContain("not readable");
    expect(page).toContain(
      "ListObjectsV2 on acme-dev-nolist failed after 0 objects: AccessDenied (HTTP 403)",
    );
  });
});
