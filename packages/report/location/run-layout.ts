// The layout of a report location, the same in a directory and a bucket:
//   runs/<YYYY-MM-DD>/<run-id>/…   one immutable prefix per run (summary.json written last)
//   latest.json                    the newest complete run, written after every file of the run
//   partials/<run-id>/…            partial results while a run is under way, deleted when it is published
import { z } from "zod";
import {
  ComparedFinding,
  LatestPointer,
  SCHEMA_VERSION,
  type Summary,
  TrendPoint,
} from "../../core/schemas.ts";
import { comparedFinding, type PreviousRun, trendPoint, withComparison } from "../compare.ts";
import { ReportError, ReportStoreError } from "../errors.ts";
import { putReportFiles, type ReportInput, type ReportOptions } from "../write-files.ts";
import { CONTENT_TYPES, checkKey, type ReportStore } from "./store.ts";

export const LATEST_KEY = "latest.json";
export const RUNS_PREFIX = "runs/";
export const PARTIALS_PREFIX = "partials/";

/** Run ids become key segments: letters, digits, `.`, `_`, `-`, and at most 128 of them. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function checkRunId(runId: string): string {
  if (!RUN_ID.test(runId))
    throw new ReportError(
      `run id ${JSON.stringify(runId)} cannot name a report prefix (letters, digits, . _ -)`,
    );
  return runId;
}

/** `runs/<YYYY-MM-DD>/<run-id>/`, the date being the UTC day the run started. */
export function runPrefix(run: { runId: string; startedAt: string }): string {
  const day = new Date(run.startedAt).toISOString().slice(0, 10);
  return `${RUNS_PREFIX}${day}/${checkRunId(run.runId)}/`;
}

/** `partials/<run-id>/`: where a run's partial results live until it is published. */
export function partialsPrefix(runId: string): string {
  return `${PARTIALS_PREFIX}${checkRunId(runId)}/`;
}

/** Stores one partial result of a run (e.g. one scanner's batch) under `partials/<run-id>/<name>`. */
export async function putPartial(
  store: ReportStore,
  runId: string,
  name: string,
  body: string,
  contentType: string = CONTENT_TYPES.json,
): Promise<string> {
  const key = `${partialsPrefix(runId)}${checkKey(name)}`;
  await store.put(key, body, contentType);
  return key;
}

/** The partial results of a run, by name relative to its partials prefix, in key order. */
export async function readPartials(
  store: ReportStore,
  runId: string,
): Promise<{ name: string; body: string }[]> {
  const prefix = partialsPrefix(runId);
  const out: { name: string; body: string }[] = [];
  for (const key of await store.list(prefix)) {
    const body = await store.get(key);
    if (body !== null) out.push({ name: key.slice(prefix.length), body });
  }
  return out;
}

/** Deletes every partial result of a run; returns how many there were. */
export async function cleanPartials(store: ReportStore, runId: string): Promise<number> {
  const keys = await store.list(partialsPrefix(runId));
  if (keys.length > 0) await store.delete(keys);
  return keys.length;
}

/** The parsed `latest.json`, or null when there is none. Throws ReportStoreError when it is unreadable. */
export async function readLatest(store: ReportStore): Promise<LatestPointer | null> {
  const text = await store.get(LATEST_KEY);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ReportStoreError(`${store.locate(LATEST_KEY)} is not JSON`, { cause });
  }
  const parsed = LatestPointer.safeParse(json);
  if (!parsed.success || !parsed.data.prefix.startsWith(RUNS_PREFIX) || !parsed.data.prefix.endsWith("/"))
    throw new ReportStoreError(`${store.locate(LATEST_KEY)} does not match the latest.json contract`);
  checkKey(parsed.data.prefix.slice(0, -1));
  return parsed.data;
}

// What a comparison reads of an older run: only what it needs, so schema additions do not break it.
const PreviousSummary = z.object({
  runId: z.string(),
  finishedAt: z.iso.datetime(),
  totals: z.object({ findings: z.number(), bySeverity: TrendPoint.shape.bySeverity }),
  trend: z.array(TrendPoint).catch([]).optional(),
});
export interface PreviousRunResult {
  previous: PreviousRun | null;
  /** Why there is no previous run although latest.json exists (never holds scanned values). */
  note: string | null;
}

