import { UsageError } from "../core/index.ts";

/** The configuration file is missing, unreadable or invalid: the CLI exits 2 with this one line. */
export class ConfigError extends UsageError {}
