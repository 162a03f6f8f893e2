// "Since the previous run": new, resolved, persisting and not re-checked findings, and the trend of counts.
import { type ComparedFinding, SEVERITY_ORDER, type Summary } from "../../core/schemas.ts";
import { stackedColumns } from "./charts.ts";
import { html, type SafeHtml } from "./escape.ts";
import { DATA_TYPE_LABEL, fmtDate, fmtInt, plural, SEVERITY_LABEL } from "./format.ts";

const badge = (cls: string, text: string): SafeHtml => html`<span class="badge ${cls}">${text}</span>`;

interface FindingSet {
  store: string;
  container: string;
  object: string;
  findings: ComparedFinding[];
}

/** Groups findings by unit (store + object): one finding set per object, most severe first. */
export function findingSets(findings: readonly ComparedFinding[]): FindingSet[] {
  const sets = new Map<string, FindingSet>();
  for (const f of findings) {
    const key = JSON.stringify([f.location.store, f.location.object]);
    const set = sets.get(key) ?? {
      store: f.location.store,
      container: f.location.container,
      object: f.location.object,
      findings: [],
    };
    set.findings.push(f);
    sets.set(key, set);
  }
  const worst = (s: FindingSet) => Math.min(...s.findings.map((f) => SEVERITY_ORDER.indexOf(f.severity)));
  return [...sets.values()].sort(
    (a, b) =>
      worst(a) - worst(b) || a.container.localeCompare(b.container) || a.object.localeCompare(b.object),
  );
}

function setList(findings: readonly ComparedFinding[], kind: string): SafeHtml {
  return html`<ul class="sets" data-testid="sets-${kind}">${findingSets(findings).map(
    (set) =>
      html`<li><code>${set.object}</code> <span class="muted">in ${set.container}</span><ul>${set.findings.map(
        (f) =>
          html`<li>${badge(f.severity, SEVERITY_LABEL[f.severity])} ${DATA_TYPE_LABEL[f.dataType]} in ${f.location.field === null ? html`<span class="free-text">free text</span>` : html`field <code>${f.location.field}</code>`}</li>`,
      )}</ul></li>`,
  )}</ul>`;
}

/** One plain sentence of what changed, e.g. "1 object with new findings and 1 object whose findings were resolved". */
export function changeSentence(summary: Summary): string {
  const c = summary.comparison;
  if (!c.previousRunId) return "";
  const s = c.findingSets;
  const parts = [
    `${plural(s.new, "object")} with new findings`,
    `${plural(s.resolved, "object")} whose findings were all resolved`,
    `${plural(s.persisting, "object")} still holding findings`,
  ];
  if (s.unverified > 0) parts.push(`${plural(s.unverified, "object")} not re-checked`);
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function trendChart(summary: Summary): SafeHtml {
  const points = summary.trend;
  return stackedColumns({
    title: `Findings by severity over the last ${plural(points.length, "run")}`,
    columns: points.map((p) => ({
      label: p.finishedAt.slice(5, 10),
      highlight: p.runId === summary.runId,
      segments: [...SEVERITY_ORDER].reverse().map((s) => ({
        value: p.bySeverity[s],
        tone: s,
        name: `${SEVERITY_LABEL[s]} (run ${p.runId})`,
      })),
    })),
    emptyText: "No earlier runs recorded.",
  });
}

const legend = html`<p class="legend">${[...SEVERITY_ORDER].map((s) => html`<span class="key"><span class="swatch seg-${s}"></span>${SEVERITY_LABEL[s]}</span>`)}</p>`;

export function changesSection({ summary }: { summary: Summary }): SafeHtml {
  const c = summary.comparison;
  if (!c.previousRunId)
    return html`<section id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">Since the previous run</h2>
<p data-testid="no-previous-run">${c.note ?? "This is the first run at this report location: there is no previous run to compare with. The next run will show what is new and what was resolved."}</p>
${summary.trend.length > 1 && html`${trendChart(summary)}${legend}`}
</section>`;
  const row = (label: string, key: keyof typeof c.findings, meaning: string) =>
    html`<tr><th scope="row">${label}</th><td class="num" data-testid="change-sets-${key}">${fmtInt(c.findingSets[key])}</td><td class="num" data-testid="change-findings-${key}">${fmtInt(c.findings[key])}</td><td class="muted">${meaning}</td></tr>`;
  return html`<section id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">Since the previous run</h2>
<p>Compared with run <code data-testid="previous-run-id">${c.previousRunId}</code>${c.previousFinishedAt && ` (finished ${fmtDate(c.previousFinishedAt)})`}, by stable finding id: <strong data-testid="change-sentence">${changeSentence(summary)}</strong>.</p>
<div class="charts">
<table class="narrow">
<thead><tr><th scope="col">Change</th><th scope="col" class="num">Objects</th><th scope="col" class="num">Findings</th><th scope="col">Meaning</th></tr></thead>
<tbody>
${row("New", "new", "found this run, not in the previous run")}
${row("Resolved", "resolved", "gone from an object read in full this run, or the object is gone")}
${row("Persisting", "persisting", "found in both runs")}
${row("Not re-checked", "unverified", "gone, but the object was skipped or only partly read this run, or its store was not scanned")}
</tbody>
</table>
<div>${trendChart(summary)}${legend}</div>
</div>
${c.findings.new > 0 && html`<h3>New since the previous run <span class="muted">(${plural(c.new.length, "finding")} in ${plural(findingSets(c.new).length, "object")})</span></h3>${setList(c.new, "new")}`}
${c.findings.resolved > 0 && html`<h3>Resolved since the previous run <span class="muted">(${plural(c.resolved.length, "finding")} in ${plural(findingSets(c.resolved).length, "object")})</span></h3>${setList(c.resolved, "resolved")}`}
${c.findings.unverified > 0 && html`<h3>Not re-checked <span class="muted">(${plural(c.unverified.length, "finding")} in ${plural(findingSets(c.unverified).length, "object")})</span></h3><p class="muted">These findings of the previous run are absent, but this run could not confirm they are gone: see Coverage.</p>${setList(c.unverified, "unverified")}`}
</section>`;
}
