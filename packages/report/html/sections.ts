// The sections of the HTML report. Each takes validated findings/summary and returns safe markup.
import {
  type Finding,
  SEVERITY_ORDER,
  type Severity,
  type SkipReason,
  type StoreSummary,
  type Summary,
  type UnitCoverage,
} from "../../core/schemas.ts";
import { changeSentence } from "./changes.ts";
import { barChart } from "./charts.ts";
import { type HtmlValue, html, type SafeHtml } from "./escape.ts";
import {
  DATA_TYPE_LABEL,
  fmtBytes,
  fmtDate,
  fmtDuration,
  fmtInt,
  fmtNumber,
  fmtPercent,
  plural,
  RULE_LABEL,
  SEVERITY_LABEL,
} from "./format.ts";

export interface ReportModel {
  findings: readonly Finding[];
  summary: Summary;
}

const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  empty: "The unit holds no data.",
  binary: "Binary content that no format reader understands.",
  "unsupported-format": "A format the scanner does not read.",
  "decompression-limit": "Decompressed size or ratio over the limit (possible decompression bomb).",
  "truncated-compressed": "The compressed stream ended early.",
  malformed: "The content could not be parsed.",
  "line-too-long": "A line or record was longer than the line limit.",
  "too-large": "Larger than the size cap.",
  "unknown-encoding": "The text encoding could not be determined.",
  "read-error": "Reading failed.",
  "access-denied": "The scanner may not read it.",
  "not-found": "Listed, but gone when read.",
  "wrong-region": "The bucket lives in another region than the one asked.",
  "archived-storage-class": "In an archival storage class that needs a restore before reading.",
  excluded: "Excluded by configuration.",
  timeout: "The time budget ran out.",
};

const kv = (rows: readonly (readonly [string, HtmlValue] | false)[]): SafeHtml =>
  html`<dl class="kv">${rows.map((row) => row && html`<dt>${row[0]}</dt><dd>${row[1]}</dd>`)}</dl>`;

const list = (items: readonly string[], empty: string): SafeHtml =>
  items.length === 0
    ? html`<span class="empty">${empty}</span>`
    : html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;

const badge = (cls: string, text: string): SafeHtml => html`<span class="badge ${cls}">${text}</span>`;

const environmentText = (environment: string, rule: keyof typeof RULE_LABEL, detail: string): SafeHtml =>
  html`${badge(environment, environment)} <span class="muted">by ${RULE_LABEL[rule]}${detail ? ": " : ""}</span>${detail}`;

const notFullyScanned = (s: Summary): number => s.coverage.skipped + s.coverage.partial;

export function headerSection({ summary }: ReportModel): SafeHtml {
  return html`<header>
<h1>Exposure Audit report</h1>
<p class="subtitle">Plaintext US Social Security and driver's-license numbers in ${plural(summary.targets.length, "target")} · run <code>${summary.runId}</code> · finished ${fmtDate(summary.finishedAt)}</p>
<nav class="toc" aria-label="Sections"><a href="#headline">Headline</a><a href="#changes">Since the previous run</a><a href="#stores">Stores</a><a href="#findings">Findings</a><a href="#coverage">Coverage</a><a href="#methodology">Methodology</a><a href="#run">Run</a></nav>
</header>`;
}

/** The store's short name (its container) for people; the URI stays next to it. */
function containerOf(summary: Summary, store: string): string {
  return summary.stores.find((s) => s.store === store)?.container ?? store;
}

/** How sure the real-data verdict of these stores is, in words: confirmed, likely, or a mix. */
function realDataWords(findings: readonly Finding[], stores: readonly string[]): string {
  const confirmed = new Set(
    findings
      .filter(
        (f) => f.exposure === "plaintext" && f.realData === "confirmed" && stores.includes(f.location.store),
      )
      .map((f) => f.location.store),
  );
  if (confirmed.size === 0) return "what is likely real customer data";
  if (confirmed.size === stores.length) return "real customer data, confirmed against production";
  return `real customer data (${fmtInt(confirmed.size)} confirmed against production, ${fmtInt(stores.length - confirmed.size)} likely)`;
}

