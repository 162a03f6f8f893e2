// Faults between the scanner and a real S3 server (s3rver behind a loopback fault proxy): throttling,
// connections reset mid-body, objects deleted between list and get, archived storage classes. The
// run completes, every listed object is accounted for once, and a retried object is counted once.
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding, Summary, UnitCoverage } from "../../../packages/core/index.ts";
import { runScan } from "../../../packages/engine/index.ts";
import { type FaultProxy, type FaultRule, startFaultProxy } from "../../helpers/fault-proxy.ts";
import { createBucket, putObject, type S3rverHandle, startS3rver } from "../../helpers/s3rver.ts";

const BUCKET = "acme-dev-faults";
const ROWS = 40;

// Valid-looking synthetic SSNs made by arithmetic (areas 101–399, never the published examples).
const ssn = (i: number) =>
  `${String(101 + ((i * 37) % 299)).padStart(3, "0")}-${String(10 + ((i * 13) % 89)).padStart(2, "0")}-${String(1001 + ((i * 7919) % 8998)).padStart(4, "0")}`;
const csv = (seed: number) =>
  `id,name,ssn\n${Array.from({ length: ROWS }, (_, i) => `${i},Customer ${i},${ssn(seed * 1000 + i)}`).join("\n")}\n`;

const KEYS = [
  "a-throttled.csv",
  "b-reset-once.csv",
  "c-deleted.csv",
  "d-reset-always.csv",
  "archive/e-glacier.csv",
  "archive/f-deep.csv",
  "g-plain.csv",
  "h-plain.csv",
  "i-plain.csv",
];

let s3: S3rverHandle;
let proxy: FaultProxy;
let summary: Summary;
let findings: Finding[];
let baseline: Finding[];

const isGet = (key: string) => (r: { method: string; key: string }) => r.method === "GET" && r.key === key;
const isList = (r: { method: string; key: string; query: URLSearchParams }) =>
  r.method === "GET" && r.key === "" && r.query.get("list-type") === "2";

beforeAll(async () => {
  s3 = await startS3rver();
  await createBucket(s3.client, BUCKET);
  for (const [i, key] of KEYS.entries()) await putObject(s3.client, BUCKET, key, csv(i + 1));

  // Fault-free baseline through the same code, straight to s3rver.
  baseline = (
    await runScan({ targets: [`s3://${BUCKET}`], targetOptions: { s3Client: s3.client, s3PageSize: 4 } })
  ).findings;

  const rules: FaultRule[] = [
    { name: "list-slowdown", when: isList, fault: { kind: "slowdown" } },
    { name: "throttle", when: isGet("a-throttled.csv"), fault: { kind: "slowdown" }, times: 2 },
    { name: "reset-once", when: isGet("b-reset-once.csv"), fault: { kind: "reset-mid-body" } },
    {
      name: "delete",
      when: isGet("c-deleted.csv"),
      fault: {
        kind: "before",
        run: async (r) => {
          await s3.client.send(new DeleteObjectCommand({ Bucket: r.bucket, Key: r.key }));
        },
      },
    },
    {
      name: "reset-always",
      when: isGet("d-reset-always.csv"),
      fault: { kind: "reset-mid-body" },
      times: Number.POSITIVE_INFINITY,
    },
    {
      // s3rver lists every object as STANDARD: the proxy rewrites two entries to archive classes.
      name: "archive-classes",
      when: isList,
      times: Number.POSITIVE_INFINITY,
      fault: {
        kind: "rewrite",
        body: (xml) =>
          xml
            .replace(
              /(<Key>archive\/e-glacier\.csv<\/Key>[\s\S]*?<StorageClass>)STANDARD(<\/StorageClass>)/,
              "$1GLACIER$2",
            )
            .replace(
              /(<Key>archive\/f-deep\.csv<\/Key>[\s\S]*?<StorageClass>)STANDARD(<\/StorageClass>)/,
              "$1DEEP_ARCHIVE$2",
            ),
      },
    },
  ];
  proxy = await startFaultProxy(s3.endpoint, rules);
  const client = s3.clientFor(proxy.endpoint, { maxAttempts: 3 });
  ({ summary, findings } = await runScan({
    targets: [`s3://${BUCKET}`],
    targetOptions: { s3Client: client, s3PageSize: 4 },
    concurrency: 4,
    unit: { attempts: 3, retryDelayMs: () => 0 },
  }));
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await s3?.close();
});

