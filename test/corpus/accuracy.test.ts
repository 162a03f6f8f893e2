// Field-level precision and recall of the whole scan against the labeled corpus.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataType, Finding, Summary } from "../../packages/core/index.ts";
import { runScan } from "../../packages/engine/index.ts";
import { listFiles } from "./files.ts";
import { generateLabeledCorpus, type Labels } from "./generate.ts";

const THRESHOLDS: Record<DataType, number> = { US_SSN: 0.98, US_DRIVERS_LICENSE: 0.95 };

interface FieldKey {
  object: string;
  field: string | null;
  dataType: DataType;
}
const keyOf = (k: FieldKey) => JSON.stringify([k.object, k.field, k.dataType]);
const show = (key: string) => {
  const [object, field, dataType] = JSON.parse(key) as [string, string | null, string];
  return `  (${object}, ${field === null ? "<free text>" : field}, ${dataType})`;
};

let root: string;
let dir: string;
let labels: Labels;
let findings: Finding[];
let summary: Summary;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "accuracy-"));
  dir = path.join(root, "corpus");
  labels = await generateLabeledCorpus(dir);
  ({ findings, summary } = await runScan({ targets: [dir] }));
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Compares sets of (object, field, dataType); lists name locations only, never values. */
function score(dataType: DataType) {
  const expected = new Set(labels.plaintext.filter((l) => l.dataType === dataType).map(keyOf));
  const reported = new Set(
    findings
      .filter((f) => f.dataType === dataType && f.exposure === "plaintext")
      .map((f) => keyOf({ object: f.location.object, field: f.location.field, dataType })),
  );
  const truePositives = [...reported].filter((k) => expected.has(k)).length;
  const falsePositives = [...reported].filter((k) => !expected.has(k));
  const falseNegatives = [...expected].filter((k) => !reported.has(k));
  const precision = reported.size === 0 ? 1 : truePositives / reported.size;
  const recall = expected.size === 0 ? 1 : truePositives / expected.size;
  const report = [
    `${dataType}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} ` +
      `(${truePositives} TP, ${falsePositives.length} FP, ${falseNegatives.length} FN of ${expected.size} labeled)`,
    "false positives:",
    ...falsePositives.sort().map(show),
    "false negatives:",
    ...falseNegatives.sort().map(show),
  ].join("\n");
  // Misses under the threshold still deserve a look: locations only, never values.
  if (falsePositives.length + falseNegatives.length > 0) console.warn(report);
  return { precision, recall, report };
}

describe("accuracy on the labeled corpus", () => {
  it.each(["US_SSN", "US_DRIVERS_LICENSE"] as const)("%s field-level precision and recall", (dataType) => {
    const { precision, recall, report } = score(dataType);
    expect(precision, report).toBeGreaterThanOrEqual(THRESHOLDS[dataType]);
    expect(recall, report).toBeGreaterThanOrEqual(THRESHOLDS[dataType]);
  });

  it("accounts for every file in coverage: scanned, or skipped with a reason", async () => {
    const units = new Map(summary.coverage.units.map((u) => [u.object, u]));
    const problems: string[] = [];
    for (const file of await listFiles(dir)) {
      const unit = units.get(file);
      if (!unit) problems.push(`  missing from coverage: ${file}`);
      else if (unit.status !== "scanned" && unit.reason === null)
        problems.push(`  ${unit.status} without reason: ${file}`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("reports protected fields with a non-plaintext exposure", () => {
    const problems: string[] = [];
    for (const label of labels.protected) {
      const matches = findings.filter(
        (f) =>
          keyOf({ object: f.location.object, field: f.location.field, dataType: f.dataType }) ===
          keyOf(label),
      );
      const where = show(keyOf(label));
      if (matches.length === 0) problems.push(`${where}: not reported (expected ${label.exposure})`);
      for (const f of matches)
        if (f.exposure === "plaintext") problems.push(`${where}: reported as plaintext`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("names the kind of protection", () => {
    const problems: string[] = [];
    for (const label of labels.protected) {
      for (const f of findings) {
        const same = keyOf({ object: f.location.object, field: f.location.field, dataType: f.dataType });
        if (same === keyOf(label) && f.exposure !== label.exposure) {
          problems.push(`${show(same)}: ${f.exposure}, expected ${label.exposure}`);
        }
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
});