/**
 * The run `latest.json` points at, with its findings (ids and locations) and trend. A missing pointer
 * means a first run; an unreadable pointer or run gives no previous run and a note saying why.
 */
export async function readPreviousRun(store: ReportStore): Promise<PreviousRunResult> {
  let latest: LatestPointer | null;
  try {
    latest = await readLatest(store);
  } catch (error) {
    return {
      previous: null,
      note: `latest.json could not be read (${(error as Error).message}): not compared`,
    };
  }
  if (!latest) return { previous: null, note: null };
  const unreadable = (what: string) => ({
    previous: null,
    note: `the previous run ${latest.runId} could not be read (${what}): not compared`,
  });
  const [summaryText, findingsText] = await Promise.all([
    store.get(`${latest.prefix}summary.json`),
    store.get(`${latest.prefix}findings.jsonl`),
  ]);
  if (summaryText === null || findingsText === null) return unreadable("files missing");
  let summary: z.infer<typeof PreviousSummary>;
  const findings: ComparedFinding[] = [];
  try {
    summary = PreviousSummary.parse(JSON.parse(summaryText));
    for (const line of findingsText.split("\n")) {
      if (line.trim() === "") continue;
      findings.push(comparedFinding(ComparedFinding.parse(JSON.parse(line))));
    }
  } catch {
    // The parse error may quote file content: it is not passed on.
    return unreadable("summary.json or findings.jsonl does not parse");
  }
  const trend = summary.trend && summary.trend.length > 0 ? summary.trend : [trendPoint(summary)];
  return { previous: { runId: summary.runId, finishedAt: summary.finishedAt, findings, trend }, note: null };
}

export interface PublishedRun {
  /** The summary as written: with the comparison against the previous run and the trend. */
  summary: Summary;
  /** `runs/<YYYY-MM-DD>/<run-id>/`. */
  prefix: string;
  /** Keys written, run files first and latest.json last (when it moved). */
  keys: string[];
  /** Whether latest.json now points at this run (it never moves back to an older run). */
  latestUpdated: boolean;
}

/**
 * Publishes a finished run: reads the previous run through latest.json, adds the comparison and trend to
 * the summary, writes every report file under the run's own prefix (refusing to overwrite an existing
 * run), then latest.json, then deletes the run's partial results.
 */
export async function publishRun(
  store: ReportStore,
  report: ReportInput,
  options: ReportOptions = {},
): Promise<PublishedRun> {
  const { previous, note } = await readPreviousRun(store);
  if (previous?.runId === report.summary.runId)
    throw new ReportError(`run ${report.summary.runId} is already published`);
  const summary = withComparison(report.summary, report.findings, previous, note);
  const prefix = runPrefix(summary);
  if ((await store.list(prefix)).length > 0)
    throw new ReportError(`${store.locate(prefix)} already holds a run: runs are never overwritten`);

  const keys = await putReportFiles(store, prefix, { findings: report.findings, summary }, options);

  // latest.json last, and only forward: a slow older run finishing late does not hide a newer one.
  let current: LatestPointer | null = null;
  try {
    current = await readLatest(store);
  } catch {
    current = null; // unreadable: replaced by a good pointer
  }
  const latestUpdated = !current || Date.parse(current.finishedAt) <= Date.parse(summary.finishedAt);
  if (latestUpdated) {
    const pointer: LatestPointer = {
      schemaVersion: SCHEMA_VERSION,
      runId: summary.runId,
      prefix,
      startedAt: summary.startedAt,
      finishedAt: summary.finishedAt,
      files: keys.map((k) => k.slice(prefix.length)),
    };
    await store.put(LATEST_KEY, `${JSON.stringify(pointer, null, 2)}\n`, CONTENT_TYPES.json);
    keys.push(LATEST_KEY);
  }
  await cleanPartials(store, summary.runId);
  return { summary, prefix, keys, latestUpdated };
}