/** The headline in plain sentences: what an auditor needs to know before reading anything else. */
function verdict({ findings, summary }: ReportModel): SafeHtml {
  const { totals, coverage } = summary;
  const critical = totals.bySeverity.critical;
  const nonProd = totals.nonProductionWithRealData;
  const plaintext = findings.filter((f) => f.exposure === "plaintext");
  const inProduction = plaintext.filter((f) => f.environment === "production").length;
  const gap = notFullyScanned(summary);
  const names = nonProd.map((s) => containerOf(summary, s));
  const change = changeSentence(summary);
  return html`<div class="verdict" data-testid="verdict">
<p><strong>${critical === 0 ? "No critical findings." : `${plural(critical, "critical finding")}.`}</strong> ${
    nonProd.length === 0
      ? "No non-production store holds real customer data."
      : html`<strong class="bad">${plural(nonProd.length, "non-production store")} ${nonProd.length === 1 ? "holds" : "hold"} ${realDataWords(findings, nonProd)}:</strong> ${names.map((n, i) => html`${i > 0 && ", "}<strong class="name">${n}</strong>`)}.`
  }</p>
<p>${plural(plaintext.length, "field")} ${plaintext.length === 1 ? "holds" : "hold"} US Social Security or driver's-license numbers in plaintext (${fmtInt(inProduction)} in production stores)${findings.length > plaintext.length && html`; ${fmtInt(findings.length - plaintext.length)} more ${findings.length - plaintext.length === 1 ? "field is" : "fields are"} protected (masked, hashed, encrypted or tokenized)`}. ${
    gap === 0
      ? `All ${plural(coverage.listed, "object")} listed ${coverage.listed === 1 ? "was" : "were"} read${coverage.sampled > 0 ? ` (${fmtInt(coverage.sampled)} sampled)` : " in full"}.`
      : `${fmtInt(gap)} of ${plural(coverage.listed, "object")} listed could not be read in full: see Coverage.`
  }</p>
${change ? html`<p>Since the previous run: ${change}.</p>` : html`<p class="muted">First run at this report location: nothing to compare yet.</p>`}
</div>`;
}

