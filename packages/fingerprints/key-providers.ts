// Where the fingerprint key comes from: configuration, the environment, a key file (generated with
// mode 0600 in the local state directory when none is given), or AWS (aws-key-providers.ts).
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { FingerprintKeyError } from "./errors.ts";
import { FingerprintKey, MIN_KEY_BYTES, parseKeyMaterial } from "./key.ts";

export const KEY_ENV_VAR = "EXPOSURE_AUDIT_FINGERPRINT_KEY";
export const KEY_FILE_NAME = "fingerprint.key";

export interface KeyProvider {
  /** Where the key comes from, for the summary and errors (never the key). */
  readonly source: string;
  /** Whether fingerprints made with this key may be kept between runs. */
  readonly persistent: boolean;
  load(): Promise<FingerprintKey>;
}

/** Key material given as text (a configuration value or an environment variable). */
export class TextKeyProvider implements KeyProvider {
  readonly persistent = true;
  readonly #text: string;

  constructor(
    text: string,
    readonly source: string,
  ) {
    this.#text = text;
  }

  async load(): Promise<FingerprintKey> {
    return parseKeyMaterial(this.#text, this.source);
  }

  toJSON(): { source: string } {
    return { source: this.source };
  }
}

/** `EXPOSURE_AUDIT_FINGERPRINT_KEY` (hex or base64, ≥ 32 bytes), or null when unset or empty. */
export function keyFromEnvironment(env: NodeJS.ProcessEnv = process.env): KeyProvider | null {
  const text = env[KEY_ENV_VAR];
  return text?.trim() ? new TextKeyProvider(text, `environment variable ${KEY_ENV_VAR}`) : null;
}

/**
 * A key file: hex text. With `create`, a missing file is generated (32 random bytes, mode 0600) and
 * published atomically with link(2), so two runs starting together agree on one key. An existing file
 * readable by group or others is refused, as ssh refuses a private key.
 */
export class KeyFileProvider implements KeyProvider {
  readonly persistent = true;
  readonly source: string;

  constructor(
    readonly file: string,
    private readonly options: { create: boolean } = { create: false },
  ) {
    this.source = `key file ${file}`;
  }

  async load(): Promise<FingerprintKey> {
    if (this.options.create) await this.createIfMissing();
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(this.file);
    } catch {
      throw new FingerprintKeyError(`cannot read the fingerprint ${this.source}`);
    }
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
      throw new FingerprintKeyError(
        `fingerprint ${this.source} is accessible by group or others (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`,
      );
    }
    const text = await readFile(this.file, "utf8").catch(() => {
      throw new FingerprintKeyError(`cannot read the fingerprint ${this.source}`);
    });
    return parseKeyMaterial(text, this.source);
  }

  private async createIfMissing(): Promise<void> {
    try {
      await stat(this.file);
      return;
    } catch {
      // Missing: generate below.
    }
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const bytes = randomBytes(MIN_KEY_BYTES);
    const temporary = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, `${bytes.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
      await link(temporary, this.file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error; // another run created it first: use theirs
      });
    } catch {
      throw new FingerprintKeyError(`cannot create the fingerprint ${this.source}`);
    } finally {
      bytes.fill(0);
      await unlink(temporary).catch(() => undefined);
    }
  }
}

/** A random key for this run only: fingerprints confirm within the run and are never kept. */
export class EphemeralKeyProvider implements KeyProvider {
  readonly persistent = false;
  readonly source = "an ephemeral key (this run only)";

  async load(): Promise<FingerprintKey> {
    return FingerprintKey.generate();
  }
}

export interface KeyChoice {
  /** An explicit provider (configuration, SSM, Secrets Manager): first. */
  provider?: KeyProvider;
  /** `--fingerprint-key-file`: next; it must exist. */
  keyFile?: string;
  /** The environment, for `EXPOSURE_AUDIT_FINGERPRINT_KEY`: next. */
  env?: NodeJS.ProcessEnv;
  /** The local state directory: a key file there, generated when missing. */
  stateDir?: string;
}

/** Configuration > key file option > environment > generated key file in the state dir > ephemeral. */
export function chooseKeyProvider(choice: KeyChoice): KeyProvider {
  if (choice.provider) return choice.provider;
  if (choice.keyFile) return new KeyFileProvider(choice.keyFile);
  const fromEnv = choice.env ? keyFromEnvironment(choice.env) : null;
  if (fromEnv) return fromEnv;
  if (choice.stateDir)
    return new KeyFileProvider(path.join(choice.stateDir, KEY_FILE_NAME), { create: true });
  return new EphemeralKeyProvider();
}
