// Finds, reads and validates the configuration file.
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { z } from "zod";
import { ConfigError } from "./errors.ts";
import { type Config, ConfigSchema } from "./schema.ts";

export const CONFIG_FILE_NAMES = ["exposure-audit.config.json", "exposure-audit.config.ts"] as const;

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  config: Config;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Loads `file` when given (it must exist), else the first of CONFIG_FILE_NAMES in `cwd`, else null.
 * Throws ConfigError with one line naming the file and the bad key.
 */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<LoadedConfig | null> {
  let found: string | undefined;
  if (file) {
    found = path.resolve(cwd, file);
    if (!(await exists(found))) throw new ConfigError(`config file not found: ${file}`);
  } else {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(cwd, name);
      if (await exists(candidate)) {
        found = candidate;
        break;
      }
    }
    if (!found) return null;
  }
  const raw = await readRaw(found);
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : "";
    throw new ConfigError(`config ${path.basename(found)}: ${describeIssue(first)}${more}`);
  }
  return { file: found, config: parsed.data };
}

/** Validates an object already in memory (a handler's event, a test). */
export function parseConfig(raw: unknown, where = "config"): Config {
  const parsed = ConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(`${where}: ${describeIssue(parsed.error.issues[0])}`);
}

async function readRaw(file: string): Promise<unknown> {
  const name = path.basename(file);
  if (/\.json$/i.test(file)) {
    const text = await readFile(file, "utf8").catch((cause: unknown) => {
      throw new ConfigError(`config ${name}: cannot be read`, { cause });
    });
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`config ${name}: not valid JSON (${(error as Error).message.split("\n")[0]})`, {
        cause: error,
      });
    }
  }
  if (/\.(c|m)?(t|j)s$/i.test(file)) {
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      throw new ConfigError(
        `config ${name}: cannot be loaded (${(error as Error)?.message?.split("\n")[0]})`,
        {
          cause: error,
        },
      );
    }
    if (module.default === undefined) throw new ConfigError(`config ${name}: has no default export`);
    return module.default;
  }
  throw new ConfigError(`config ${name}: use a .json or .ts file`);
}

/** "limits.maxObjectMb: Invalid input: expected number, received string", "limits.maxObjectMB: unknown key". */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "invalid";
  const at = keyPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => keyPath([...issue.path, k]));
    return `unknown key ${keys.join(", ")}`;
  }
  if (issue.code === "invalid_key" && issue.issues[0])
    return `${at}: invalid key (${issue.issues[0].message})`;
  return `${at || "(top level)"}: ${issue.message}`;
}

function keyPath(parts: readonly PropertyKey[]): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