export function headlineSection(model: ReportModel): SafeHtml {
  const { findings, summary } = model;
  const { totals, coverage } = summary;
  const critical = totals.bySeverity.critical;
  const nonProd = totals.nonProductionWithRealData;
  const gap = notFullyScanned(summary);
  const realDataAlert =
    nonProd.length > 0
      ? html`<div class="alert" role="alert"><strong>Real customer data outside production:</strong> ${plural(nonProd.length, "non-production store")} ${nonProd.length === 1 ? "holds" : "hold"} confirmed or likely real data.
<ul data-testid="nonprod-real-stores">${nonProd.map((s) => html`<li><strong>${containerOf(summary, s)}</strong> <code class="uri">${s}</code></li>`)}</ul></div>`
      : html`<div class="alert ok" data-testid="nonprod-real-stores">No non-production store was found holding confirmed or likely real customer data.</div>`;
  const coverageAlert =
    gap > 0 &&
    html`<div class="alert warn"><strong>Incomplete coverage:</strong> ${fmtInt(gap)} of ${plural(coverage.listed, "listed unit")} ${gap === 1 ? "was" : "were"} not fully scanned (${fmtInt(coverage.skipped)} skipped, ${fmtInt(coverage.partial)} partial). Findings say nothing about what was not read: see <a href="#coverage">Coverage</a>.</div>`;
  const mismatch =
    findings.length !== totals.findings &&
    html`<div class="alert warn">This page lists ${plural(findings.length, "finding")}; the run summary counts ${fmtInt(totals.findings)}.</div>`;
  const c = summary.comparison;
  const changeKpi =
    c.previousRunId &&
    html`<div class="kpi ${c.findingSets.new > 0 ? "warn" : ""}"><span class="num"><span data-testid="kpi-new-sets">+${fmtInt(c.findingSets.new)}</span> <span class="sep">/</span> <span data-testid="kpi-resolved-sets">−${fmtInt(c.findingSets.resolved)}</span></span><span class="what">objects with new / resolved findings since the previous run</span></div>`;
  return html`<section id="headline" aria-labelledby="headline-title">
<h2 id="headline-title">Headline</h2>
${verdict(model)}
<div class="kpis">
<div class="kpi ${critical > 0 ? "critical" : "zero"}"><span class="num" data-testid="critical-count">${fmtInt(critical)}</span><span class="what">critical ${critical === 1 ? "finding" : "findings"}</span></div>
<div class="kpi ${nonProd.length > 0 ? "critical" : "zero"}"><span class="num" data-testid="nonprod-real-count">${fmtInt(nonProd.length)}</span><span class="what">non-production ${nonProd.length === 1 ? "store" : "stores"} with real customer data</span></div>
<div class="kpi"><span class="num" data-testid="total-findings">${fmtInt(totals.findings)}</span><span class="what">${totals.findings === 1 ? "finding" : "findings"} in total (${fmtInt(totals.byDataType.US_SSN)} SSN, ${fmtInt(totals.byDataType.US_DRIVERS_LICENSE)} driver's license)</span></div>
<div class="kpi ${gap > 0 ? "warn" : ""}"><span class="num" data-testid="listed-count">${fmtInt(coverage.listed)}</span><span class="what">units listed: ${fmtInt(coverage.scanned)} scanned, ${fmtInt(coverage.partial)} partial, ${fmtInt(coverage.skipped)} skipped</span></div>
${changeKpi}
</div>
${realDataAlert}
${coverageAlert}
${mismatch}
<div class="charts">
${barChart({
  title: "Findings by severity",
  bars: SEVERITY_ORDER.map((s) => ({ label: SEVERITY_LABEL[s], value: totals.bySeverity[s], tone: s })),
  emptyText: "No findings.",
})}
<table class="narrow">
<caption>Findings by severity and by real-data verdict</caption>
<thead><tr><th scope="col">Severity</th><th scope="col" class="num">Findings</th></tr></thead>
<tbody>${SEVERITY_ORDER.map(
    (s) =>
      html`<tr><td>${badge(s, SEVERITY_LABEL[s])}</td><td class="num" data-testid="severity-count-${s}">${fmtInt(totals.bySeverity[s])}</td></tr>`,
  )}</tbody>
<tbody>${(["confirmed", "likely", "unlikely"] as const).map(
    (r) =>
      html`<tr><td>real data ${badge(r, r)}</td><td class="num" data-testid="realdata-count-${r}">${fmtInt(totals.byRealData[r])}</td></tr>`,
  )}</tbody>
</table>
</div>
</section>`;
}

function postureList(posture: StoreSummary["posture"]): SafeHtml {
  const entries = Object.entries(posture);
  if (entries.length === 0) return html`<span class="empty">not recorded</span>`;
  return kv(entries.map(([k, v]) => [k, v] as const));
}

export function storesSection({ summary }: ReportModel): SafeHtml {
  const realData = new Set(summary.totals.nonProductionWithRealData);
  const body =
    summary.stores.length === 0
      ? html`<p class="empty">No stores were scanned.</p>`
      : html`<table>
<thead><tr><th scope="col">Store</th><th scope="col">Environment</th><th scope="col">Posture</th><th scope="col" class="num">Objects</th><th scope="col" class="num">Findings</th></tr></thead>
<tbody>${summary.stores.map(
          (s) => html`<tr>
<td><strong>${s.container}</strong>${realData.has(s.store) && html` ${badge("confirmed", "real customer data")}`}<br><code class="uri">${s.store}</code>${s.error && html`<br>${badge("skipped", "not readable")} <span class="muted">${s.error.reason}: ${s.error.message}</span>`}</td>
<td>${environmentText(s.environment, s.environmentRule, s.environmentDetail)}</td>
<td class="posture">${postureList(s.posture)}</td>
<td class="num">${fmtInt(s.objects)}</td>
<td class="num">${fmtInt(s.findings)}</td>
</tr>`,
        )}</tbody>
</table>`;
  return html`<section id="stores" aria-labelledby="stores-title">
<h2 id="stores-title">Stores</h2>
<p class="muted">Environment is decided by explicit configuration, then tags, then the account map, then the store name. Posture is recorded for the record; default encryption at rest does not protect plaintext values inside files.</p>
${body}
</section>`;
}

