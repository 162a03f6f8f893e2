// End to end: the labeled corpus (plus broken files with planted values) served by s3rver, scanned by
// the `exposure-audit` command with --endpoint-url and a config file, and the same corpus scanned
// from a local directory. Same findings both ways, accuracy as in the engine's corpus test, every
// object accounted for, every bucket's environment right, and no planted value in any output byte.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataType, Finding, Summary } from "../../../packages/core/index.ts";
import { runScan } from "../../../packages/engine/index.ts";
import { listFiles, readPlain } from "../../corpus/files.ts";
import {
  generateLabeledCorpus,
  type Labels,
  type PlantedValues,
  plantedValues,
} from "../../corpus/generate.ts";
import {
  type CliRun,
  describeLeaks,
  findLeaks,
  type Leak,
  runCli,
  writeBrokenFiles,
} from "../../helpers/leaks.ts";
import {
  createBucket,
  putObject,
  S3RVER_ENV,
  type S3rverHandle,
  startS3rver,
  uploadDirectory,
} from "../../helpers/s3rver.ts";

const THRESHOLDS: Record<DataType, number> = { US_SSN: 0.98, US_DRIVERS_LICENSE: 0.95 };
const CORPUS_BUCKET = "acme-qa-corpus";

let s3: S3rverHandle;
let root: string;
let corpusDir: string;
let reportDir: string;
let labels: Labels;
let planted: PlantedValues;
let uploaded: string[];
let run: CliRun;
let local: { findings: Finding[]; summary: Summary };
let remote: { findings: Finding[]; summary: Summary };

