import { describe, expect, it } from "vitest";
import { decideEnvironment, nameParts } from "../../packages/assessment/index.ts";

describe("environment from the store name", () => {
  it.each([
    ["acme-qa-exports", "non-production", 'name part "qa"'],
    ["acme-prod-customers", "production", 'name part "prod"'],
    ["acme-production-data", "production", 'name part "production"'],
    ["acme_dev_sandbox", "non-production", 'name part "dev"'],
    ["acmeStagingAnalytics", "non-production", 'name part "staging"'],
    ["acme-non-prod-copy", "non-production", 'name part "non-prod"'],
    ["acme-preprod-db", "non-production", 'name part "preprod"'],
    ["uat.reports.acme", "non-production", 'name part "uat"'],
    ["acme-prd-ledger", "production", 'name part "prd"'],
  ])("%s → %s", (name, environment, detail) => {
    expect(decideEnvironment(name)).toEqual({ environment, rule: "name", detail });
  });

  it.each([["latest-products"], ["contest-results"], ["devices-inventory"], ["productivity"], ["acme-data"]])(
    "%s is unknown: words are read whole, never as substrings",
    (name) => {
      expect(decideEnvironment(name)).toMatchObject({ environment: "unknown", rule: "none" });
    },
  );

  it("splits names into word parts", () => {
    expect(nameParts("acme-QA_exportsV2")).toEqual(["acme", "qa", "exports", "v2"]);
  });
});
