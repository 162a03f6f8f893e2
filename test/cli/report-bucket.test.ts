// `exposure-audit scan … --report-bucket s3://…` against a real S3-compatible server (s3rver), through the real SDK.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LatestPointer, Summary } from "../../packages/core/schemas.ts";
import { S3BucketReportStore } from "../../packages/report/index.ts";
import { createRng, syntheticSsn } from "../../packages/synth/index.ts";
import { runCli as runCliWith } from "../helpers/leaks.ts";
import { type ReportS3rver, S3RVER_CREDENTIALS, startReportS3rver } from "../helpers/s3rver-report.ts";

const BUCKET = "acme-audit-reports";

let s3: ReportS3rver;
let root: string;
let target: string;

const runCli = (args: string[]) =>
  runCliWith(args, {
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });

const bucketArgs = () => [
  "--report-bucket",
  `s3://${BUCKET}/nightly`,
  "--endpoint-url",
  s3.endpoint,
  "--region",
  "us-east-1",
];

beforeAll(async () => {
  s3 = await startReportS3rver();
  await s3.createBucket(BUCKET);
  root = await mkdtemp(path.join(tmpdir(), "ea-cli-bucket-"));
  target = path.join(root, "acme-qa-exports");
  await mkdir(target, { recursive: true });
  const rng = createRng(7);
  const rows = Array.from({ length: 30 }, (_, i) => `${i},${syntheticSsn(rng)}`);
  await writeFile(path.join(target, "customers.csv"), `id,ssn\n${rows.join("\n")}\n`);
});
afterAll(async () => {
  await s3?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("the CLI writing to a report bucket", () => {
  it("publishes the run under runs/<date>/<run-id>/ in the bucket and latest.json last", async () => {
    const result = await runCli(["scan", target, ...bucketArgs()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`Report: s3://${BUCKET}/nightly/runs/\\d{4}-\\d{2}-\\d{2}/[^/]+/report\\.html`),
    );

    const store = new S3BucketReportStore({ client: s3.client, bucket: BUCKET, prefix: "nightly" });
    const latest = LatestPointer.parse(JSON.parse((await store.get("latest.json")) ?? ""));
    expect(await store.list(latest.prefix)).toEqual(
      ["findings.csv", "findings.jsonl", "findings.ocsf.json", "report.html", "summary.json"].map(
        (f) => `${latest.prefix}${f}`,
      ),
    );
    const summary = Summary.parse(JSON.parse((await store.get(`${latest.prefix}summary.json`)) ?? ""));
    expect(summary.totals.findings).toBe(1);
    expect(await store.list("partials/")).toEqual([]);
  });

  it("compares the next run with the previous one read back from the bucket", async () => {
    const result = await runCli(["scan", target, ...bucketArgs()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Since run \S+: 0 new, 0 resolved, 1 persisting findings/);
    const store = new S3BucketReportStore({ client: s3.client, bucket: BUCKET, prefix: "nightly" });
    const latest = LatestPointer.parse(JSON.parse((await store.get("latest.json")) ?? ""));
    const summary = Summary.parse(JSON.parse((await store.get(`${latest.prefix}summary.json`)) ?? ""));
    expect(summary.comparison.previousRunId).not.toBeNull();
    expect(summary.trend).toHaveLength(2);
    expect((await store.list("runs/")).filter((k) => k.endsWith("summary.json"))).toHaveLength(2);
  });

  it.each([
    ["both a directory and a bucket", ["--report-dir", "x", "--report-bucket", "s3://acme-audit-reports"]],
    ["a bad bucket URI", ["--report-bucket", "s3://No_Such"]],
    ["an account id without a region", ["--report-dir", "x", "--aws-account-id", "123456789012"]],
    ["a bad account id", ["--report-dir", "x", "--aws-account-id", "12", "--region", "us-east-1"]],
  ])("exits 2 with a one-line reason for %s", async (_label, args) => {
    const result = await runCli(["scan", target, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^exposure-audit: /);
  });
});
