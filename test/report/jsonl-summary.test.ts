import { describe, expect, it } from "vitest";
import { Finding, Summary } from "../../packages/core/schemas.ts";
import {
  InvalidReportInputError,
  renderFindingsJsonl,
  renderSummaryJson,
} from "../../packages/report/index.ts";
import { makeFinding, makeSummary, makeUnit, sampleFindings } from "./fixtures.ts";

describe("findings.jsonl", () => {
  it("writes one valid finding per line, in order", () => {
    const findings = sampleFindings();
    const text = renderFindingsJsonl(findings);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(findings.length);
    lines.forEach((line, i) => {
      const parsed = Finding.parse(JSON.parse(line));
      expect(parsed).toEqual(findings[i]);
    });
  });

  it("writes an empty file for no findings", () => {
    expect(renderFindingsJsonl([])).toBe("");
  });

  it("refuses an invalid finding instead of emitting it, naming it by index", () => {
    const bad = { ...makeFinding(), evidence: ["123-45-6789-full-value-too-long".repeat(4)] };
    expect(() => renderFindingsJsonl([makeFinding(), bad])).toThrow(InvalidReportInputError);
    expect(() => renderFindingsJsonl([makeFinding(), bad])).toThrow(/finding\[1\]/);
  });

  it("drops keys outside the contract", () => {
    const extra = { ...makeFinding(), rawValue: "leak" } as Finding;
    expect(renderFindingsJsonl([extra])).not.toContain("rawValue");
  });
});

describe("summary.json", () => {
  it("is pretty JSON that validates against the Summary schema", () => {
    const summary = makeSummary(sampleFindings(), {
      units: [makeUnit(), makeUnit({ object: "a.bin", status: "skipped", reason: "binary", bytesRead: 0 })],
    });
    const text = renderSummaryJson(summary);
    expect(text).toMatch(/^\{\n {2}"schemaVersion": "1",/);
    expect(text.endsWith("}\n")).toBe(true);
    expect(Summary.parse(JSON.parse(text))).toEqual(summary);
  });

  it("refuses an invalid summary", () => {
    const summary = makeSummary([]);
    expect(() => renderSummaryJson({ ...summary, startedAt: "yesterday" })).toThrow(InvalidReportInputError);
  });
});
