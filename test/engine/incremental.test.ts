// Incremental runs: the scan state in the report location lets the next run skip unchanged objects and
// carry their results forward, so every report is complete. Real parts: local directories, and s3rver
// through the real SDK for S3 targets and the report bucket.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanCommand } from "../../packages/cli/scan.ts";
import { type Finding, type SkipReason, Summary } from "../../packages/core/index.ts";
import { runScan, type ScanResult } from "../../packages/engine/index.ts";
import { carryable, ScanState, scanStateKey } from "../../packages/engine/phases/scan-state.ts";
import type { TypeStatsJson } from "../../packages/engine/phases/schemas.ts";
import { EphemeralKeyProvider, TextKeyProvider } from "../../packages/fingerprints/index.ts";
import { S3BucketReportStore } from "../../packages/report/index.ts";
import {
  forkRng,
  type StateCode,
  syntheticLicense,
  syntheticSsn,
  toDelimited,
} from "../../packages/synth/index.ts";
import { createBucket, putObject, type S3rverHandle, startS3rver } from "../helpers/s3rver.ts";

const STATES: StateCode[] = ["CA", "TX", "NY", "FL"];
const people = (label: string, n: number) => {
  const rng = forkRng(7, label);
  return Array.from({ length: n }, (_, i) => {
    const state = STATES[i % STATES.length] as StateCode;
    return {
      name: `Person ${label} ${i}`,
      ssn: syntheticSsn(rng),
      dl_number: syntheticLicense(rng, state),
      dl_state: state,
    };
  });
};
const COLUMNS = ["name", "ssn", "dl_number", "dl_state"];
const production = people("production", 30);
const fresh = people("fresh", 20);
const later = people("later", 12);

let root: string;