function exposureText(f: Finding): SafeHtml {
  if (f.exposure === "plaintext")
    return html`${badge("plaintext", "plaintext")} <span class="muted">unencrypted values</span>`;
  const weak = f.protection?.weak === true;
  return html`${badge(weak ? "weak" : "protected", `protected: ${f.exposure}`)}${weak && html` ${badge("weak", "weak protection")}`}${f.protection && html` ${f.protection.note}`}`;
}

function matchesText(f: Finding): SafeHtml {
  const pct = fmtPercent(f.matchCount, f.valueCount);
  const extra = [
    `${fmtInt(f.distinctCount)} distinct`,
    f.testValueCount > 0 &&
      `${fmtInt(f.testValueCount)} well-known test ${f.testValueCount === 1 ? "value" : "values"}`,
    f.invalidCount > 0 && `${fmtInt(f.invalidCount)} shaped but invalid`,
  ].filter((x): x is string => typeof x === "string");
  return html`<strong>${fmtInt(f.matchCount)}</strong> of ${plural(f.valueCount, "value")}${pct && ` (${pct})`}; ${extra.join("; ")}`;
}

function findingCard(f: Finding, isNew: boolean): SafeHtml {
  const where =
    f.location.field === null
      ? html`in <span class="free-text">free text</span>`
      : html`in field <code>${f.location.field}</code>`;
  return html`<article class="finding ${f.severity}" id="finding-${f.id}">
<h4>${badge(f.severity, SEVERITY_LABEL[f.severity])}${isNew && html` ${badge("new", "new since the previous run")}`} ${DATA_TYPE_LABEL[f.dataType]} ${where} <span class="muted">of</span> <code>${f.location.object}</code> <span class="muted">in ${f.location.container}</span></h4>
${kv([
  [
    "Store",
    html`<code>${f.location.store}</code> <span class="muted">container ${f.location.container}</span>`,
  ],
  ["Object", html`<code>${f.location.object}</code> <span class="muted">${f.format}</span>`],
  [
    "Field",
    f.location.field === null
      ? html`<span class="free-text">free text</span>`
      : html`<code>${f.location.field}</code>`,
  ],
  ["Exposure", exposureText(f)],
  ["Matches", matchesText(f)],
  ["Confidence", f.confidence],
  ["Environment", environmentText(f.environment, f.environmentRule, f.environmentDetail)],
  ["Real data", html`${badge(f.realData, f.realData)}${list(f.realDataReasons, "")}`],
  ["Severity", list(f.severityReasons, "no reasons recorded")],
  [
    "Evidence",
    f.evidence.length === 0
      ? html`<span class="empty">none kept</span>`
      : html`<span class="evidence">${f.evidence.map((e) => html`<code>${e}</code>`)}</span> <span class="muted">(redacted)</span>`,
  ],
  f.states.length > 0 && ["States", f.states.join(", ")],
  ["Remediation", f.remediation],
  ["Finding id", html`<code>${f.id}</code>`],
])}
</article>`;
}

