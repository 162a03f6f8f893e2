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
  it("writes every file into a new directory and returns the paths", async () => {
    const dir = join(await tempDir(), "run-1");
    const findings = sampleFindings();
    const summary = makeSummary(findings);
    const paths = await writeReportFiles(dir, { findings, summary });
    expect(paths).toEqual(REPORT_FILE_NAMES.map((n) => join(dir, n)));
    expect((await readdir(dir)).sort()).toEqual([...REPORT_FILE_NAMES].sort());
    const rendered = renderReportFiles({ findings, summary });
    for (const name of REPORT_FILE_NAMES)
      expect(await readFile(join(dir, name), "utf8")).toBe(rendered[name]);
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
