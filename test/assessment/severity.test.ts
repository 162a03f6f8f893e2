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
    ["confirmed real data, unknown environment", { environment: "unknown", realData: "confirmed" }, "high"],
    [
      "confirmed data in production (never compared, still high)",
      { environment: "production", realData: "confirmed" },
      "high",
    ],
    ["synthetic data in production", { environment: "production", realData: "unlikely" }, "low"],
    ["test values outside production", { allTestValues: true, realData: "unlikely" }, "low"],
    [
      "weakly protected in production",
      { exposure: "hashed", weakProtection: true, environment: "production" },
      "medium",
    ],
    ["encrypted", { exposure: "encrypted" }, "info"],
    ["synthetic-looking data", { realData: "unlikely" }, "low"],
    ["test values only, even if confirmed", { realData: "confirmed", allTestValues: true }, "low"],
    ["weakly protected (hashed)", { exposure: "hashed", weakProtection: true }, "medium"],
    ["masked", { exposure: "masked" }, "info"],
    ["tokenized", { exposure: "tokenized" }, "info"],
  ])("%s → %s", (_label, input, expected) => {
    expect(severityOf({ ...base, ...input }).severity).toBe(expected);
  });

  it("says why a plain hash is weak", () => {
    const { reasons } = severityOf({ ...base, exposure: "hashed", weakProtection: true });
    expect(reasons[0]).toMatch(/weakly: a plain hash/);
  });

  it("never rates test values above low, whatever else is said", () => {
    for (const environment of ["production", "non-production", "unknown"] as const) {
      for (const realData of ["confirmed", "likely", "unlikely"] as const) {
        expect(severityOf({ ...base, environment, realData, allTestValues: true }).severity).toBe("low");
      }
    }
  });
});
