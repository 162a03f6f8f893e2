// What the CLI prints when a run ends: the headline an auditor needs, and where the report is.
import path from "node:path";
import type { ScanResult } from "../engine/index.ts";

export function headline(result: ScanResult): string {
  const { totals, coverage } = result.summary;
  const s = totals.bySeverity;
  const lines = [
    `Scanned ${coverage.scanned + coverage.partial} of ${coverage.listed} objects` +
      ` (${coverage.partial} partial, ${coverage.skipped} skipped), ${(coverage.bytesRead / 1024 ** 2).toFixed(1)} MB read.`,
    `${totals.findings} findings: ${s.critical} critical, ${s.high} high, ${s.medium} medium, ${s.low} low, ${s.info} info.`,
  ];
  if (totals.nonProductionWithRealData.length > 0) {
    lines.push("Non-production stores holding real customer data:");
    for (const store of totals.nonProductionWithRealData) {
      const confirmed = result.findings.some(
        (f) => f.location.store === store && f.exposure === "plaintext" && f.realData === "confirmed",
      );
      lines.push(`  - ${store} (${confirmed ? "confirmed: values match production" : "likely"})`);
    }
  }
  if (result.runDir) lines.push(`Report: ${path.join(result.runDir, "report.html")}`);
  return lines.join("\n");
}