async function readRun(dir: string): Promise<{ findings: Finding[]; summary: Summary }> {
  const files = await listFiles(dir);
  const find = (name: string) => files.find((f) => f.endsWith(name)) ?? name;
  const text = async (name: string) => (await readPlain(path.join(dir, find(name)))).toString("utf8");
  const findings = (await text("findings.jsonl"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Finding);
  return { findings, summary: JSON.parse(await text("summary.json")) as Summary };
}

beforeAll(async () => {
  s3 = await startS3rver();
  root = await mkdtemp(path.join(tmpdir(), "cli-s3-"));
  corpusDir = path.join(root, CORPUS_BUCKET);
  reportDir = path.join(root, "reports");
  labels = await generateLabeledCorpus(corpusDir);
  const corpus = plantedValues(labels);
  const broken = await writeBrokenFiles(corpusDir);
  planted = {
    ssnDigits: [...corpus.ssnDigits, ...broken.ssnDigits],
    licenses: [...corpus.licenses, ...broken.licenses],
  };
  uploaded = await uploadDirectory(s3.client, CORPUS_BUCKET, corpusDir);
  // Buckets whose environment only the configuration can tell (s3rver has no bucket tags).
  for (const bucket of ["latest-products", "analytics-share"]) {
    await createBucket(s3.client, bucket);
    await putObject(s3.client, bucket, "items.csv", "sku,name\n1,lamp\n2,chair\n");
  }
  const config = path.join(root, "exposure-audit.config.json");
  await writeFile(
    config,
    JSON.stringify({
      targets: [{ uri: "s3://analytics-share", account: "222233334444" }],
      environments: { "latest-*": "production" },
      accounts: { "222233334444": "non-production" },
      limits: { concurrency: 6 },
    }),
  );
  const [cli, localScan] = await Promise.all([
    runCli(
      [
        "scan",
        `s3://${CORPUS_BUCKET}`,
        "s3://latest-products",
        "s3://analytics-share",
        "--endpoint-url",
        s3.endpoint,
        "--config",
        config,
        "--report-dir",
        reportDir,
      ],
      { ...S3RVER_ENV },
    ),
    runScan({ targets: [corpusDir] }),
  ]);
  run = cli;
  local = localScan;
  if (run.code === 0) remote = await readRun(reportDir);
}, 120_000);
afterAll(async () => {
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

const comparable = (f: Finding) => ({ ...f, id: "", location: { ...f.location, store: "" } });

describe("exposure-audit scan s3://… --endpoint-url (s3rver)", () => {
  it("completes the run with exit 0 and a clean stderr", () => {
    const masked = run.stderr.replace(/\d/g, "#").slice(-2000);
    expect(run.code, masked).toBe(0);
    expect(run.stderr, masked).toBe("");
    expect(run.stdout).toMatch(/Report: .*report\.html/);
  });

  it("finds exactly what the local scan of the same corpus finds", () => {
    const fromS3 = remote.findings.filter((f) => f.location.container === CORPUS_BUCKET);
    expect(fromS3.length).toBeGreaterThan(50);
    expect(fromS3.map(comparable)).toEqual(local.findings.map(comparable));
    for (const f of fromS3) expect(f.location.store).toBe(`s3://${CORPUS_BUCKET}`);
  });

  it.each(["US_SSN", "US_DRIVERS_LICENSE"] as const)(
    "%s precision and recall meet the engine's thresholds",
    (dataType) => {
      const key = (object: string, field: string | null) => JSON.stringify([object, field]);
      const expected = new Set(
        labels.plaintext.filter((l) => l.dataType === dataType).map((l) => key(l.object, l.field)),
      );
      const reported = new Set(
        remote.findings
          // The broken files added for the leak check are not part of the labeled corpus.
          .filter((f) => f.location.container === CORPUS_BUCKET && !f.location.object.startsWith("broken/"))
          .filter((f) => f.dataType === dataType && f.exposure === "plaintext")
          .map((f) => key(f.location.object, f.location.field)),
      );
      const hits = [...reported].filter((k) => expected.has(k)).length;
      expect(hits / Math.max(1, reported.size)).toBeGreaterThanOrEqual(THRESHOLDS[dataType]);
      expect(hits / Math.max(1, expected.size)).toBeGreaterThanOrEqual(THRESHOLDS[dataType]);
    },
  );

  it("accounts for every object: scanned, or skipped/partial with a reason", () => {
    const units = remote.summary.coverage.units.filter((u) => u.store === `s3://${CORPUS_BUCKET}`);
    expect(units.map((u) => u.object).sort()).toEqual([...uploaded].sort());
    for (const u of units) if (u.status !== "scanned") expect(u.reason, u.object).not.toBeNull();
    expect(remote.summary.coverage.listed).toBe(uploaded.length + 2);
    const broken = units.filter((u) => u.object.startsWith("broken/"));
    expect(broken.map((u) => u.status).every((s) => s !== "scanned")).toBe(true);
  });

  it("decides every bucket's environment by the right rule", () => {
    const stores = Object.fromEntries(
      remote.summary.stores.map((s) => [
        s.container,
        [s.environment, s.environmentRule, s.environmentDetail],
      ]),
    );
    expect(stores).toEqual({
      [CORPUS_BUCKET]: ["non-production", "name", 'name part "qa"'],
      "latest-products": ["production", "config", 'configured for "latest-*"'],
      "analytics-share": ["non-production", "account", "account 222233334444"],
    });
    for (const f of remote.findings) {
      const store = remote.summary.stores.find((s) => s.store === f.location.store);
      expect([f.environment, f.environmentRule]).toEqual([store?.environment, store?.environmentRule]);
    }
  });

  it("never prints or writes a planted value", async () => {
    const leaks: Leak[] = [
      ...findLeaks("stdout", run.stdout, planted),
      ...findLeaks("stderr", run.stderr, planted),
    ];
    for (const f of await listFiles(reportDir)) {
      const bytes = await readPlain(path.join(reportDir, f));
      leaks.push(...findLeaks(f, bytes.toString("utf8"), planted));
      leaks.push(...findLeaks(`${f} (as UTF-16)`, bytes.toString("utf16le"), planted));
    }
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });
});
