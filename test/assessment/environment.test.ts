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

describe("environment precedence: config > tags > account map > name > unknown", () => {
  const store = {
    store: "s3://acme-qa-exports",
    container: "acme-qa-exports",
    tags: { Environment: "Production" },
    accountId: "111122223333",
  };
  const config = {
    stores: { "s3://acme-qa-exports": "non-production" as const },
    accounts: { "111122223333": "non-production" as const },
  };

  it("an explicit mapping wins over everything", () => {
    expect(decideEnvironment(store, config)).toEqual({
      environment: "non-production",
      rule: "config",
      detail: 'configured for "s3://acme-qa-exports"',
    });
  });

  it("tags come next, read as words", () => {
    expect(decideEnvironment(store, { accounts: config.accounts })).toEqual({
      environment: "production",
      rule: "tags",
      detail: "tag Environment=Production",
    });
  });

  it("then the account map, then the name", () => {
    const untagged = { ...store, tags: {} };
    expect(decideEnvironment(untagged, { accounts: { "111122223333": "production" } })).toEqual({
      environment: "production",
      rule: "account",
      detail: "account 111122223333",
    });
    expect(decideEnvironment(untagged, {})).toMatchObject({ environment: "non-production", rule: "name" });
    expect(decideEnvironment({ ...untagged, container: "latest-products" }, {})).toMatchObject({
      environment: "unknown",
      rule: "none",
    });
  });

  it.each([
    [{ env: "prd" }, "production", "tag env=prd"],
    [{ Stage: "uat" }, "non-production", "tag Stage=uat"],
    [{ "deployment-environment": "non-prod" }, "non-production", "tag deployment-environment=non-prod"],
    [{ ENVIRONMENT: "sandbox" }, "non-production", "tag ENVIRONMENT=sandbox"],
    [{ Environment: "test", env: "prod" }, "non-production", "tag Environment=test"],
  ])("tags %j → %s", (tags, environment, detail) => {
    expect(decideEnvironment({ store: "s3://x-y-z", container: "x-y-z", tags })).toEqual({
      environment,
      rule: "tags",
      detail,
    });
  });

  it("passes over tags that name no environment, and tag keys that are not about environments", () => {
    const tags = { Environment: "shared", team: "prod-support", owner: "qa-team" };
    expect(decideEnvironment({ store: "s3://acme-prod-x", container: "acme-prod-x", tags })).toMatchObject({
      environment: "production",
      rule: "name",
    });
  });

  it("matches config keys by store URI, bucket or directory name, or glob; exact keys first", () => {
    const stores = { "acme-*": "production" as const, "acme-lake": "non-production" as const };
    const at = (container: string, store = `s3://${container}`) =>
      decideEnvironment({ store, container }, { stores });
    expect(at("acme-lake")).toMatchObject({
      environment: "non-production",
      detail: 'configured for "acme-lake"',
    });
    expect(at("acme-orders")).toMatchObject({ environment: "production", detail: 'configured for "acme-*"' });
    expect(at("other-qa")).toMatchObject({ rule: "name" });
    const local = { store: "file:///data/exports/", container: "exports" };
    expect(decideEnvironment(local, { stores: { "file:///data/exports": "production" } })).toMatchObject({
      rule: "config",
    });
  });

  it("applies the same rules to a local directory's name", () => {
    expect(
      decideEnvironment({ store: "file:///data/acme-qa-exports", container: "acme-qa-exports" }),
    ).toEqual({
      environment: "non-production",
      rule: "name",
      detail: 'name part "qa"',
    });
  });
});
