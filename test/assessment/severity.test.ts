import { describe, expect, it } from "vitest";
import { type SeverityInput, severityOf } from "../../packages/assessment/index.ts";

const base: SeverityInput = {
  exposure: "plaintext",
  environment: "non-production",
  realData: "likely",
  weakProtection: false,
  allTestValues: false,
};

describe("severity model", () => {
  it.each<[string, Partial<SeverityInput>, string]>([
    ["confirmed real data outside production", { realData: "confirmed" }, "critical"],
    ["likely real data outside production", {}, "high"],
    ["plaintext in production", { environment: "production" }, "high"],
    ["plaintext, unknown environment", { environment: "unknown" }, "high"],
    ["synthetic-looking data", { realData: "unlikely" }, "low"],
    ["test values only, even if confirmed", { realData: "confirmed", allTestValues: true }, "low"],
    ["weakly protected (hashed)", { exposure: "hashed", weakProtection: true }, "medium"],
    ["masked", { exposure: "masked" }, "info"],
    ["tokenized", { exposure: "tokenized" }, "info"],
  ])("%s → %s", (_label, input, expected) => {
    expect(severityOf({ ...base, ...input }).severity).toBe(expected);
  });
});
