// Which environment a store belongs to. Precedence: config > tags > account map > name > unknown.
// This module has the name rule; the others slot in as more evidence sources arrive.
import type { EnvironmentDecision } from "../core/index.ts";

const PRODUCTION_WORDS = new Set(["prod", "production", "prd", "live"]);
const NON_PRODUCTION_WORDS = new Set([
  "test",
  "tests",
  "testing",
  "qa",
  "dev",
  "develop",
  "development",
  "staging",
  "stage",
  "stg",
  "uat",
  "sandbox",
  "sbx",
  "nonprod",
  "nonproduction",
  "preprod",
  "perf",
  "sit",
  "scratch",
  "tmp",
  "temp",
  "demo",
]);

/** Splits a name into lowercase word parts: `acme-QA_exportsV2` → acme, qa, exports, v2. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Reads a store's name as word parts: `acme-qa-exports` is non-production, `latest-products` neither. */
export function environmentFromName(name: string): EnvironmentDecision | null {
  const parts = nameParts(name);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    // "non-prod" / "pre-prod" are split by the hyphen: read the pair as one word.
    if ((part === "non" || part === "pre") && PRODUCTION_WORDS.has(parts[i + 1] ?? "")) {
      return { environment: "non-production", rule: "name", detail: `name part "${part}-${parts[i + 1]}"` };
    }
  }
  const nonProd = parts.find((p) => NON_PRODUCTION_WORDS.has(p));
  if (nonProd) return { environment: "non-production", rule: "name", detail: `name part "${nonProd}"` };
  const prod = parts.find((p) => PRODUCTION_WORDS.has(p));
  if (prod) return { environment: "production", rule: "name", detail: `name part "${prod}"` };
  return null;
}

export function decideEnvironment(container: string): EnvironmentDecision {
  return (
    environmentFromName(container) ?? {
      environment: "unknown",
      rule: "none",
      detail: "no configuration, tag or name part says which environment",
    }
  );
}
