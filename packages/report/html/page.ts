// The whole report page: one self-contained HTML document, no script, no external asset, printable.
import type { Finding, Summary } from "../../core/schemas.ts";
import { validFindings, validSummary } from "../validate.ts";
import { changesSection } from "./changes.ts";
import { html, trusted } from "./escape.ts";
import { fmtDate } from "./format.ts";
import {
  coverageSection,
  findingsSection,
  headerSection,
  headlineSection,
  methodologySection,
  type ReportModel,
  runSection,
  storesSection,
} from "./sections.ts";
import { REPORT_CSS } from "./styles.ts";

/**
 * Defence in depth: even if a value escaped escaping, the page may load nothing and run nothing.
 * Inline styles are the only thing allowed.
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** `report.html`: validates findings and summary, then renders the auditor's page. Pure: same input, same page. */
export function renderReportHtml(findings: readonly Finding[], summary: Summary): string {
  const model: ReportModel = { findings: validFindings(findings), summary: validSummary(summary) };
  const s = model.summary;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Exposure Audit ${s.version}">
<title>Exposure Audit report · ${s.runId}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<main>
${headerSection(model)}
${headlineSection(model)}
${changesSection(model)}
${storesSection(model)}
${findingsSection(model)}
${coverageSection(model)}
${methodologySection(model)}
${runSection(model)}
<footer>Exposure Audit ${s.version} · run <code>${s.runId}</code> · ${fmtDate(s.startedAt)} to ${fmtDate(s.finishedAt)} · schema version ${s.schemaVersion}. Machine-readable results next to this file: <code>findings.jsonl</code>, <code>summary.json</code>, <code>findings.csv</code>, <code>findings.ocsf.json</code>.</footer>
</main>
</body>
</html>
`.value;
}
