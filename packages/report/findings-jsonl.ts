import type { Finding } from "../core/schemas.ts";
import { validFindings } from "./validate.ts";

/** `findings.jsonl`: one validated finding per line, each line ending in `\n`; no findings is an empty file. */
export function renderFindingsJsonl(findings: readonly Finding[]): string {
  return validFindings(findings)
    .map((finding) => `${JSON.stringify(finding)}\n`)
    .join("");
}