/** One row per finding: the whole list at a glance, each row linking to its card. */
function findingsTable(findings: readonly Finding[], fresh: ReadonlySet<string>): SafeHtml {
  return html`<table class="findings-table" data-testid="findings-table">
<caption>All findings at a glance, most severe first</caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Data</th><th scope="col">Store / object / field</th><th scope="col">Environment</th><th scope="col">Real data</th><th scope="col" class="num">Matches</th></tr></thead>
<tbody>${findings.map(
    (f) => html`<tr>
<td>${badge(f.severity, SEVERITY_LABEL[f.severity])}${fresh.has(f.id) && html` ${badge("new", "new")}`}</td>
<td>${f.dataType === "US_SSN" ? "SSN" : "Driver's license"}<br>${f.exposure === "plaintext" ? badge("plaintext", "plaintext") : badge(f.protection?.weak ? "weak" : "protected", f.exposure)}</td>
<td><a href="#finding-${f.id}"><strong>${f.location.container}</strong> / <code>${f.location.object}</code></a><br>${f.location.field === null ? html`<span class="free-text">free text</span>` : html`field <code>${f.location.field}</code>`}</td>
<td>${badge(f.environment, f.environment)}</td>
<td>${f.exposure === "plaintext" ? badge(f.realData, f.realData) : html`<span class="muted">n/a</span>`}</td>
<td class="num">${fmtInt(f.matchCount)}</td>
</tr>`,
  )}</tbody>
</table>`;
}

export function findingsSection({ findings, summary }: ReportModel): SafeHtml {
  const fresh = new Set(summary.comparison.previousRunId ? summary.comparison.new.map((f) => f.id) : []);
  const bySeverity = new Map<Severity, Finding[]>(SEVERITY_ORDER.map((s) => [s, []]));
  for (const f of findings) bySeverity.get(f.severity)?.push(f);
  const gap = notFullyScanned(summary);
  const body =
    findings.length === 0
      ? html`<p class="empty" data-testid="no-findings">No findings: no scanned field held US Social Security or driver's-license numbers.${gap > 0 && ` ${plural(gap, "unit")} ${gap === 1 ? "was" : "were"} not fully scanned; see Coverage.`}</p>`
      : html`${findingsTable(
          SEVERITY_ORDER.flatMap((s) => bySeverity.get(s) ?? []),
          fresh,
        )}${SEVERITY_ORDER.map((s) => {
          const group = bySeverity.get(s) ?? [];
          return (
            group.length > 0 &&
            html`<section id="severity-${s}"><h3>${SEVERITY_LABEL[s]} <span class="muted">(${fmtInt(group.length)})</span></h3>${group.map((f) => findingCard(f, fresh.has(f.id)))}</section>`
          );
        })}`;
  return html`<section id="findings" aria-labelledby="findings-title">
<h2 id="findings-title">Findings</h2>
<p class="muted">One finding per field of one object and data type. Severity follows the <a href="#severity-model">severity model</a>. Evidence is redacted: an SSN shows at most its last 4 digits, a license number its last 2 characters.</p>
${body}
</section>`;
}

function unitRow(u: UnitCoverage): SafeHtml {
  const format = [u.format, u.compression && u.compression !== "none" ? u.compression : null]
    .filter(Boolean)
    .join(" + ");
  return html`<tr>
<td><code>${u.object}</code><br><span class="muted">${u.store}</span></td>
<td>${badge(u.status, u.status)}${u.sampled && html` ${badge("sampled", "sampled")}`}</td>
<td>${u.reason ? html`<code>${u.reason}</code>` : html`<span class="muted">none</span>`}</td>
<td>${u.note ?? html`<span class="muted">none</span>`}</td>
<td>${format || html`<span class="muted">unknown</span>`}</td>
<td class="num">${u.sizeBytes === null ? "unknown" : fmtBytes(u.sizeBytes)}</td>
<td class="num">${fmtBytes(u.bytesRead)}</td>
<td class="num">${fmtInt(u.records)}</td>
</tr>`;
}

/** Incremental runs: how many units were carried forward unchanged and why any were read again. */
function incrementalNote(summary: Summary): SafeHtml | "" {
  const inc = summary.incremental;
  if (!inc) return "";
  const read = inc.rescanned;
  return html`<p data-testid="incremental">${fmtInt(inc.carried)} carried forward unchanged from an earlier run, ${fmtInt(read)} read in this run${inc.stateKept ? "" : " (no scan state kept for the next run)"}.${inc.notes.length > 0 ? html` <span class="muted">${inc.notes.join("; ")}</span>` : ""}</p>`;
}