async function writeStore(dir: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

/** Two stores, production and QA, with some production customers copied into QA. */
async function makeLake(name: string) {
  const prod = path.join(root, name, "acme-prod-crm");
  const qa = path.join(root, name, "acme-qa-exports");
  await writeStore(prod, {
    "customers.csv": toDelimited(COLUMNS, production),
    "notes/readme.txt": "nothing sensitive here\n",
  });
  await writeStore(qa, {
    "shared.csv": toDelimited(COLUMNS, [...production.slice(0, 8), ...fresh.slice(0, 12)]),
    "orders.csv": "order_id,total\n1,20.00\n2,31.50\n",
    "empty.txt": "",
  });
  return { prod, qa, reportDir: path.join(root, name, "reports") };
}

const verdicts = (findings: Finding[]) =>
  findings.map((f) => [f.id, f.severity, f.realData, f.productionMatches, f.matchCount, f.exposure]);
const carriedObjects = (summary: Summary) =>
  summary.coverage.units.filter((u) => u.carriedFrom).map((u) => u.object);
const readObjects = (summary: Summary) =>
  summary.coverage.units.filter((u) => !u.carriedFrom).map((u) => u.object);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-incremental-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("a rerun over unchanged data", () => {
  let lake: Awaited<ReturnType<typeof makeLake>>;
  let first: ScanResult;
  let second: ScanResult;
  beforeAll(async () => {
    lake = await makeLake("unchanged");
    first = await runScan({ targets: [lake.prod, lake.qa], reportDir: lake.reportDir });
    second = await runScan({ targets: [lake.prod, lake.qa], reportDir: lake.reportDir });
  }, 60_000);

  it("reads no object and reports the same findings: ids, severities, verdicts", () => {
    expect(first.summary.incremental).toMatchObject({ stateKept: true, carried: 0, rescanned: 5 });
    expect(second.summary.incremental).toMatchObject({
      stateKept: true,
      carried: 5,
      rescanned: 0,
      notes: [],
    });
    expect(readObjects(second.summary)).toEqual([]);
    expect(verdicts(second.findings)).toEqual(verdicts(first.findings));
    expect(second.findings.filter((f) => f.realData === "confirmed").length).toBeGreaterThan(0);
  });

  it("writes a complete report: coverage, totals, no spurious change since the previous run", async () => {
    const { coverage, totals, comparison } = second.summary;
    expect(coverage.listed).toBe(5);
    expect(coverage.carried).toBe(5);
    expect(coverage.units.map((u) => [u.object, u.status, u.reason])).toEqual(
      first.summary.coverage.units.map((u) => [u.object, u.status, u.reason]),
    );
    for (const u of coverage.units) expect(u.carriedFrom).toBe(first.summary.runId);
    expect(totals).toEqual(first.summary.totals);
    expect(comparison.findings).toMatchObject({ new: 0, resolved: 0, unverified: 0 });
    expect(comparison.findings.persisting).toBe(first.findings.length);
    const lines = (await readFile(path.join(second.runDir ?? "", "findings.jsonl"), "utf8"))
      .trim()
      .split("\n");
    expect(lines).toHaveLength(first.findings.length);
    const written = Summary.parse(
      JSON.parse(await readFile(path.join(second.runDir ?? "", "summary.json"), "utf8")),
    );
    expect(written.incremental?.carried).toBe(5);
    const page = await readFile(path.join(second.runDir ?? "", "report.html"), "utf8");
    expect(page).toMatch(/5 carried forward unchanged from an earlier run, 0 read in this run/);
  });

  it("keeps production fingerprints fresh: the carried production store is seen in this run", () => {
    expect(second.summary.fingerprints?.productionStores).toEqual(
      first.summary.fingerprints?.productionStores,
    );
    expect(second.summary.fingerprints?.stored).toEqual(first.summary.fingerprints?.stored);
  });

  it("keeps the state in <report-dir>/state/scan, one file per store, schema-valid", async () => {
    const files = await readdir(path.join(lake.reportDir, "state", "scan"));
    expect(files).toHaveLength(2);
    for (const file of files) {
      const state = ScanState.parse(
        JSON.parse(await readFile(path.join(lake.reportDir, "state", "scan", file), "utf8")),
      );
      expect(state.units.length).toBeGreaterThan(0);
    }
  });
});

describe("what invalidates carried results", () => {
  it("reads again only the object that changed", async () => {
    const lake = await makeLake("one-changed");
    const first = await runScan({ targets: [lake.prod, lake.qa], reportDir: lake.reportDir });
    await writeFile(
      path.join(lake.qa, "shared.csv"),
      toDelimited(COLUMNS, [...production.slice(0, 3), ...fresh.slice(0, 12)]),
    );
    const second = await runScan({ targets: [lake.prod, lake.qa], reportDir: lake.reportDir });
    expect(readObjects(second.summary)).toEqual(["shared.csv"]);
    expect(second.summary.incremental).toMatchObject({ carried: 4, rescanned: 1 });
    const shared = (r: ScanResult) =>
      r.findings.find((f) => f.location.object === "shared.csv" && f.dataType === "US_SSN");
    expect(shared(first)?.productionMatches).toEqual({ matched: 8, checked: 20 });
    expect(shared(second)?.productionMatches).toEqual({ matched: 3, checked: 15 });
  }, 60_000);

  it("reads everything again when the detector configuration changes, and says why", async () => {
    const lake = await makeLake("config");
    await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    const second = await runScan({
      targets: [lake.qa],
      reportDir: lake.reportDir,
      limits: { maxBytes: 1024 ** 2 },
    });
    expect(second.summary.incremental?.carried).toBe(0);
    expect(second.summary.incremental?.notes.join(" ")).toMatch(/detector configuration changed/);
    const third = await runScan({
      targets: [lake.qa],
      reportDir: lake.reportDir,
      limits: { maxBytes: 1024 ** 2 },
    });
    expect(third.summary.incremental?.carried).toBe(3);
  }, 60_000);

  it("reads everything again under another scanner version", async () => {
    const lake = await makeLake("version");
    const first = await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    const file = path.join(
      lake.reportDir,
      "state",
      ...scanStateKey(first.summary.stores[0]?.store ?? "").split("/"),
    );
    const state = ScanState.parse(JSON.parse(await readFile(file, "utf8")));
    await writeFile(file, JSON.stringify({ ...state, scanner: "0.0.1" }));
    const second = await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    expect(second.summary.incremental?.carried).toBe(0);
    expect(second.summary.incremental?.notes.join(" ")).toMatch(/scanner version changed \(0\.0\.1 → /);
    expect(verdicts(second.findings)).toEqual(verdicts(first.findings));
  }, 60_000);

  it("reads everything again when asked (full), and keeps the state for the next run", async () => {
    const lake = await makeLake("full");
    await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    const second = await runScan({ targets: [lake.qa], reportDir: lake.reportDir, full: true });
    expect(second.summary.incremental).toMatchObject({ stateKept: true, carried: 0, rescanned: 3 });
    expect(second.summary.incremental?.notes.join(" ")).toMatch(/full rescan requested/);
    const third = await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    expect(third.summary.incremental?.carried).toBe(3);
  }, 60_000);

  it("reads everything again with the CLI's --full", async () => {
    const lake = await makeLake("cli-full");
    const flags = { reportDir: lake.reportDir, fingerprintMaxAgeDays: 90 };
    await scanCommand([lake.qa], flags);
    expect((await scanCommand([lake.qa], flags)).summary.incremental?.carried).toBe(3);
    const full = await scanCommand([lake.qa], { ...flags, full: true });
    expect(full.summary.incremental).toMatchObject({ carried: 0, rescanned: 3 });
  }, 60_000);

  it("starts over from a corrupt state with a note, never a failed run", async () => {
    const lake = await makeLake("corrupt");
    const first = await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    const file = path.join(
      lake.reportDir,
      "state",
      ...scanStateKey(first.summary.stores[0]?.store ?? "").split("/"),
    );
    await writeFile(file, '{"format":"exposure-audit-scan-state","units":[{');
    const second = await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    expect(second.summary.incremental?.carried).toBe(0);
    expect(second.summary.incremental?.notes.join(" ")).toMatch(
      /scan state is not valid JSON: starting over/,
    );
    expect(verdicts(second.findings)).toEqual(verdicts(first.findings));
    const third = await runScan({ targets: [lake.qa], reportDir: lake.reportDir });
    expect(third.summary.incremental?.carried).toBe(3);
  }, 60_000);

  it("keeps no state without a kept fingerprint key or without a report location", async () => {
    const lake = await makeLake("no-key");
    expect((await runScan({ targets: [lake.qa] })).summary.incremental).toMatchObject({
      stateKept: false,
      carried: 0,
    });
    const options = { reportDir: lake.reportDir, fingerprints: { keyProvider: new EphemeralKeyProvider() } };
    await runScan({ targets: [lake.qa], ...options });
    const second = await runScan({ targets: [lake.qa], ...options });
    expect(second.summary.incremental).toMatchObject({ stateKept: false, carried: 0, rescanned: 3 });
    expect(second.summary.incremental?.notes.join(" ")).toMatch(/fingerprint key is not kept between runs/);
  }, 60_000);
});

describe("which results may be carried", () => {
  const unit = (
    status: "scanned" | "skipped",
    reason: SkipReason | null,
    keyed?: TypeStatsJson["keyed"],
  ) => ({
    coverage: {
      store: "file:///x",
      object: "a.csv",
      status,
      reason,
      note: null,
      format: "csv" as const,
      compression: "none" as const,
      sizeBytes: 10,
      bytesRead: 10,
      records: 1,
      sampled: false,
    },
    fields: [
      {
        field: "ssn",
        valueCount: 1,
        namedAs: "ssn" as const,
        types: [
          {
            dataType: "US_SSN" as const,
            matchCount: 1,
            testValueCount: 0,
            invalidCount: 0,
            contextual: 0,
            byStrength: { strong: 1, medium: 0, weak: 0 },
            distinctCount: 1,
            distinctOverflow: false,
            sequential: false,
            samples: ["***-**-1234"],
            states: [],
            protectedCounts: { masked: 0, hashed: 0, encrypted: 0, tokenized: 0 },
            comparison: { checked: 1, matched: 0, productionValues: 0 },
            fingerprinted: false,
            ...(keyed ? { keyed } : {}),
          },
        ],
      },
    ],
  });
  it("never a transient outcome, a field past the kept lookups, or one without its fingerprints", () => {
    expect(carryable(unit("scanned", null, { lookups: "0123456789abcdef" }))).toBe(true);
    expect(carryable(unit("scanned", null, { lookups: null }))).toBe(false);
    expect(carryable(unit("scanned", null))).toBe(false);
    expect(carryable(unit("skipped", "read-error", { lookups: "" }))).toBe(false);
    expect(carryable(unit("skipped", "timeout", { lookups: "" }))).toBe(false);
    expect(carryable(unit("skipped", "binary", { lookups: "" }))).toBe(true);
  });
});

describe("real data outside production, with carried objects", () => {
  it("confirms a QA copy read before its values reached production, once they do", async () => {
    const lake = await makeLake("copied-later");
    // QA holds customers production does not have yet.
    await writeStore(lake.qa, { "early-copy.csv": toDelimited(COLUMNS, later) });
    const first = await runScan({ targets: [lake.prod, lake.qa], reportDir: lake.reportDir });
    const early = (r: ScanResult) =>
      r.findings.find((f) => f.location.object === "early-copy.csv" && f.dataType === "US_SSN");
    expect(early(first)).toMatchObject({
      realData: "likely",
      productionMatches: { matched: 0, checked: 12 },
    });

    // The customers arrive in production; the QA file is unchanged and not read again.
    await writeStore(lake.prod, { "new-customers.csv": toDelimited(COLUMNS, later) });
    const second = await runScan({ targets: [lake.prod, lake.qa], reportDir: lake.reportDir });
    expect(readObjects(second.summary)).toEqual(["new-customers.csv"]);
    expect(carriedObjects(second.summary)).toContain("early-copy.csv");
    expect(early(second)).toMatchObject({
      realData: "confirmed",
      severity: "critical",
      productionMatches: { matched: 12, checked: 12 },
    });
  }, 60_000);

  it("confirms a new QA copy from carried production objects, with no fingerprint set kept", async () => {
    const lake = await makeLake("carried-production");
    const key = new TextKeyProvider("5c".repeat(32), "test key");
    const options = { reportDir: lake.reportDir, fingerprints: { keyProvider: key, storage: null } };
    await runScan({ targets: [lake.prod, lake.qa], ...options });
    await writeStore(lake.qa, { "new-copy.csv": toDelimited(COLUMNS, production.slice(10, 16)) });
    const second = await runScan({ targets: [lake.prod, lake.qa], ...options });
    expect(readObjects(second.summary)).toEqual(["new-copy.csv"]);
    const copy = second.findings.find((f) => f.location.object === "new-copy.csv" && f.dataType === "US_SSN");
    expect(copy).toMatchObject({ realData: "confirmed", productionMatches: { matched: 6, checked: 6 } });
  }, 60_000);
});

describe("S3 targets and a report bucket (s3rver, real SDK)", () => {
  let s3: S3rverHandle;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3?.close();
  });

  it("keeps the state in the bucket's state/ area and carries unchanged objects by ETag", async () => {
    await createBucket(s3.client, "acme-qa-exports");
    await createBucket(s3.client, "acme-audit-reports");
    const qa = toDelimited(COLUMNS, [...production.slice(0, 5), ...fresh.slice(0, 5)]);
    await putObject(s3.client, "acme-qa-exports", "exports/a.csv", qa);
    await putObject(s3.client, "acme-qa-exports", "exports/b.csv", toDelimited(COLUMNS, fresh.slice(5, 10)));
    const reportStore = new S3BucketReportStore({
      client: s3.client,
      bucket: "acme-audit-reports",
      prefix: "nightly",
    });
    const options = {
      targets: ["s3://acme-qa-exports"],
      targetOptions: { s3Client: s3.client },
      reportStore,
      fingerprints: { keyProvider: new TextKeyProvider("3d".repeat(32), "test key") },
    };
    const first = await runScan(options);
    expect((await reportStore.list("state/scan/")).length).toBe(1);
    const second = await runScan(options);
    expect(second.summary.incremental).toMatchObject({ carried: 2, rescanned: 0 });
    expect(verdicts(second.findings)).toEqual(verdicts(first.findings));

    await putObject(s3.client, "acme-qa-exports", "exports/b.csv", toDelimited(COLUMNS, fresh.slice(0, 3)));
    const third = await runScan(options);
    expect(readObjects(third.summary)).toEqual(["exports/b.csv"]);
    expect(third.summary.comparison.findingSets).toMatchObject({ new: 0, resolved: 0, persisting: 2 });
  }, 60_000);
});
