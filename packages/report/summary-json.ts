import type { Summary } from "../core/schemas.ts";
import { validSummary } from "./validate.ts";

/** `summary.json`: the validated summary, pretty-printed with two spaces and a final newline. */
export function renderSummaryJson(summary: Summary): string {
  return `${JSON.stringify(validSummary(summary), null, 2)}\n`;
}
