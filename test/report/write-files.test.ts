import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  InvalidReportInputError,
  REPORT_FILE_NAMES,
  renderReportFiles,
  writeReportFiles,
} from "../../packages/report/index.ts";
import { makeFinding, makeSummary, sampleFindings } from "./fixtures.ts";

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "report-test-"));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("writeReportFiles", () => {
  it("writes every file into a new directory and returns the paths, summary.json last", async () => {
    const dir = join(await tempDir(), "run-1");
    const findings = sampleFindings();
    const summary = makeSummary(findings);
    const asff = { awsAccountId: "123456789012", region: "us-east-1" };
    const paths = await writeReportFiles(dir, { findings, summary }, { asff });
    expect(paths).toEqual(REPORT_FILE_NAMES.map((n) => join(dir, n)));
    expect(paths.at(-1)).toBe(join(dir, "summary.json"));
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILE_NAMES].sort());
    const rendered = renderReportFiles({ findings, summary }, { asff });
    for (const file of rendered) expect(await readFile(join(dir, file.name), "utf8")).toBe(file.body);
    expect(Object.fromEntries(rendered.map((f) => [f.name, f.contentType]))).toMatchObject({
      "report.html": "text/html; charset=utf-8",
      "findings.csv": "text/csv; charset=utf-8",
      "summary.json": "application/json; charset=utf-8",
    });
  });

  it("writes findings.asff.json only when an account and region are given", async () => {
    const findings = sampleFindings();
    const names = renderReportFiles({ findings, summary: makeSummary(findings) }).map((f) => f.name);
    expect(names).toEqual(REPORT_FILE_NAMES.filter((n) => n !== "findings.asff.json"));
  });

  it("writes nothing when the input breaks the contract", async () => {
    const dir = await tempDir();
    const bad = { ...makeFinding(), matchCount: -1 };
    await expect(writeReportFiles(dir, { findings: [bad], summary: makeSummary([bad]) })).rejects.toThrow(
      InvalidReportInputError,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
