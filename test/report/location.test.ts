// The report store contract, run against a local directory and a real S3-compatible server (s3rver) through
// the real AWS SDK; then the run layout (runs/<date>/<run-id>/, latest.json last, partials cleaned) on both.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LatestPointer, Summary } from "../../packages/core/schemas.ts";
import {
  cleanPartials,
  InvalidReportKeyError,
  LATEST_KEY,
  LocalDirectoryReportStore,
  parseS3Location,
  publishRun,
  putPartial,
  type ReportStore,
  readLatest,
  readPartials,
  readPreviousRun,
  runPrefix,
  S3BucketReportStore,
} from "../../packages/report/index.ts";
import { type ReportS3rver, startReportS3rver } from "../helpers/s3rver-report.ts";
import { makeFinding, makeSummary } from "./fixtures.ts";

let s3: ReportS3rver;
const dirs: string[] = [];
let bucketCount = 0;

beforeAll(async () => {
  s3 = await startReportS3rver();
});
afterAll(async () => {
  await s3?.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function localStore(): Promise<LocalDirectoryReportStore> {
  const dir = await mkdtemp(path.join(tmpdir(), "report-store-"));
  dirs.push(dir);
  return new LocalDirectoryReportStore(path.join(dir, "reports"));
}

async function bucketStore(prefix = "audit/nightly"): Promise<S3BucketReportStore> {
  const bucket = `report-bucket-${++bucketCount}`;
  await s3.createBucket(bucket);
  return new S3BucketReportStore({ client: s3.client, bucket, prefix });
}

const kinds: [string, () => Promise<ReportStore>][] = [
  ["a local directory", localStore],
  ["an S3 bucket (s3rver)", () => bucketStore()],
];

describe.each(kinds)("the report store contract on %s", (_kind, make) => {
  it("puts and gets text whole, and answers null for a missing key", async () => {
    const store = await make();
    const body = `{"note":"café ✓ 日本"}\n`;
    await store.put("runs/2025-03-01/r1/summary.json", body, "application/json; charset=utf-8");
    expect(await store.get("runs/2025-03-01/r1/summary.json")).toBe(body);
    expect(await store.get("runs/2025-03-01/r1/missing.json")).toBeNull();
    await store.put("runs/2025-03-01/r1/summary.json", "{}\n", "application/json");
    expect(await store.get("runs/2025-03-01/r1/summary.json")).toBe("{}\n");
  });

  it("lists by plain prefix, sorted, and deletes (missing keys are ignored)", async () => {
    const store = await make();
    for (const key of [
      "runs/2025-03-02/b/x.json",
      "runs/2025-03-01/a/x.json",
      "partials/a/1.json",
      "latest.json",
    ])
      await store.put(key, "{}", "application/json");
    expect(await store.list("runs/")).toEqual(["runs/2025-03-01/a/x.json", "runs/2025-03-02/b/x.json"]);
    expect(await store.list("runs/2025-03-0")).toHaveLength(2);
    expect(await store.list("runs/2025-03-01/")).toEqual(["runs/2025-03-01/a/x.json"]);
    expect(await store.list("")).toHaveLength(4);
    expect(await store.list("nothing/")).toEqual([]);
    await store.delete(["partials/a/1.json", "partials/a/never-there.json"]);
    expect(await store.list("partials/")).toEqual([]);
    expect(await store.get("latest.json")).toBe("{}");
  });

  it.each([["../escape.json"], ["/absolute.json"], ["a//b.json"], ["a/./b.json"], ["a\\b.json"], [""]])(
    "refuses the key %j",
    async (key) => {
      const store = await make();
      await expect(store.put(key, "x", "text/plain")).rejects.toThrow(InvalidReportKeyError);
      await expect(store.get(key)).rejects.toThrow(InvalidReportKeyError);
    },
  );
});

describe("the local directory store", () => {
  it("leaves no temporary files and removes directories a delete empties", async () => {
    const store = await localStore();
    await store.put("partials/run-1/a.json", "{}", "application/json");
    await store.put("partials/run-1/b.json", "{}", "application/json");
    expect(await readdir(path.join(store.root, "partials", "run-1"))).toEqual(["a.json", "b.json"]);
    await store.delete(["partials/run-1/a.json", "partials/run-1/b.json"]);
    expect(await readdir(store.root)).toEqual([]);
  });

  it("does not list a half-written file", async () => {
    const store = await localStore();
    await store.put("runs/d/r/summary.json", "{}", "application/json");
    await writeFile(path.join(store.root, "runs", "d", "r", ".report.html.123.abcd.tmp"), "<htm");
    expect(await store.list("runs/")).toEqual(["runs/d/r/summary.json"]);
  });
});

describe("the S3 bucket store", () => {
  it("writes under its prefix with the content type, through the real SDK", async () => {
    const store = await bucketStore("team-a/audit");
    await store.put("latest.json", '{"runId":"x"}\n', "application/json; charset=utf-8");
    const key = "team-a/audit/latest.json";
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
    expect(head.ContentType).toBe("application/json; charset=utf-8");
    const got = await s3.client.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
    expect(await got.Body?.transformToString()).toBe('{"runId":"x"}\n');
    expect(store.locate("latest.json")).toBe(`s3://${store.bucket}/team-a/audit/latest.json`);
    expect(await store.list("")).toEqual(["latest.json"]);
  });

  it("parses report bucket URIs", () => {
    expect(parseS3Location("s3://acme-audit-reports")).toEqual({ bucket: "acme-audit-reports", prefix: "" });
    expect(parseS3Location("s3://acme-audit-reports/nightly/")).toEqual({
      bucket: "acme-audit-reports",
      prefix: "nightly/",
    });
    for (const bad of ["acme", "s3://", "s3://Upper", "s3://ab", "s3://bucket/../x", "https://bucket/x"])
      expect(() => parseS3Location(bad), bad).toThrow(/invalid report bucket/);
  });
});

const sample = (runId: string, startedAt: string, finishedAt: string, objects: string[]) => {
  const findings = objects.map((object) => makeFinding({ location: { object } }));
  return { findings, summary: makeSummary(findings, { runId, startedAt, finishedAt, trend: [] }) };
};

describe.each(kinds)("the run layout on %s", (_kind, make) => {
  it("publishes under runs/<date>/<run-id>/, summary.json last in the run, latest.json after it", async () => {
    const store = await make();
    const puts: string[] = [];
    const spy: ReportStore = {
      ...store,
      put: (key, body, type) => {
        puts.push(key);
        return store.put(key, body, type);
      },
      get: (k) => store.get(k),
      putBytes: (key, body, type) => store.putBytes(key, body, type),
      getBytes: (k) => store.getBytes(k),
      list: (p) => store.list(p),
      delete: (k) => store.delete(k),
      locate: (k) => store.locate(k),
    };
    const run = sample("20250301T020000Z-aaaaaa", "2025-03-01T02:00:00.000Z", "2025-03-01T02:03:00.000Z", [
      "a.csv",
    ]);
    const published = await publishRun(spy, run);
    const prefix = "runs/2025-03-01/20250301T020000Z-aaaaaa/";
    expect(published.prefix).toBe(prefix);
    expect(runPrefix(run.summary)).toBe(prefix);
    expect(puts.at(-1)).toBe(LATEST_KEY);
    expect(puts.at(-2)).toBe(`${prefix}summary.json`);
    expect(await store.list(prefix)).toEqual(
      ["findings.csv", "findings.jsonl", "findings.ocsf.json", "report.html", "summary.json"].map(
        (f) => `${prefix}${f}`,
      ),
    );
    const latest = LatestPointer.parse(JSON.parse((await store.get(LATEST_KEY)) ?? ""));
    expect(latest).toMatchObject({ runId: run.summary.runId, prefix });
    expect(latest.files).toContain("report.html");
    const summary = Summary.parse(JSON.parse((await store.get(`${prefix}summary.json`)) ?? ""));
    expect(summary.comparison.previousRunId).toBeNull();
    expect(summary.trend.map((p) => p.runId)).toEqual([run.summary.runId]);
  });

  it("compares with the previous run through latest.json and continues its trend", async () => {
    const store = await make();
    const first = sample("r1", "2025-03-01T02:00:00.000Z", "2025-03-01T02:03:00.000Z", ["a.csv", "b.csv"]);
    const second = sample("r2", "2025-03-02T02:00:00.000Z", "2025-03-02T02:03:00.000Z", ["b.csv", "c.csv"]);
    await publishRun(store, first);
    const { summary } = await publishRun(store, second);
    expect(summary.comparison).toMatchObject({
      previousRunId: "r1",
      findings: { new: 1, resolved: 1, persisting: 1, unverified: 0 },
      findingSets: { new: 1, resolved: 1, persisting: 1, unverified: 0 },
    });
    expect(summary.comparison.new.map((f) => f.location.object)).toEqual(["c.csv"]);
    expect(summary.comparison.resolved.map((f) => f.location.object)).toEqual(["a.csv"]);
    expect(summary.trend.map((p) => [p.runId, p.findings])).toEqual([
      ["r1", 2],
      ["r2", 2],
    ]);
    expect((await readLatest(store))?.runId).toBe("r2");
    const previous = await readPreviousRun(store);
    expect(previous.previous?.runId).toBe("r2");
    expect(previous.previous?.findings.map((f) => f.location.object).sort()).toEqual(["b.csv", "c.csv"]);
  });

  it("never overwrites a run, and never moves latest.json back to an older run", async () => {
    const store = await make();
    const newer = sample("r-new", "2025-03-02T02:00:00.000Z", "2025-03-02T02:03:00.000Z", ["a.csv"]);
    const older = sample("r-old", "2025-03-01T02:00:00.000Z", "2025-03-01T02:03:00.000Z", ["a.csv"]);
    await publishRun(store, newer);
    await expect(publishRun(store, newer)).rejects.toThrow(/already/);
    const late = await publishRun(store, older);
    expect(late.latestUpdated).toBe(false);
    expect((await readLatest(store))?.runId).toBe("r-new");
    expect(await store.list("runs/2025-03-01/r-old/")).toHaveLength(5);
  });

  it("keeps partial results under partials/<run-id>/ and deletes them when the run is published", async () => {
    const store = await make();
    const run = sample("r-partials", "2025-03-01T02:00:00.000Z", "2025-03-01T02:03:00.000Z", ["a.csv"]);
    await putPartial(store, "r-partials", "batch-0001.json", '{"n":1}');
    await putPartial(store, "r-partials", "batch-0002.json", '{"n":2}');
    await putPartial(store, "r-other", "batch-0001.json", '{"n":3}');
    expect(await readPartials(store, "r-partials")).toEqual([
      { name: "batch-0001.json", body: '{"n":1}' },
      { name: "batch-0002.json", body: '{"n":2}' },
    ]);
    await publishRun(store, run);
    expect(await store.list("partials/r-partials/")).toEqual([]);
    expect(await store.list("partials/r-other/")).toHaveLength(1);
    expect(await cleanPartials(store, "r-other")).toBe(1);
    expect(await store.list("partials/")).toEqual([]);
  });

  it("publishes without a comparison, and says why, when the previous run cannot be read", async () => {
    const store = await make();
    await store.put(LATEST_KEY, "{ not json", "application/json");
    const run = sample("r-after-broken", "2025-03-03T02:00:00.000Z", "2025-03-03T02:03:00.000Z", ["a.csv"]);
    const { summary } = await publishRun(store, run);
    expect(summary.comparison.previousRunId).toBeNull();
    expect(summary.comparison.note).toMatch(/latest\.json could not be read/);
    expect((await readLatest(store))?.runId).toBe("r-after-broken");

    await store.delete([`${runPrefix(run.summary)}findings.jsonl`]);
    const next = sample("r-next", "2025-03-04T02:00:00.000Z", "2025-03-04T02:03:00.000Z", ["a.csv"]);
    const after = await publishRun(store, next);
    expect(after.summary.comparison.note).toMatch(/previous run r-after-broken could not be read/);
  });

  it("refuses a run id that cannot name a prefix", async () => {
    const store = await make();
    const run = sample("../evil", "2025-03-01T02:00:00.000Z", "2025-03-01T02:03:00.000Z", []);
    await expect(publishRun(store, run)).rejects.toThrow(/cannot name a report prefix/);
    expect(await store.list("")).toEqual([]);
  });
});
