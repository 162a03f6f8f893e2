// The page's only stylesheet, inlined. No web fonts, no url(): the page needs nothing from the network.
export const REPORT_CSS = `
:root {
  --fg: #1d2330; --muted: #5b6475; --bg: #ffffff; --panel: #f5f7fa; --line: #d9dee7;
  --critical: #b3001b; --high: #d4460f; --medium: #a66f00; --low: #1f6fb2; --info: #6b7280;
  --ok: #2b8a3e; --warn: #b36b00; --bad: #b3001b;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.08rem; margin: 24px 0 10px; }
p { margin: 8px 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--panel); border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
nav.toc { margin: 12px 0 0; font-size: 0.92rem; }
nav.toc a { color: var(--low); margin-right: 14px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin: 20px 0 12px; }
.kpi { background: var(--panel); border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 12px 14px; }
.kpi .num { display: block; font-size: 2rem; font-weight: 700; line-height: 1.1; }
.kpi .what { color: var(--muted); font-size: 0.9rem; }
.kpi.critical { border-left-color: var(--critical); } .kpi.critical .num { color: var(--critical); }
.kpi.zero { border-left-color: var(--ok); } .kpi.zero .num { color: var(--ok); }
.kpi.warn { border-left-color: var(--warn); }
.kpi .sep { color: var(--muted); font-weight: 400; }
.verdict { font-size: 1.05rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; margin: 12px 0 0; }
.verdict p { margin: 6px 0; }
.verdict .bad { color: var(--critical); }
.verdict .name { white-space: nowrap; }
code.uri { font-size: 0.78em; color: var(--muted); background: none; border: none; padding: 0; }
.badge.new { background: #6b21a8; }
table.findings-table td { vertical-align: middle; }
table.findings-table a { color: inherit; text-decoration: none; }
table.findings-table a:hover strong { text-decoration: underline; }
ul.sets { padding-left: 20px; margin: 6px 0 12px; }
ul.sets ul { padding-left: 18px; margin: 2px 0 6px; list-style: none; }
.seg-critical { fill: var(--critical); background: var(--critical); } .seg-high { fill: var(--high); background: var(--high); }
.seg-medium { fill: var(--medium); background: var(--medium); } .seg-low { fill: var(--low); background: var(--low); }
.seg-info { fill: var(--info); background: var(--info); }
.col-total, .col-label { font-size: 11px; fill: var(--fg); }
.col-current .col-label { font-weight: 700; }
line.axis { stroke: var(--line); stroke-width: 1; }
.legend { font-size: 0.85rem; color: var(--muted); margin: 0; }
.legend .key { margin-right: 12px; white-space: nowrap; }
.legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: baseline; }
.alert { border: 1px solid var(--critical); background: #fff3f4; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.alert.ok { border-color: var(--ok); background: #f1faf3; }
.alert.warn { border-color: var(--warn); background: #fff8ec; }
.alert ul { margin: 6px 0 0; padding-left: 20px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 32px; }
figure.chart { margin: 8px 0; }
figure.chart figcaption { font-weight: 600; font-size: 0.92rem; margin-bottom: 4px; }
figure.chart svg { max-width: 100%; height: auto; }
.bar-label, .bar-value { font-size: 12px; fill: var(--fg); }
.bar rect { fill: var(--info); }
.bar-critical rect { fill: var(--critical); } .bar-high rect { fill: var(--high); }
.bar-medium rect { fill: var(--medium); } .bar-low rect { fill: var(--low); } .bar-info rect { fill: var(--info); }
.bar-scanned rect { fill: var(--ok); } .bar-partial rect { fill: var(--warn); } .bar-skipped rect { fill: var(--bad); }
.bar-sampled rect { fill: var(--low); } .bar-reason rect { fill: var(--warn); }
table.narrow { width: auto; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.posture, td.posture dl.kv dd { overflow-wrap: break-word; }
td.nowrap, th.nowrap, td.nowrap code { white-space: nowrap; overflow-wrap: normal; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 0.8rem; font-weight: 600;
  color: #fff; background: var(--info); white-space: nowrap; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
.badge.medium { background: var(--medium); } .badge.low { background: var(--low); } .badge.info { background: var(--info); }
.badge.production { background: #3b4252; } .badge.non-production { background: var(--warn); } .badge.unknown { background: var(--info); }
.badge.confirmed { background: var(--critical); } .badge.likely { background: var(--high); } .badge.unlikely { background: var(--ok); }
.badge.plaintext { background: var(--critical); } .badge.protected { background: var(--ok); } .badge.weak { background: var(--warn); }
.badge.scanned { background: var(--ok); } .badge.partial { background: var(--warn); } .badge.skipped { background: var(--bad); }
.badge.sampled { background: var(--low); }
article.finding { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
article.finding.critical { border-left-color: var(--critical); } article.finding.high { border-left-color: var(--high); }
article.finding.medium { border-left-color: var(--medium); } article.finding.low { border-left-color: var(--low); }
article.finding h4 { margin: 0 0 8px; font-size: 1rem; }
article.finding ul { margin: 0; padding-left: 18px; }
.evidence code { margin-right: 6px; }
.free-text { font-style: italic; color: var(--muted); }
footer { margin-top: 48px; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 700px) {
  main { padding: 16px; }
  dl.kv { grid-template-columns: 1fr; }
  dl.kv dt { margin-top: 6px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 24px; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  article.finding, .kpi, figure.chart, tr, .alert { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .kpis { grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); }
  .verdict, table.narrow { break-inside: avoid; page-break-inside: avoid; }
}
`;