const unit = (key: string): UnitCoverage | undefined => summary.coverage.units.find((u) => u.object === key);

describe("S3 faults through a loopback proxy", () => {
  it("injected every fault it was asked to", () => {
    expect(proxy.fired("list-slowdown")).toBe(1);
    expect(proxy.fired("throttle")).toBe(2);
    expect(proxy.fired("reset-once")).toBe(1);
    expect(proxy.fired("delete")).toBe(1);
    expect(proxy.fired("reset-always")).toBe(3);
    // Pages of 4: three ListObjectsV2 answers rewritten (the throttled request got no answer).
    expect(proxy.fired("archive-classes")).toBe(3);
  });

  it("accounts for every listed object exactly once", () => {
    expect(summary.coverage.units.map((u) => u.object).sort()).toEqual([...KEYS].sort());
    expect(summary.coverage.listed).toBe(KEYS.length);
    expect(summary.coverage.scanned + summary.coverage.partial + summary.coverage.skipped).toBe(KEYS.length);
    expect(summary.coverage.skippedByReason).toEqual({ "not-found": 1, "archived-storage-class": 2 });
    expect(summary.stores[0]?.error ?? null).toBeNull();
  });

  it("retries throttled requests (SDK) and reset bodies (unit) to a complete scan", () => {
    expect(unit("a-throttled.csv")).toMatchObject({ status: "scanned", reason: null, records: ROWS });
    expect(unit("b-reset-once.csv")).toMatchObject({ status: "scanned", reason: null, records: ROWS });
    expect(unit("b-reset-once.csv")?.note).toMatch(/attempt 2 after a transient failure/);
  });

  it("does not double-count a retried object", () => {
    const reset = findings.find((f) => f.location.object === "b-reset-once.csv" && f.dataType === "US_SSN");
    expect(reset).toMatchObject({ matchCount: ROWS, valueCount: ROWS, distinctCount: ROWS });
    const strip = (fs: Finding[]) =>
      fs
        .filter((f) => !["c-deleted.csv", "d-reset-always.csv"].includes(f.location.object))
        .filter((f) => !f.location.object.startsWith("archive/"));
    expect(strip(findings)).toEqual(strip(baseline));
  });

  it("records deleted, archived and persistently failing objects as skips, and reads no archived byte", () => {
    expect(unit("c-deleted.csv")).toMatchObject({ status: "skipped", reason: "not-found" });
    expect(unit("archive/e-glacier.csv")).toMatchObject({
      status: "skipped",
      reason: "archived-storage-class",
    });
    expect(unit("archive/f-deep.csv")).toMatchObject({ status: "skipped", reason: "archived-storage-class" });
    expect(proxy.log.filter((r) => r.key.startsWith("archive/"))).toEqual([]);
    // Half of its body arrived on each of 3 attempts: partial, and counted from the last attempt only.
    const failing = unit("d-reset-always.csv");
    expect(failing).toMatchObject({ status: "partial", reason: "read-error" });
    expect(failing?.note).toMatch(/gave up after 3 attempts/);
    expect(failing?.records).toBeLessThan(ROWS);
    const partial = findings.find((f) => f.location.object === "d-reset-always.csv");
    expect(partial?.matchCount).toBeGreaterThan(0);
    expect(partial?.matchCount).toBeLessThanOrEqual(failing?.records ?? 0);
  });
});
