import { describe, expect, it } from "vitest";
import { escapeHtml, renderReportHtml, trendPoint, withComparison } from "../../packages/report/index.ts";
import { makeFinding, makeStore, makeSummary, makeUnit, sampleFindings } from "./fixtures.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';

const ALLOWED_TAGS = new Set(
  "html head meta title style body main header nav a section h1 h2 h3 h4 div span strong p ul li code dl dt dd table caption thead tbody tr th td br figure figcaption svg g text rect line article footer".split(
    " ",
  ),
);
const VOID_TAGS = new Set(["meta", "br"]);

/** Tags of the page: since data is escaped, every `<` in the output starts markup we wrote. */
function tags(page: string): { name: string; closing: boolean; raw: string }[] {
  return [...page.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)].map((m) => ({
    name: (m[2] ?? "").toLowerCase(),
    closing: m[1] === "/",
    raw: m[0],
  }));
}

function testId(page: string, id: string): string | undefined {
  return page.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1];
}
/** The markup of the element with this test id, up to its closing div. */
const testIdBlock = (page: string, id: string) =>
  page.match(new RegExp(`data-testid="${id}"[\\s\\S]*?</div>`))?.[0] ?? "";
const num = (text: string | undefined) => Number(text?.replaceAll(",", ""));

function hostileReport() {
  const findings = [
    makeFinding({
      location: { object: SCRIPT, field: IMG, store: "s3://it's-<b>bold</b>", container: "c&d" },
      environmentDetail: `tag Environment=${SCRIPT}`,
      realDataReasons: [IMG],
      severityReasons: [SCRIPT],
      evidence: ["<i>***-**-6789"],
      remediation: `Delete ${IMG}`,
    }),
    makeFinding({ location: { field: SCRIPT }, severity: "high", protection: { weak: true, note: IMG } }),
  ];
  const summary = makeSummary(findings, {
    runId: `run-${SCRIPT}`,
    targets: [`s3://${IMG}`],
    units: [
      makeUnit(),
      makeUnit({
        object: IMG,
        status: "skipped",
        reason: "access-denied",
        note: SCRIPT,
        bytesRead: 0,
        records: 0,
      }),
      makeUnit({ object: SCRIPT, status: "partial", reason: "line-too-long", note: IMG }),
    ],
    stores: [makeStore({ store: SCRIPT, environmentDetail: IMG, posture: { [SCRIPT]: IMG, Owner: SCRIPT } })],
    methodology: {
      detectors: [{ dataType: "US_SSN", version: SCRIPT, description: IMG }],
      limits: { [IMG]: 1 },
    },
  });
  const hostileOld = makeFinding({
    location: {
      object: `old-${IMG}`,
      field: `${SCRIPT}.ssn`,
      store: "s3://acme-qa-exports",
      container: SCRIPT,
    },
  });
  const compared = withComparison(summary, findings, {
    runId: `prev-${SCRIPT}`,
    finishedAt: "2025-02-28T02:00:00.000Z",
    findings: [hostileOld],
    trend: [{ ...trendPoint(summary), runId: `prev-${IMG}`, finishedAt: "2025-02-28T02:00:00.000Z" }],
  });
  return { findings, summary: compared, page: renderReportHtml(findings, compared) };
}

describe("escapeHtml", () => {
  it("escapes & < > \" and '", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
    expect(escapeHtml(IMG)).toBe("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  it("turns null and undefined into empty text and numbers into text", () => {
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(undefined)).toBe("");
    expect(escapeHtml(42)).toBe("42");
  });

  it("makes invisible control and bidi-override characters visible", () => {
    expect(escapeHtml("exe.\u202Etxt")).toBe("exe.⟨U+202E⟩txt");
    expect(escapeHtml("a\u0000b")).toBe("a⟨U+0000⟩b");
    expect(escapeHtml("tab\tand\nnewline")).toBe("tab\tand\nnewline");
  });
});

