// One immutable directory per run, and a small latest.json pointer written last.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Finding, Summary } from "../core/index.ts";
import { writeReportFiles } from "../report/index.ts";

/** State kept between runs (fingerprints, the generated fingerprint key): never part of a run's report. */
export function stateDirectory(reportDir: string): string {
  return path.join(reportDir, "state");
}

export interface WrittenRun {
  runDir: string;
  files: string[];
}

export async function writeRunToDirectory(
  reportDir: string,
  report: { findings: Finding[]; summary: Summary },
): Promise<WrittenRun> {
  const { runId, startedAt } = report.summary;
  const relative = path.posix.join("runs", startedAt.slice(0, 10), runId);
  const runDir = path.join(reportDir, relative);
  await mkdir(runDir, { recursive: true });
  const files = await writeReportFiles(runDir, report);
  const pointer = { runId, prefix: `${relative}/`, finishedAt: report.summary.finishedAt };
  const latest = path.join(reportDir, "latest.json");
  // Written to a temporary name and renamed: a reader never sees a half-written pointer.
  await writeFile(`${latest}.tmp`, `${JSON.stringify(pointer, null, 2)}\n`);
  await rename(`${latest}.tmp`, latest);
  return { runDir, files: [...files, latest] };
}
