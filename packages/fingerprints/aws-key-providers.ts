// The fingerprint key on AWS: an SSM SecureString parameter or a Secrets Manager secret. Clients are
// passed in (never created at import time); errors name the parameter or secret, never the value.
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { FingerprintKeyError } from "./errors.ts";
import { FingerprintKey, parseKeyMaterial } from "./key.ts";
import type { KeyProvider } from "./key-providers.ts";

const errorName = (error: unknown) => (error as Error)?.name ?? "error";

/** An SSM Parameter Store parameter (SecureString, read with decryption) holding hex or base64. */
export class SsmKeyProvider implements KeyProvider {
  readonly persistent = true;
  readonly source: string;

  constructor(private readonly options: { client: SSMClient; name: string }) {
    this.source = `SSM parameter ${options.name}`;
  }

  async load(): Promise<FingerprintKey> {
    let value: string | undefined;
    try {
      const out = await this.options.client.send(
        new GetParameterCommand({ Name: this.options.name, WithDecryption: true }),
      );
      value = out.Parameter?.Value;
    } catch (error) {
      throw new FingerprintKeyError(
        `cannot read the fingerprint key from ${this.source} (${errorName(error)})`,
      );
    }
    if (!value) throw new FingerprintKeyError(`${this.source} has no value`);
    return parseKeyMaterial(value, this.source);
  }
}

/**
 * A Secrets Manager secret: a string (hex or base64), a JSON object whose `field` holds such a string,
 * or binary (the raw key bytes, at least 32).
 */
export class SecretsManagerKeyProvider implements KeyProvider {
  readonly persistent = true;
  readonly source: string;

  constructor(private readonly options: { client: SecretsManagerClient; secretId: string; field?: string }) {
    this.source = `Secrets Manager secret ${options.secretId}${options.field ? ` (field ${options.field})` : ""}`;
  }

  async load(): Promise<FingerprintKey> {
    let out: { SecretString?: string; SecretBinary?: Uint8Array };
    try {
      out = await this.options.client.send(new GetSecretValueCommand({ SecretId: this.options.secretId }));
    } catch (error) {
      throw new FingerprintKeyError(
        `cannot read the fingerprint key from ${this.source} (${errorName(error)})`,
      );
    }
    if (out.SecretBinary && out.SecretBinary.length > 0) {
      const bytes = Buffer.from(out.SecretBinary);
      try {
        return FingerprintKey.fromBytes(bytes);
      } finally {
        bytes.fill(0);
      }
    }
    let text = out.SecretString;
    if (text !== undefined && this.options.field) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new FingerprintKeyError(`${this.source} is not a JSON object`);
      }
      const field = (parsed as Record<string, unknown> | null)?.[this.options.field];
      if (typeof field !== "string") throw new FingerprintKeyError(`${this.source} has no such string field`);
      text = field;
    }
    if (!text) throw new FingerprintKeyError(`${this.source} has no value`);
    return parseKeyMaterial(text, this.source);
  }
}
