// The maintainers' corpus, real data: every copied-production field confirmed with exact counts, zero
// false confirmations (also across the whole labeled corpus), every test-value file unlikely.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../packages/core/index.ts";
import { runScan } from "../../packages/engine/index.ts";
import { generateLabeledCorpus } from "./generate.ts";
import { generateRealDataCorpus, PRODUCTION_STORE, QA_STORE, type RealDataLabels } from "./real-data.ts";

let root: string;
let labels: RealDataLabels;
let findings: Finding[];

const keyOf = (k: { object: string; field: string | null; dataType: string }) =>
  `${k.object}#${k.field ?? "<text>"}:${k.dataType}`;
const qa = (f: Finding) => f.location.container === QA_STORE;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-real-corpus-"));
  labels = await generateRealDataCorpus(root);
  // The whole labeled corpus rides along as a store of unknown environment: it shares no customer.
  await generateLabeledCorpus(path.join(root, "corpus"));
  ({ findings } = await runScan({
    targets: [path.join(root, QA_STORE), path.join(root, "corpus"), path.join(root, PRODUCTION_STORE)],
  }));
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe("real data in the corpus", () => {
  it("confirms every copied-production field, with exact counts", () => {
    const problems: string[] = [];
    for (const label of labels.copied) {
      const f = findings.find(
        (x) => qa(x) && keyOf({ ...x.location, dataType: x.dataType }) === keyOf(label),
      );
      if (!f) problems.push(`${keyOf(label)}: not reported`);
      else if (f.realData !== "confirmed" || f.severity !== "critical")
        problems.push(`${keyOf(label)}: ${f.realData}/${f.severity}`);
      else if (
        f.productionMatches?.matched !== label.matched ||
        f.productionMatches.checked !== label.checked
      )
        problems.push(
          `${keyOf(label)}: ${f.productionMatches?.matched} of ${f.productionMatches?.checked}, expected ${label.matched} of ${label.checked}`,
        );
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("confirms nothing else: zero false confirmations", () => {
    const expected = new Set(labels.copied.map(keyOf));
    const wrong = findings
      .filter((f) => f.realData === "confirmed")
      .filter((f) => !qa(f) || !expected.has(keyOf({ ...f.location, dataType: f.dataType })))
      .map((f) => `${f.location.container}/${keyOf({ ...f.location, dataType: f.dataType })}`);
    expect(wrong, wrong.join("\n")).toEqual([]);
  });

  it("calls made-up customers likely, with no match", () => {
    for (const label of labels.madeUp) {
      const f = findings.find(
        (x) => qa(x) && keyOf({ ...x.location, dataType: x.dataType }) === keyOf(label),
      );
      expect(f, keyOf(label)).toMatchObject({ realData: "likely", productionMatches: { matched: 0 } });
    }
  });

  it("calls every test-value file unlikely, never above low", () => {
    const problems: string[] = [];
    for (const object of labels.testValueFiles) {
      for (const f of findings.filter((x) => qa(x) && x.location.object === object)) {
        if (f.realData !== "unlikely" || f.severity !== "low")
          problems.push(`${keyOf({ ...f.location, dataType: f.dataType })}: ${f.realData}/${f.severity}`);
      }
    }
    expect(problems, problems.join("\n")).toEqual([]);
    // Most test files do produce a finding (never-issued numbers alone are not one).
    const reported = new Set(findings.filter(qa).map((f) => f.location.object));
    expect(labels.testValueFiles.filter((o) => reported.has(o)).length).toBeGreaterThanOrEqual(5);
  });
});
