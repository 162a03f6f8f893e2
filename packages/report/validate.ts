// Every writer goes through these: a writer never emits a record that breaks the output contract.
import { z } from "zod";
import { Finding, Summary } from "../core/schemas.ts";
import { InvalidReportInputError } from "./errors.ts";

/** Parses one finding against the schema (unknown keys are dropped) or throws InvalidReportInputError. */
export function validFinding(finding: unknown, subject = "finding"): Finding {
  const parsed = Finding.safeParse(finding);
  if (!parsed.success) throw new InvalidReportInputError(subject, z.prettifyError(parsed.error));
  return parsed.data;
}

/** Parses every finding; the error names the first bad one by index. */
export function validFindings(findings: readonly unknown[]): Finding[] {
  return findings.map((finding, i) => validFinding(finding, `finding[${i}]`));
}

/** Parses the summary against the schema (unknown keys are dropped) or throws InvalidReportInputError. */
export function validSummary(summary: unknown): Summary {
  const parsed = Summary.safeParse(summary);
  if (!parsed.success) throw new InvalidReportInputError("summary", z.prettifyError(parsed.error));
  return parsed.data;
}
