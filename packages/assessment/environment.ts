// Which environment a store belongs to. Precedence: an explicit mapping in the configuration > the
// store's tags > the account map > the store's name, read as word parts > unknown. The first rule
// that gives an answer decides, and the decision names its rule and what it read.
import picomatch from "picomatch";
import type { Environment, EnvironmentDecision } from "../core/index.ts";

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

/** Reads words (a name, a tag value) as an environment: the word that decided, or null. */
export function environmentFromWords(text: string): { environment: Environment; word: string } | null {
  const parts = nameParts(text);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    // "non-prod" / "pre-prod" are split by the hyphen: read the pair as one word.
    if ((part === "non" || part === "pre") && PRODUCTION_WORDS.has(parts[i + 1] ?? "")) {
      return { environment: "non-production", word: `${part}-${parts[i + 1]}` };
    }
  }
  const nonProd = parts.find((p) => NON_PRODUCTION_WORDS.has(p));
  if (nonProd) return { environment: "non-production", word: nonProd };
  const prod = parts.find((p) => PRODUCTION_WORDS.has(p));
  if (prod) return { environment: "production", word: prod };
  return null;
}

/** Reads a store's name as word parts: `acme-qa-exports` is non-production, `latest-products` neither. */
export function environmentFromName(name: string): EnvironmentDecision | null {
  const read = environmentFromWords(name);
  return read && { environment: read.environment, rule: "name", detail: `name part "${read.word}"` };
}

/** Tag keys that name an environment, by priority (compared lower-case, without separators). */
const ENVIRONMENT_TAG_KEYS = [
  "environment",
  "env",
  "stage",
  "environmenttype",
  "envtype",
  "deploymentenvironment",
  "tier",
];

/** Reads tags such as Environment=prod or stage=qa; a value that names no environment is passed over. */
export function environmentFromTags(tags: Readonly<Record<string, string>>): EnvironmentDecision | null {
  const entries = Object.entries(tags).map(([key, value]) => ({
    key,
    value,
    rank: ENVIRONMENT_TAG_KEYS.indexOf(key.toLowerCase().replace(/[^a-z0-9]/g, "")),
  }));
  for (const { key, value } of entries.filter((e) => e.rank >= 0).sort((a, b) => a.rank - b.rank)) {
    const read = environmentFromWords(value);
    if (read) return { environment: read.environment, rule: "tags", detail: `tag ${key}=${value}` };
  }
  return null;
}

export type ConfiguredEnvironment = Exclude<Environment, "unknown">;

/** The configuration's part in the decision. */
export interface EnvironmentConfig {
  /**
   * Explicit mapping: keys are store URIs (`s3://bucket`, `s3://bucket/prefix`, `file:///…`), bucket
   * or directory names, or globs over either (`acme-prod-*`). Exact keys win over globs.
   */
  stores?: Readonly<Record<string, ConfiguredEnvironment>>;
  /** Account id → environment. */
  accounts?: Readonly<Record<string, ConfiguredEnvironment>>;
}

/** What is known of a store when its environment is decided. */
export interface StoreEvidence {
  store: string;
  container: string;
  tags?: Readonly<Record<string, string>>;
  accountId?: string;
}

function environmentFromConfig(
  evidence: StoreEvidence,
  stores: Readonly<Record<string, ConfiguredEnvironment>>,
): EnvironmentDecision | null {
  const decide = (key: string): EnvironmentDecision => ({
    environment: stores[key] as ConfiguredEnvironment,
    rule: "config",
    detail: `configured for "${key}"`,
  });
  const bare = evidence.store.replace(/\/+$/, "");
  for (const key of [evidence.store, bare, `${bare}/`, evidence.container]) {
    if (Object.hasOwn(stores, key)) return decide(key);
  }
  for (const key of Object.keys(stores)) {
    if (!picomatch.scan(key).isGlob) continue;
    const match = picomatch(key, { dot: true });
    if (match(evidence.container) || match(bare)) return decide(key);
  }
  return null;
}

const UNKNOWN: EnvironmentDecision = {
  environment: "unknown",
  rule: "none",
  detail: "no configuration, tag, account or name part says which environment",
};

/** Decides a store's environment; a bare string is read as the store's name only. */
export function decideEnvironment(
  store: string | StoreEvidence,
  config: EnvironmentConfig = {},
): EnvironmentDecision {
  const evidence: StoreEvidence = typeof store === "string" ? { store, container: store } : store;
  const account =
    evidence.accountId && config.accounts && Object.hasOwn(config.accounts, evidence.accountId)
      ? config.accounts[evidence.accountId]
      : undefined;
  return (
    (config.stores ? environmentFromConfig(evidence, config.stores) : null) ??
    environmentFromTags(evidence.tags ?? {}) ??
    (account
      ? { environment: account, rule: "account" as const, detail: `account ${evidence.accountId}` }
      : null) ??
    environmentFromName(evidence.container) ??
    UNKNOWN
  );
}
