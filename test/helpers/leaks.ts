// Shared by the leak tests (local directory and S3): run the CLI, plant values in broken files, and
// search text for planted SSNs and licence numbers by token.
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRng, gzip, syntheticLicense, syntheticSsn } from "../../packages/synth/index.ts";
import type { PlantedValues } from "../corpus/generate.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = path.join(REPO, "bin", "exposure-audit.js");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1", ...env },
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
export async function writeBrokenFiles(dir: string): Promise<PlantedValues> {
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

export interface Leak {
  where: string;
  offset: number;
  kind: "US_SSN" | "US_DRIVERS_LICENSE";
}

/**
 * Keyed fingerprints are written as runs of lowercase hex (16 digits each). Random hex holds a digit run
 * of 7+ digits every few hundred characters, and the scan state holds hundreds of kilobytes of it, so a
 * 7-digit run equal to a planted 7-digit licence turned up by chance (about 1 run in 100). Blanking whole
 * hex runs (≥ 16 digits with at least one letter) before the numeric searches keeps offsets; plaintext
 * values are never written glued to such a run, and the lettered search below still sees everything.
 */
export function blankHexRuns(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])(?=[0-9]*[a-f])[0-9a-f]{16,}(?![0-9A-Za-z])/g, (run) =>
    "_".repeat(run.length),
  );
}

/** Finds planted values by token, so long digit runs (timestamps, sizes) cannot raise false alarms. */
export function findLeaks(where: string, original: string, planted: PlantedValues): Leak[] {
  const leaks: Leak[] = [];
  const text = blankHexRuns(original);
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
  for (const m of original.matchAll(/[0-9A-Z]{7,}/g)) {
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
    for (const m of original.matchAll(re)) {
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

export const describeLeaks = (leaks: Leak[]) =>
  leaks
    .slice(0, 50)
    .map((l) => `  ${l.kind} in ${l.where} at offset ${l.offset}`)
    .join("\n");
