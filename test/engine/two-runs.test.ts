// Two runs over the same store into the same report directory, with one sensitive file removed and one added
// between them: the second summary shows exactly one resolved and one new finding set, and the HTML says so.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LatestPointer, Summary } from "../../packages/core/index.ts";
import { runScan, type ScanResult } from "../../packages/engine/index.ts";
import { OcsfFile } from "../../packages/report/index.ts";
import { createRng, syntheticLicense, syntheticSsn } from "../../packages/synth/index.ts";

let root: string;
let store: string;
let reportDir: string;
let first: ScanResult;
let second: ScanResult;

const rng = createRng(20250301);
const people = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${i + 1},Customer ${i + 1},${syntheticSsn(rng)},${syntheticLicense(rng, "CA")},CA`,
  );
const customersCsv = (n: number) => ["id,name,ssn,dl_number,dl_state", ...people(n)].join("\n");

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-two-runs-"));
  store = path.join(root, "acme-qa-exports");
  reportDir = path.join(root, "reports");
  await mkdir(path.join(store, "exports"), { recursive: true });
  await writeFile(path.join(store, "exports", "customers.csv"), customersCsv(40));
  await writeFile(path.join(store, "exports", "old-dump.csv"), customersCsv(30));
  await writeFile(path.join(store, "exports", "orders.csv"), "order_id,total\n1,20.00\n2,31.50\n");
  first = await runScan({ targets: [store], reportDir });

  // Between the runs: one sensitive file is removed, another one appears.
  await rm(path.join(store, "exports", "old-dump.csv"));
  const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ id: i, ssn: syntheticSsn(rng) }));
  await writeFile(path.join(store, "exports", "new-extract.jsonl"), `${lines.join("\n")}\n`);
  second = await runScan({ targets: [store], reportDir });
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const objects = (list: { location: { object: string } }[]) => [
  ...new Set(list.map((f) => f.location.object)),
];

describe("two runs into one report directory", () => {
  it("the first run has nothing to compare with", () => {
    expect(first.summary.comparison.previousRunId).toBeNull();
    expect(objects(first.findings).sort()).toEqual(["exports/customers.csv", "exports/old-dump.csv"]);
  });

  it("the second summary shows exactly one new and one resolved finding set, and the previous run id", async () => {
    const summary = Summary.parse(
      JSON.parse(await readFile(path.join(second.runDir ?? "", "summary.json"), "utf8")),
    );
    const c = summary.comparison;
    expect(c.previousRunId).toBe(first.summary.runId);
    expect(c.findingSets).toEqual({ new: 1, resolved: 1, persisting: 1, unverified: 0 });
    expect(objects(c.new)).toEqual(["exports/new-extract.jsonl"]);
    expect(objects(c.resolved)).toEqual(["exports/old-dump.csv"]);
    // old-dump.csv held an SSN and a license field; new-extract.jsonl holds one SSN field.
    expect(c.findings).toEqual({ new: 1, resolved: 2, persisting: 2, unverified: 0 });
    expect(summary.trend.map((p) => p.runId)).toEqual([first.summary.runId, second.summary.runId]);
    expect(summary).toEqual(second.summary);
  });

  it("the HTML says so", async () => {
    const page = await readFile(path.join(second.runDir ?? "", "report.html"), "utf8");
    const text = (id: string) => page.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1];
    expect(text("change-sets-new")).toBe("1");
    expect(text("change-sets-resolved")).toBe("1");
    expect(text("change-sentence")).toMatch(
      /^1 object with new findings, 1 object whose findings were all resolved and 1 object still holding findings$/,
    );
    expect(page).toMatch(/data-testid="sets-new">[\s\S]*?exports\/new-extract\.jsonl/);
    expect(page).toMatch(/data-testid="sets-resolved">[\s\S]*?exports\/old-dump\.csv/);
    expect(page).toContain(`Since the previous run: 1 object with new findings`);
  });

  it("keeps both runs, points latest.json at the second, and closes the resolved findings in OCSF", async () => {
    const latest = LatestPointer.parse(
      JSON.parse(await readFile(path.join(reportDir, "latest.json"), "utf8")),
    );
    expect(latest.runId).toBe(second.summary.runId);
    for (const run of [first, second])
      expect(JSON.parse(await readFile(path.join(run.runDir ?? "", "summary.json"), "utf8")).runId).toBe(
        run.summary.runId,
      );
    const ocsf = OcsfFile.parse(
      JSON.parse(await readFile(path.join(second.runDir ?? "", "findings.ocsf.json"), "utf8")),
    );
    const activity = (name: string) => ocsf.filter((e) => e.activity_name === name).length;
    expect([activity("Create"), activity("Update"), activity("Close")]).toEqual([1, 2, 2]);
  });
});
