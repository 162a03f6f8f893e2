// End to end through the CLI: no planted SSN or license may appear in any output byte.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSsn, printedLicense } from "../../packages/synth/index.ts";
import { listFiles, readPlain } from "../corpus/files.ts";
import { generateLabeledCorpus, type PlantedValues, plantedValues } from "../corpus/generate.ts";
import {
  type CliRun,
  describeLeaks,
  findLeaks,
  type Leak,
  runCli,
  writeBrokenFiles,
} from "../helpers/leaks.ts";

let root: string;
let target: string;
let reportDir: string;
let planted: PlantedValues;
let run: CliRun;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "leak-"));
  target = path.join(root, "acme-qa-exports");
  reportDir = path.join(root, "reports");
  const corpus = plantedValues(await generateLabeledCorpus(target));
  const broken = await writeBrokenFiles(target);
  planted = {
    ssnDigits: [...corpus.ssnDigits, ...broken.ssnDigits],
    licenses: [...corpus.licenses, ...broken.licenses],
  };
  // ASFF is written only with an account and region: given here so every output format is searched.
  run = await runCli([
    "scan",
    target,
    "--report-dir",
    reportDir,
    "--aws-account-id",
    "123456789012",
    "--region",
    "us-east-1",
  ]);
}, 180_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe("the CLI never prints or writes a planted value", () => {
  it("completes the run and writes a report", async () => {
    const masked = run.stderr.replace(/\d/g, "#").slice(-2000);
    expect(run.signal, masked).toBeNull();
    expect(run.code, masked).toBe(0);
    const files = await listFiles(reportDir);
    expect(files.some((f) => f.endsWith("findings.jsonl"))).toBe(true);
    // The scan state (searched below with every other file): per-unit counts, redacted samples, keyed
    // fingerprints of every looked-up value.
    expect(files.some((f) => /^state[/\\]scan[/\\][0-9a-f]{32}\.json$/.test(f))).toBe(true);
    expect(files.some((f) => f.endsWith("summary.json"))).toBe(true);
    for (const name of [
      "findings.csv",
      "findings.ocsf.json",
      "findings.asff.json",
      "report.html",
      "latest.json",
    ])
      expect(
        files.some((f) => f.endsWith(name)),
        name,
      ).toBe(true);
  });

  it("keeps stdout and stderr clean", () => {
    const leaks = [...findLeaks("stdout", run.stdout, planted), ...findLeaks("stderr", run.stderr, planted)];
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });

  it("keeps every byte of every report file clean", async () => {
    const files = await listFiles(reportDir);
    const leaks: Leak[] = [];
    for (const f of files) {
      const bytes = await readPlain(path.join(reportDir, f));
      leaks.push(...findLeaks(f, bytes.toString("utf8"), planted));
      leaks.push(...findLeaks(`${f} (as UTF-16)`, bytes.toString("utf16le"), planted));
    }
    expect(leaks, describeLeaks(leaks)).toEqual([]);
  });

  it("records the broken files as skipped or partial, without quoting them", async () => {
    const summaryFile = (await listFiles(reportDir)).find((f) => f.endsWith("summary.json"));
    expect(summaryFile).toBeDefined();
    const summary = JSON.parse(
      (await readPlain(path.join(reportDir, summaryFile ?? ""))).toString("utf8"),
    ) as {
      coverage: { units: { object: string; status: string; reason: string | null }[] };
    };
    for (const object of ["broken/malformed.json", "broken/truncated.csv.gz"]) {
      const unit = summary.coverage.units.find((u) => u.object === object);
      expect(unit, object).toBeDefined();
      expect(["skipped", "partial"], object).toContain(unit?.status);
      expect(unit?.reason, object).not.toBeNull();
    }
  });

  it("checks what it claims: the detector would see a leak", () => {
    const [ssn = ""] = planted.ssnDigits;
    const [license = ""] = planted.licenses;
    expect(findLeaks("probe", `x ${formatSsn(ssn, "spaced")} y`, planted)).toHaveLength(1);
    expect(findLeaks("probe", `"${formatSsn(ssn, "plain")}"`, planted)).toHaveLength(1);
    expect(findLeaks("probe", `{"v":"${license}"}`, planted).length).toBeGreaterThan(0);
    // A fingerprint run of hex that happens to hold a licence's digits is not a leak; the same digits
    // as a value are.
    const numeric = planted.licenses.find((l) => /^\d{7,9}$/.test(l)) ?? "";
    expect(numeric).not.toBe("");
    expect(findLeaks("probe", `"lookups":"9fe0ca${numeric}ab77d3e0"`, planted)).toEqual([]);
    expect(findLeaks("probe", `"dl":"${numeric}","next":"9fe0c1ab77d3e0aa"`, planted)).toHaveLength(1);
    const florida = planted.licenses.find((l) => /^[A-Z]\d{12}$/.test(l)) ?? "";
    expect(findLeaks("probe", `DL ${printedLicense(florida, "FL")} (FL)`, planted).length).toBeGreaterThan(0);
  });
});