export function coverageSection({ summary }: ReportModel): SafeHtml {
  const c = summary.coverage;
  const reasons = (Object.entries(c.skippedByReason) as [SkipReason, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const notFull = c.units.filter((u) => u.status !== "scanned" || u.sampled);
  const unitsBody =
    notFull.length > 0
      ? html`<table>
<caption>Units not fully scanned (skipped, partial or sampled)</caption>
<thead><tr><th scope="col">Object</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Note</th><th scope="col">Format</th><th scope="col" class="num">Size</th><th scope="col" class="num">Read</th><th scope="col" class="num">Records</th></tr></thead>
<tbody>${notFull.map(unitRow)}</tbody>
</table>`
      : notFullyScanned(summary) > 0 || c.sampled > 0
        ? html`<p class="empty">Per-unit details were not recorded for this run.</p>`
        : c.listed === 0
          ? html`<p class="empty">No units were listed.</p>`
          : html`<p class="empty" data-testid="all-scanned">Every listed unit was scanned in full.</p>`;
  return html`<section id="coverage" aria-labelledby="coverage-title">
<h2 id="coverage-title">Coverage</h2>
<p class="muted">Every unit a store lists ends as scanned, partially scanned or skipped with a reason: nothing silently disappears.</p>
${incrementalNote(summary)}
<div class="charts">
<table class="narrow">
<thead><tr><th scope="col">Units</th><th scope="col" class="num">Count</th></tr></thead>
<tbody>
<tr><td>Listed</td><td class="num">${fmtInt(c.listed)}</td></tr>
<tr><td>Scanned</td><td class="num" data-testid="scanned-count">${fmtInt(c.scanned)}</td></tr>
<tr><td>Partially scanned</td><td class="num" data-testid="partial-count">${fmtInt(c.partial)}</td></tr>
<tr><td>Skipped</td><td class="num" data-testid="skipped-count">${fmtInt(c.skipped)}</td></tr>
<tr><td>Sampled (of scanned or partial)</td><td class="num" data-testid="sampled-count">${fmtInt(c.sampled)}</td></tr>
<tr><td>Bytes read</td><td class="num" data-testid="bytes-read">${fmtBytes(c.bytesRead)}</td></tr>
</tbody>
</table>
${barChart({
  title: "Units by status",
  bars: [
    { label: "scanned", value: c.scanned, tone: "scanned" },
    { label: "partial", value: c.partial, tone: "partial" },
    { label: "skipped", value: c.skipped, tone: "skipped" },
    { label: "sampled", value: c.sampled, tone: "sampled" },
  ],
  emptyText: "No units were listed.",
})}
${barChart({
  title: "Skipped by reason",
  bars: reasons.map(([reason, n]) => ({ label: reason, value: n, tone: "reason" })),
  emptyText: "Nothing was skipped.",
})}
</div>
${
  reasons.length > 0 &&
  html`<table>
<caption>Skipped by reason</caption>
<thead><tr><th scope="col">Reason</th><th scope="col">Meaning</th><th scope="col" class="num">Units</th></tr></thead>
<tbody>${reasons.map(([reason, n]) => html`<tr><td><code>${reason}</code></td><td>${SKIP_REASON_TEXT[reason]}</td><td class="num" data-testid="skipped-reason-${reason}">${fmtInt(n)}</td></tr>`)}</tbody>
</table>`
}
${unitsBody}
</section>`;
}

const SEVERITY_MODEL: readonly (readonly [Severity, string])[] = [
  ["critical", "Plaintext numbers outside production, confirmed real (they match production values)."],
  [
    "high",
    "Plaintext numbers that are likely real outside production or in a store of unknown environment; any plaintext field in production.",
  ],
  ["medium", "Protected, but weakly: a plain hash (all 10^9 SSNs are hashed in minutes)."],
  [
    "low",
    "Plaintext that looks synthetic (never-issued, repeated or sequential numbers); well-known test values never rise above low.",
  ],
  ["info", "Masked, tokenized or encrypted fields: recorded, no exposure."],
];

function samplingText(summary: Summary): string {
  const { sampled, scanned, partial } = summary.coverage;
  const cap = summary.methodology.limits.maxBytes;
  const capText = cap ? ` up to ${fmtBytes(cap)} per object` : "";
  if (sampled === 0)
    return `No sampling: every scanned object was read from start to end${capText}; a larger object is read to the cap and reported as partial.`;
  return `${plural(sampled, "object")} of ${fmtInt(scanned + partial)} read ${sampled === 1 ? "was" : "were"} sampled (not every record was read); they are marked "sampled" under Coverage. Others were read in full${capText}.`;
}

export function methodologySection({ summary }: ReportModel): SafeHtml {
  const { detectors, limits } = summary.methodology;
  const limitEntries = Object.entries(limits);
  return html`<section id="methodology" aria-labelledby="methodology-title">
<h2 id="methodology-title">Methodology</h2>
${kv([
  [
    "Exposure",
    "A field is a plaintext exposure when its values hold valid numbers in clear text. Masked, hashed, encrypted or tokenized values are reported as protected; an unsalted hash of an SSN is weak protection.",
  ],
  [
    "Environment",
    "Decided per store: explicit configuration, then tags, then the account map, then the store name.",
  ],
  [
    "Real data",
    "Outside production: confirmed by keyed (HMAC) fingerprints of production values, else likely or unlikely from evidence such as never-issued or well-known test numbers, sequences and distribution.",
  ],
  ["Evidence", "Redacted samples only; the report never holds a full value."],
  ["Sampling", samplingText(summary)],
  [
    "Comparison",
    "Each finding has a stable id (data type, store, object, field). A run is compared with the run latest.json pointed at when it was published: a finding is new, persisting, resolved (its object was read in full and the field no longer holds the data, or the object is gone), or not re-checked (its object was skipped or partly read, or its store not scanned).",
  ],
])}
<h3 id="severity-model">Severity model</h3>
<table>
<thead><tr><th scope="col">Severity</th><th scope="col">When</th></tr></thead>
<tbody>${SEVERITY_MODEL.map(([s, when]) => html`<tr><td>${badge(s, SEVERITY_LABEL[s])}</td><td>${when}</td></tr>`)}</tbody>
</table>
<h3>Detectors</h3>
${
  detectors.length === 0
    ? html`<p class="empty">No detectors recorded.</p>`
    : html`<table><thead><tr><th scope="col">Data type</th><th scope="col" class="nowrap">Version</th><th scope="col">Description</th></tr></thead>
<tbody>${detectors.map((d) => html`<tr><td>${DATA_TYPE_LABEL[d.dataType]}<br><code>${d.dataType}</code></td><td class="nowrap"><code>${d.version}</code></td><td>${d.description}</td></tr>`)}</tbody></table>`
}
<h3>Limits</h3>
${
  limitEntries.length === 0
    ? html`<p class="empty">No limits recorded.</p>`
    : html`<table class="narrow"><thead><tr><th scope="col">Limit</th><th scope="col" class="num">Value</th></tr></thead>
<tbody>${limitEntries.map(([k, v]) => html`<tr><td><code>${k}</code></td><td class="num">${fmtNumber(v)}${/bytes/i.test(k) && v >= 1024 && html` <span class="muted">(${fmtBytes(v)})</span>`}</td></tr>`)}</tbody></table>`
}
</section>`;
}

export function runSection({ summary }: ReportModel): SafeHtml {
  return html`<section id="run" aria-labelledby="run-title">
<h2 id="run-title">Run</h2>
${kv([
  ["Run id", html`<code data-testid="run-id">${summary.runId}</code>`],
  ["Scanner version", html`<code>${summary.version}</code>`],
  ["Schema version", summary.schemaVersion],
  ["Started", fmtDate(summary.startedAt)],
  ["Finished", fmtDate(summary.finishedAt)],
  ["Duration", fmtDuration(summary.durationMs)],
  [
    "Targets",
    summary.targets.length === 0
      ? html`<span class="empty">none</span>`
      : html`<ul>${summary.targets.map((t) => html`<li><code>${t}</code></li>`)}</ul>`,
  ],
  ["Bytes read", fmtBytes(summary.coverage.bytesRead)],
])}
</section>`;
}
