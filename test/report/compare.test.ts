import { describe, expect, it } from "vitest";
import { type Finding, Summary, TREND_LENGTH, type TrendPoint } from "../../packages/core/schemas.ts";
import { compareRuns, continueTrend, type PreviousRun, withComparison } from "../../packages/report/index.ts";
import { makeFinding, makeStore, makeSummary, makeUnit } from "./fixtures.ts";

const STORE = "s3://acme-qa-exports";
const at = (object: string, field: string | null = "ssn", store = STORE) =>
  makeFinding({ location: { store, container: store.slice(5), object, field } });

const previousRun = (findings: Finding[], trend: TrendPoint[] = []): PreviousRun => ({
  runId: "r-prev",
  finishedAt: "2025-02-28T02:03:00.000Z",
  findings,
  trend,
});

/** This run's summary: the listed units with their status, and the stores scanned. */
const current = (
  findings: Finding[],
  units: [string, "scanned" | "partial" | "skipped"][],
  stores = [STORE],
) => ({
  findings,
  summary: makeSummary(findings, {
    units: units.map(([object, status]) =>
      makeUnit({ store: STORE, object, status, reason: status === "scanned" ? null : "read-error" }),
    ),
    stores: stores.map((store) => makeStore({ store })),
  }),
});

describe("compareRuns", () => {
  it("has nothing to compare on a first run", () => {
    const c = compareRuns(null, current([at("a.csv")], [["a.csv", "scanned"]]));
    expect(c.previousRunId).toBeNull();
    expect(c.findings).toEqual({ new: 0, resolved: 0, persisting: 0, unverified: 0 });
    expect(c.new).toEqual([]);
  });

  it("counts findings by stable id and finding sets by object", () => {
    const before = [at("a.csv"), at("a.csv", "dl_number"), at("b.csv"), at("gone.csv")];
    const now = [at("a.csv"), at("b.csv", "tax_id"), at("new.csv"), at("new.csv", "dl")];
    const c = compareRuns(
      previousRun(before),
      current(now, [
        ["a.csv", "scanned"],
        ["b.csv", "scanned"],
        ["new.csv", "scanned"],
      ]),
    );
    expect(c.previousRunId).toBe("r-prev");
    // a.csv#ssn persists; a.csv#dl_number, b.csv#ssn and gone.csv#ssn are resolved; three are new.
    expect(c.findings).toEqual({ new: 3, resolved: 3, persisting: 1, unverified: 0 });
    // a.csv and b.csv have findings in both runs; new.csv is a new set; gone.csv a resolved one.
    expect(c.findingSets).toEqual({ new: 1, resolved: 1, persisting: 2, unverified: 0 });
    expect(c.resolved.map((f) => `${f.location.object}#${f.location.field}`).sort()).toEqual([
      "a.csv#dl_number",
      "b.csv#ssn",
      "gone.csv#ssn",
    ]);
    // Lists hold ids and locations only.
    expect(Object.keys(c.new[0] ?? {}).sort()).toEqual(["dataType", "id", "location", "severity"]);
  });

  it("does not call a finding resolved when its object was skipped or partly read, or its store not scanned", () => {
    const other = "s3://acme-dev-sandbox";
    const before = [at("skipped.csv"), at("partial.csv"), at("x.csv", "ssn", other), at("clean.csv")];
    const c = compareRuns(
      previousRun(before),
      current(
        [],
        [
          ["skipped.csv", "skipped"],
          ["partial.csv", "partial"],
          ["clean.csv", "scanned"],
        ],
      ),
    );
    expect(c.findings).toEqual({ new: 0, resolved: 1, persisting: 0, unverified: 3 });
    expect(c.findingSets).toEqual({ new: 0, resolved: 1, persisting: 0, unverified: 3 });
    expect(c.resolved.map((f) => f.location.object)).toEqual(["clean.csv"]);
  });

  it("lists new and resolved findings most severe first", () => {
    const now = [at("low.csv"), at("crit.csv")].map((f, i) => ({
      ...f,
      severity: i === 0 ? ("low" as const) : ("critical" as const),
    }));
    const c = compareRuns(previousRun([]), current(now, []));
    expect(c.new.map((f) => f.severity)).toEqual(["critical", "low"]);
  });
});

describe("trend", () => {
  const point = (i: number): TrendPoint => ({
    runId: `r${i}`,
    finishedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    findings: i,
    bySeverity: { critical: 0, high: i, medium: 0, low: 0, info: 0 },
  });

  it("continues the previous trend with this run, keeping the last TREND_LENGTH runs", () => {
    const summary = makeSummary([at("a.csv")], { runId: "now" });
    const trend = continueTrend(
      Array.from({ length: TREND_LENGTH + 3 }, (_, i) => point(i)),
      summary,
    );
    expect(trend).toHaveLength(TREND_LENGTH);
    expect(trend.at(-1)).toMatchObject({ runId: "now", findings: 1 });
    expect(trend.at(-2)?.runId).toBe(`r${TREND_LENGTH + 2}`);
  });

  it("gives a summary that still matches the schema", () => {
    const findings = [at("a.csv")];
    const summary = withComparison(makeSummary(findings), findings, previousRun([at("b.csv")], [point(1)]));
    expect(Summary.parse(summary)).toEqual(summary);
    expect(summary.trend.map((p) => p.runId)).toEqual(["r1", summary.runId]);
  });
});
