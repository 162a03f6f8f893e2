// What the CLI prints when a run ends: the headline an auditor needs, and where the report is.
import type { ScanResult } from "../engine/index.ts";

export function headline(result: ScanResult): string {
  const { totals, coverage } = result.summary;
  const s = totals.bySeverity;
  const lines = [
    `Scanned ${coverage.scanned + coverage.partial} of ${coverage.listed} objects` +
      ` (${coverage.partial} partial, ${coverage.skipped} skipped), ${(coverage.bytesRead / 1024 ** 2).toFixed(1)} MB read.`,
    `${totals.findings} findings: ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info.`,
  ];
  const unreadable = result.summary.stores.filter((store) => store.error);
  if (unreadable.length > 0) {
    lines.push(
      `${unreadable.length} ${unreadable.length === 1 ? "store" : "stores"} could not be read (fully):`,
    );
    for (const store of unreadable)
      lines.push(`  - ${store.store}: ${store.error?.reason} (${store.error?.message})`);
  }
  if (totals.nonProductionWithRealData.length > 0) {
    lines.push("Non-production stores holding real customer data:");
    for (const store of totals.nonProductionWithRealData) {
      const confirmed = result.findings.some(
        (f) => f.location.store === store && f.exposure === "plaintext" && f.realData === "confirmed",
      );
      lines.push(`  - ${store} (${confirmed ? "confirmed: values match production" : "likely"})`);
    }
  }
  const c = result.summary.comparison;
  if (c.previousRunId) {
    lines.push(
      `Since run ${c.previousRunId}: ${c.findings.new} new, ${c.findings.resolved} resolved, ${c.findings.persisting} persisting` +
        `${c.findings.unverified > 0 ? `, ${c.findings.unverified} not re-checked` : ""} findings` +
        ` (objects: ${c.findingSets.new} new, ${c.findingSets.resolved} resolved).`,
    );
  } else if (c.note) lines.push(`Not compared with the previous run: ${c.note}`);
  const html = result.files.find((f) => f.endsWith("report.html"));
  if (html) lines.push(`Report: ${html}`);
  return lines.join("\n");
}
