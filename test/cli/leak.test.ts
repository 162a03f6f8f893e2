// End to end through the CLI: no planted SSN or license may appear in any output byte.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRng,
  formatSsn,
  gzip,
  printedLicense,
  syntheticLicense,
  syntheticSsn,
} from "../../packages/synth/index.ts";
import { listFiles, readPlain } from "../corpus/files.ts";
import { generateLabeledCorpus, type PlantedValues, plantedValues } from "../corpus/generate.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = path.join(REPO, "bin", "exposure-audit.js");

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Broken inputs, each holding values never planted elsewhere: errors must not quote them. */
async function writeBrokenFiles(dir: string): Promise<PlantedValues> {
  const rng = createRng(424242);
  const ssns = [syntheticSsn(rng), syntheticSsn(rng), syntheticSsn(rng)];
  const license = syntheticLicense(rng, "CA");
  await mkdir(path.join(dir, "broken"), { recursive: true });
  await writeFile(
    path.join(dir, "broken/malformed.json"),
    `{"customers": [{"ssn": "${ssns[0]}", "dl_number": "${license}", "dl_state": "CA"}, {"ssn": "${ssns[1]}",, ]`,
  );
  const csv = `id,ssn\n${Array.from({ length: 400 }, (_, i) => `${i},${i === 390 ? ssns[2] : syntheticSsn(rng)}`).join("\n")}\n`;
  const whole = gzip(csv);
  await writeFile(
    path.join(dir, "broken/truncated.csv.gz"),
    whole.subarray(0, Math.floor(whole.length * 0.6)),
  );
  return { ssnDigits: ssns.map((s) => s.replace(/\D/g, "")), licenses: [license] };
}

interface Leak {
  where: string;
  offset: number;
  kind: "US_SSN" | "US_DRIVERS_LICENSE";
}

/** Finds planted values by token, so long digit runs (timestamps, sizes) cannot raise false alarms. */
function findLeaks(where: string, text: string, planted: PlantedValues): Leak[] {
  const leaks: Leak[] = [];
  const ssns = new Set(planted.ssnDigits);
  for (const m of text.matchAll(/(?<!\d)\d{3}[-. ]?\d{2}[-. ]?\d{4}(?!\d)/g)) {
    if (ssns.has(m[0].replace(/\D/g, ""))) leaks.push({ where, offset: m.index, kind: "US_SSN" });
  }
  const numeric = new Set(planted.licenses.filter((l) => /^\d+$/.test(l)));
  for (const m of text.matchAll(/(?<!\d)\d{7,15}(?!\d)/g)) {
    if (numeric.has(m[0])) leaks.push({ where, offset: m.index, kind: "US_DRIVERS_LICENSE" });
  }
  // Licenses with letters are distinctive enough to look for inside longer tokens too.
  const lettered = new Set(planted.licenses.filter((l) => /[A-Z]/.test(l)));
  const lengths = new Set([...lettered].map((l) => l.length));
  for (const m of text.matchAll(/[0-9A-Z]{7,}/g)) {
    for (const len of lengths) {
      for (let i = 0; i + len <= m[0].length; i++) {
        if (lettered.has(m[0].slice(i, i + len)))
          leaks.push({ where, offset: m.index + i, kind: "US_DRIVERS_LICENSE" });
      }
    }
  }
  // Printed forms (FL "D123-456-78-901-0", NJ "D1234 56789 01234"): rejoin separated parts.
  const all = new Set(planted.licenses);
  for (const [sep, re] of [
    ["-", /[0-9A-Z]+(?:-[0-9A-Z]+)+/g],
    [" ", /[0-9A-Z]+(?: [0-9A-Z]+)+/g],
  ] as const) {
    for (const m of text.matchAll(re)) {
      const parts = m[0].split(sep);
      for (let i = 0; i < parts.length; i++) {
        for (let j = i + 2; j <= parts.length; j++) {
          if (all.has(parts.slice(i, j).join("")))
            leaks.push({ where, offset: m.index, kind: "US_DRIVERS_LICENSE" });
        }
      }
    }
  }
  return leaks;
}

const describeLeaks = (leaks: Leak[]) =>
  leaks
    .slice(0, 50)
    .map((l) => `  ${l.kind} in ${l.where} at offset ${l.offset}`)
    .join("\n");

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
    const florida = planted.licenses.find((l) => /^[A-Z]\d{12}$/.test(l)) ?? "";
    expect(findLeaks("probe", `DL ${printedLicense(florida, "FL")} (FL)`, planted).length).toBeGreaterThan(0);
  });
});
