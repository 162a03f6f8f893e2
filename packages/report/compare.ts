// Run-to-run comparison by stable finding id, and the trend of counts over the last runs. Pure functions.
import {
  type ChangeCounts,
  type ComparedFinding,
  type Comparison,
  type Finding,
  noComparison,
  SEVERITY_ORDER,
  type Summary,
  TREND_LENGTH,
  type TrendPoint,
} from "../core/schemas.ts";

/** What a comparison needs of the previous run: its id and time, and where its findings were. */
export interface PreviousRun {
  runId: string;
  finishedAt: string;
  findings: readonly ComparedFinding[];
  /** The previous run's own trend (oldest first), continued by this run. */
  trend: readonly TrendPoint[];
}

const unitKey = (f: { location: { store: string; object: string } }) =>
  JSON.stringify([f.location.store, f.location.object]);

export const comparedFinding = (f: ComparedFinding): ComparedFinding => ({
  id: f.id,
  dataType: f.dataType,
  severity: f.severity,
  location: { ...f.location },
});

const bySeverityThenLocation = (a: ComparedFinding, b: ComparedFinding) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
  a.location.store.localeCompare(b.location.store) ||
  a.location.object.localeCompare(b.location.object) ||
  (a.location.field ?? "").localeCompare(b.location.field ?? "") ||
  a.id.localeCompare(b.id);

/**
 * Compares this run's findings with the previous run's. A finding that disappeared counts as
 * *resolved* only when this run could have seen it: its unit was read in full, or is no longer listed
 * in a store this run scanned. If its unit was skipped or partly read, or its store was not scanned,
 * it is *unverified*. Finding sets are the findings of one unit (store + object).
 */
export function compareRuns(
  previous: PreviousRun | null,
  current: { findings: readonly Finding[]; summary: Pick<Summary, "coverage" | "stores"> },
): Comparison {
  if (!previous) return noComparison();

  const scannedStores = new Set(current.summary.stores.map((s) => s.store));
  const unitStatus = new Map(
    current.summary.coverage.units.map((u) => [unitKey({ location: u }), u.status] as const),
  );
  const previousIds = new Set(previous.findings.map((f) => f.id));
  const currentIds = new Set(current.findings.map((f) => f.id));

  const added = current.findings.filter((f) => !previousIds.has(f.id)).map(comparedFinding);
  const resolved: ComparedFinding[] = [];
  const unverified: ComparedFinding[] = [];
  for (const f of previous.findings) {
    if (currentIds.has(f.id)) continue;
    const status = unitStatus.get(unitKey(f));
    const couldSee = scannedStores.has(f.location.store) && (status === undefined || status === "scanned");
    (couldSee ? resolved : unverified).push(comparedFinding(f));
  }

  // Finding sets: units with findings in either run.
  const previousUnits = new Set(previous.findings.map(unitKey));
  const currentUnits = new Set(current.findings.map(unitKey));
  const unverifiedUnits = new Set(unverified.map(unitKey));
  const sets: ChangeCounts = { new: 0, resolved: 0, persisting: 0, unverified: 0 };
  for (const unit of currentUnits) sets[previousUnits.has(unit) ? "persisting" : "new"]++;
  for (const unit of previousUnits) {
    if (currentUnits.has(unit)) continue;
    sets[unverifiedUnits.has(unit) ? "unverified" : "resolved"]++;
  }

  return {
    previousRunId: previous.runId,
    previousFinishedAt: previous.finishedAt,
    note: null,
    findings: {
      new: added.length,
      resolved: resolved.length,
      persisting: current.findings.length - added.length,
      unverified: unverified.length,
    },
    findingSets: sets,
    new: added.sort(bySeverityThenLocation),
    resolved: resolved.sort(bySeverityThenLocation),
    unverified: unverified.sort(bySeverityThenLocation),
  };
}

/** This run's point of the trend. */
export function trendPoint(summary: {
  runId: string;
  finishedAt: string;
  totals: Pick<Summary["totals"], "findings" | "bySeverity">;
}): TrendPoint {
  return {
    runId: summary.runId,
    finishedAt: summary.finishedAt,
    findings: summary.totals.findings,
    bySeverity: { ...summary.totals.bySeverity },
  };
}

/** The previous run's trend continued by this run: at most TREND_LENGTH points, oldest first. */
export function continueTrend(previous: readonly TrendPoint[], summary: Summary): TrendPoint[] {
  const own = trendPoint(summary);
  const earlier = previous.filter((p) => p.runId !== own.runId);
  return [...earlier, own].slice(-TREND_LENGTH);
}

/** The summary with its comparison and trend filled in from the previous run (or as a first run). */
export function withComparison(
  summary: Summary,
  findings: readonly Finding[],
  previous: PreviousRun | null,
  note: string | null = null,
): Summary {
  const comparison = compareRuns(previous, { findings, summary });
  return {
    ...summary,
    comparison: { ...comparison, note },
    trend: continueTrend(previous?.trend ?? [], summary),
  };
}
