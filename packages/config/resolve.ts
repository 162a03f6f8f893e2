// Configuration + command-line flags → what a scan needs. Flags win; config paths are relative to
// the config file, command-line paths to the working directory.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ConfiguredEnvironment, EnvironmentConfig } from "../assessment/index.ts";
import { isS3Uri, parseS3Uri, s3StoreUri } from "../connectors/s3/uri.ts";
import type { ReadLimits } from "../core/index.ts";
import { ConfigError } from "./errors.ts";
import type { LoadedConfig } from "./load.ts";

/** Flags given on the command line (undefined: not given). */
export interface CommandLineSettings {
  targets?: string[];
  reportDir?: string;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  include?: string[];
  exclude?: string[];
  maxObjectMb?: number;
  concurrency?: number;
  workers?: number;
  full?: boolean;
}

export interface ScanSettings {
  targets: string[];
  reportDir: string | undefined;
  s3: {
    endpointUrl?: string;
    region?: string;
    profile?: string;
    maxAttempts?: number;
    retryMode?: "standard" | "adaptive";
  };
  environments: EnvironmentConfig;
  /** Account id per target string, for the account map. */
  accountIds: Record<string, string>;
  select: { include: string[]; exclude: string[] };
  limits: Partial<ReadLimits>;
  concurrency: number | undefined;
  workers: number | undefined;
  sampleRanges: number | undefined;
  attempts: number | undefined;
  /** Read every object, ignoring the scan state of earlier runs. */
  full: boolean;
}

const MIB = 1024 ** 2;
const isLocalPath = (key: string) => /^(\.{1,2}([/\\]|$)|[/\\]|[A-Za-z]:[/\\])/.test(key);

/** The store URI a target will have, so config entries can be keyed by it. */
export function storeUriOf(target: string, base: string): string {
  if (isS3Uri(target)) return s3StoreUri(parseS3Uri(target));
  if (target.startsWith("file://")) return target;
  return pathToFileURL(path.resolve(base, target)).href;
}

export function resolveSettings(
  loaded: LoadedConfig | null,
  cli: CommandLineSettings,
  cwd = process.cwd(),
): ScanSettings {
  const config = loaded?.config ?? {};
  const configDir = loaded ? path.dirname(loaded.file) : cwd;
  const stores: Record<string, ConfiguredEnvironment> = {};
  for (const [key, environment] of Object.entries(config.environments ?? {})) {
    stores[isLocalPath(key) ? storeUriOf(key, configDir) : key] = environment;
  }
  const accountByStore = new Map<string, string>();
  const configTargets: string[] = [];
  for (const target of config.targets ?? []) {
    const spec = typeof target === "string" ? { uri: target } : target;
    // Local paths in the file are relative to the file.
    const resolved =
      isS3Uri(spec.uri) || spec.uri.startsWith("file://") ? spec.uri : path.resolve(configDir, spec.uri);
    configTargets.push(resolved);
    const store = storeUriOf(resolved, configDir);
    if ("environment" in spec && spec.environment) stores[store] = spec.environment;
    if ("account" in spec && spec.account) accountByStore.set(store, spec.account);
  }
  const targets = cli.targets && cli.targets.length > 0 ? cli.targets : configTargets;
  if (targets.length === 0) {
    throw new ConfigError(
      "nothing to scan: name a target (s3://bucket[/prefix] or a directory) or list targets in the config",
    );
  }
  const accountIds: Record<string, string> = {};
  for (const target of targets) {
    const account = accountByStore.get(storeUriOf(target, cwd));
    if (account) accountIds[target] = account;
  }
  const limits: Partial<ReadLimits> = {};
  const maxObjectMb = cli.maxObjectMb ?? config.limits?.maxObjectMb;
  if (maxObjectMb !== undefined) limits.maxBytes = Math.floor(maxObjectMb * MIB);
  if (config.limits?.maxCompressionRatio !== undefined)
    limits.maxCompressionRatio = config.limits.maxCompressionRatio;
  if (config.limits?.maxLineMb !== undefined) limits.maxLineBytes = Math.floor(config.limits.maxLineMb * MIB);
  const reportDir =
    cli.reportDir ?? (config.reportDir ? path.resolve(configDir, config.reportDir) : undefined);
  const s3 = {
    ...config.s3,
    ...(cli.endpointUrl !== undefined ? { endpointUrl: cli.endpointUrl } : {}),
    ...(cli.region !== undefined ? { region: cli.region } : {}),
    ...(cli.profile !== undefined ? { profile: cli.profile } : {}),
  };
  return {
    targets,
    reportDir,
    s3,
    environments: { stores, accounts: { ...config.accounts } },
    accountIds,
    select: { include: cli.include ?? config.include ?? [], exclude: cli.exclude ?? config.exclude ?? [] },
    limits,
    concurrency: cli.concurrency ?? config.limits?.concurrency,
    workers: cli.workers ?? config.limits?.workers,
    sampleRanges: config.sampling?.ranges,
    attempts: config.limits?.attempts,
    full: cli.full ?? config.full ?? false,
  };
}