describe("report.html", () => {
  it("escapes every value from data: keys, field names, stores, notes, tags, evidence", () => {
    const { page } = hostileReport();
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toMatch(/<i>|<b>/);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("s3://it&#39;s-&lt;b&gt;bold&lt;/b&gt;");
    // ...also in the comparison lists and the trend chart.
    expect(page).toContain("old-&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("prev-&lt;script&gt;");
    expect(page).toContain('data-testid="sets-unverified"');
    for (const tag of tags(page)) {
      expect(ALLOWED_TAGS.has(tag.name), tag.raw).toBe(true);
      expect(tag.raw, "no event-handler attributes").not.toMatch(/\son\w+\s*=/i);
    }
  });

  it("is well-formed: every opened element is closed in order", () => {
    const { page } = hostileReport();
    const stack: string[] = [];
    for (const tag of tags(page)) {
      if (VOID_TAGS.has(tag.name)) continue;
      if (tag.closing) expect(stack.pop(), tag.raw).toBe(tag.name);
      else stack.push(tag.name);
    }
    expect(stack).toEqual([]);
  });

  it("is self-contained: no external references, no script, inline CSS with print rules", () => {
    const page = renderReportHtml(sampleFindings(), makeSummary(sampleFindings()));
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/\ssrc=/i);
    expect(page).not.toMatch(/url\(/i);
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#/);
    expect(page).toContain("<style>");
    expect(page).toContain("@media print");
    expect(page).toContain("Content-Security-Policy");
  });

  it("headline numbers match the summary", () => {
    const findings = sampleFindings();
    const summary = makeSummary(findings, {
      units: [
        makeUnit(),
        makeUnit({ object: "b.parquet", sampled: true }),
        makeUnit({ object: "c.bin", status: "skipped", reason: "binary", bytesRead: 0 }),
        makeUnit({ object: "d.gz", status: "skipped", reason: "decompression-limit" }),
        makeUnit({ object: "e.gz", status: "skipped", reason: "decompression-limit" }),
        makeUnit({ object: "f.csv", status: "partial", reason: "line-too-long", note: "row 12 truncated" }),
      ],
    });
    const page = renderReportHtml(findings, summary);
    expect(num(testId(page, "critical-count"))).toBe(summary.totals.bySeverity.critical);
    expect(num(testId(page, "total-findings"))).toBe(summary.totals.findings);
    expect(num(testId(page, "nonprod-real-count"))).toBe(summary.totals.nonProductionWithRealData.length);
    expect(num(testId(page, "listed-count"))).toBe(6);
    expect(num(testId(page, "scanned-count"))).toBe(summary.coverage.scanned);
    expect(num(testId(page, "partial-count"))).toBe(1);
    expect(num(testId(page, "skipped-count"))).toBe(3);
    expect(num(testId(page, "sampled-count"))).toBe(1);
    expect(num(testId(page, "skipped-reason-decompression-limit"))).toBe(2);
    for (const s of ["critical", "high", "medium", "low", "info"] as const) {
      expect(num(testId(page, `severity-count-${s}`))).toBe(summary.totals.bySeverity[s]);
    }
    expect(page).toMatch(/data-testid="nonprod-real-stores">[\s\S]*?s3:\/\/acme-qa-exports/);
    expect(page).toContain("row 12 truncated");
    expect(page).toContain("Incomplete coverage");
  });

  it("groups findings by severity, most severe first, and shows free text and protection", () => {
    const page = renderReportHtml(sampleFindings(), makeSummary(sampleFindings()));
    const order = ["critical", "high", "medium", "low", "info"].map((s) =>
      page.indexOf(`id="severity-${s}"`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain("free text");
    expect(page).toContain("weak protection");
    expect(page).toContain("<strong>980</strong> of 1,000 values (98%)");
  });

  it("renders a readable page with no findings", () => {
    const page = renderReportHtml([], makeSummary([], { stores: [], targets: [] }));
    expect(page).toContain('data-testid="no-findings"');
    expect(page).toContain("No findings");
    expect(page).toContain("No non-production store was found holding");
    expect(page).toContain("No stores were scanned.");
    expect(page).toContain("Every listed unit was scanned in full.");
    expect(testId(page, "critical-count")).toBe("0");
    expect(testId(page, "total-findings")).toBe("0");
    expect(page).not.toContain("undefined");
    expect(page).not.toContain("NaN");
  });

  it("says what changed since the previous run, by finding set, and draws the trend", () => {
    const kept = makeFinding({ location: { object: "kept.csv" } });
    const added = [
      makeFinding({ location: { object: "added.csv" } }),
      makeFinding({ location: { object: "added.csv", field: "dl" } }),
    ];
    const gone = makeFinding({ location: { object: "gone.csv" }, severity: "high" });
    const findings = [kept, ...added];
    const previousSummary = makeSummary([kept, gone], {
      runId: "r-prev",
      finishedAt: "2025-02-28T02:00:00.000Z",
    });
    const summary = withComparison(makeSummary(findings), findings, {
      runId: "r-prev",
      finishedAt: "2025-02-28T02:00:00.000Z",
      findings: [kept, gone],
      trend: previousSummary.trend,
    });
    const page = renderReportHtml(findings, summary);
    expect(testId(page, "previous-run-id")).toBe("r-prev");
    expect(num(testId(page, "change-sets-new"))).toBe(1);
    expect(num(testId(page, "change-sets-resolved"))).toBe(1);
    expect(num(testId(page, "change-sets-persisting"))).toBe(1);
    expect(num(testId(page, "change-findings-new"))).toBe(2);
    expect(num(testId(page, "change-findings-resolved"))).toBe(1);
    expect(testId(page, "kpi-new-sets")).toBe("+1");
    expect(testId(page, "kpi-resolved-sets")).toBe("−1");
    expect(testId(page, "change-sentence")).toBe(
      "1 object with new findings, 1 object whose findings were all resolved and 1 object still holding findings",
    );
    expect(page).toMatch(/data-testid="sets-new">[\s\S]*?added\.csv/);
    expect(page).toMatch(/data-testid="sets-resolved">[\s\S]*?gone\.csv/);
    expect(page.match(/class="col( col-current)?"/g)).toHaveLength(2);
    expect(page).toContain("Findings by severity over the last 2 runs");
    expect(page.match(/new since the previous run<\/span>/g)).toHaveLength(2);
  });

  it("says in the headline how sure the real-data verdict is", () => {
    const verdict = (findings: ReturnType<typeof sampleFindings>) =>
      testIdBlock(renderReportHtml(findings, makeSummary(findings)), "verdict");
    expect(verdict(sampleFindings())).toContain(
      "1 non-production store holds real customer data, confirmed against production:",
    );
    expect(verdict([makeFinding()])).toContain(
      "1 non-production store holds what is likely real customer data:",
    );
    expect(verdict([makeFinding({ environment: "production" })])).toContain(
      "No non-production store holds real customer data.",
    );
  });

  it("says when there is nothing to compare with", () => {
    const page = renderReportHtml(sampleFindings(), makeSummary(sampleFindings()));
    expect(page).toContain('data-testid="no-previous-run"');
    expect(page).toContain("first run at this report location");
    expect(page).not.toContain('data-testid="change-sentence"');
  });

  it("explains the severity model, sampling and comparison in the methodology", () => {
    const page = renderReportHtml(sampleFindings(), makeSummary(sampleFindings()));
    expect(page).toContain('id="severity-model"');
    expect(page).toContain(
      "No sampling: every scanned object was read from start to end up to 4.0 GiB per object",
    );
    const sampled = makeSummary([], { units: [makeUnit({ sampled: true }), makeUnit({ object: "b.csv" })] });
    expect(renderReportHtml([], sampled)).toContain("1 object of 2 read was sampled");
  });

  it("is deterministic", () => {
    const f = sampleFindings();
    expect(renderReportHtml(f, makeSummary(f))).toBe(renderReportHtml(f, makeSummary(f)));
  });
});
