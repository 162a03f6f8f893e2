import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SecretsManagerKeyProvider, SsmKeyProvider } from "../../packages/fingerprints/aws-key-providers.ts";
import {
  chooseKeyProvider,
  EphemeralKeyProvider,
  FingerprintKeyError,
  KEY_ENV_VAR,
  KEY_FILE_NAME,
  KeyFileProvider,
  parseKeyMaterial,
} from "../../packages/fingerprints/index.ts";
import { keyForms } from "./helpers.ts";

const posix = process.platform !== "win32";
const keyHex = "5e".repeat(32);
const keyId = parseKeyMaterial(keyHex, "test").id;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-fp-key-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("generated key file", () => {
  it("is created with mode 0600 in the state directory, and reused by later runs", async () => {
    const stateDir = path.join(root, "gen", "state");
    const first = await chooseKeyProvider({ stateDir }).load();
    const file = path.join(stateDir, KEY_FILE_NAME);
    if (posix) expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = await chooseKeyProvider({ stateDir }).load();
    expect(again.id).toBe(first.id);
  });

  it("agrees on one key when runs create it at the same time", async () => {
    const stateDir = path.join(root, "race", "state");
    const keys = await Promise.all(
      Array.from({ length: 8 }, () =>
        new KeyFileProvider(path.join(stateDir, KEY_FILE_NAME), { create: true }).load(),
      ),
    );
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
  });

  it.runIf(posix)("refuses a key file readable by others, without quoting it", async () => {
    const file = path.join(root, "open.key");
    await writeFile(file, keyHex, { mode: 0o644 });
    await chmod(file, 0o644);
    const error = await errorOf(new KeyFileProvider(file).load());
    expect(error).toBeInstanceOf(FingerprintKeyError);
    expect(error.message).toMatch(/chmod 600/);
    expect(error.message).not.toContain(keyHex);
  });

  it("fails clearly for a missing --fingerprint-key-file", async () => {
    const error = await errorOf(chooseKeyProvider({ keyFile: path.join(root, "nope.key") }).load());
    expect(error).toBeInstanceOf(FingerprintKeyError);
  });
});

describe("choosing the key", () => {
  it("prefers configuration, then the key file option, then the environment, then the state directory", async () => {
    const keyFile = path.join(root, "given.key");
    await writeFile(keyFile, "7f".repeat(32), { mode: 0o600 });
    const env = { [KEY_ENV_VAR]: keyHex };
    const stateDir = path.join(root, "choose", "state");
    expect(chooseKeyProvider({ keyFile, env, stateDir }).source).toBe(`key file ${keyFile}`);
    expect(chooseKeyProvider({ env, stateDir }).source).toBe(`environment variable ${KEY_ENV_VAR}`);
    expect((await chooseKeyProvider({ env, stateDir }).load()).id).toBe(keyId);
    expect(chooseKeyProvider({ env: {}, stateDir }).source).toBe(
      `key file ${path.join(stateDir, KEY_FILE_NAME)}`,
    );
    expect(chooseKeyProvider({})).toBeInstanceOf(EphemeralKeyProvider);
    expect(chooseKeyProvider({}).persistent).toBe(false);
  });

  it("does not show the key when a provider is serialised", () => {
    const provider = chooseKeyProvider({ env: { [KEY_ENV_VAR]: keyHex } });
    const text = JSON.stringify(provider);
    for (const form of keyForms(Buffer.from(keyHex, "hex"))) expect(text).not.toContain(form);
    expect(text).not.toContain(keyHex);
  });
});

// These use aws-sdk-client-mock: a MOCK of the AWS SDK clients (no local server offers SSM or Secrets
// Manager). They check the request each provider sends and how it reads the answer, not AWS itself.
describe("AWS key providers (mocked SDK clients)", () => {
  const ssm = mockClient(SSMClient);
  const secrets = mockClient(SecretsManagerClient);
  beforeEach(() => {
    ssm.reset();
    secrets.reset();
  });

  it("SSM: reads a SecureString parameter with decryption", async () => {
    ssm.on(GetParameterCommand, { Name: "/exposure-audit/fingerprint-key", WithDecryption: true }).resolves({
      Parameter: { Value: keyHex },
    });
    const provider = new SsmKeyProvider({
      client: new SSMClient({}),
      name: "/exposure-audit/fingerprint-key",
    });
    expect((await provider.load()).id).toBe(keyId);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it("SSM: names the parameter, never a value, when reading fails or the value is bad", async () => {
    ssm
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    const provider = new SsmKeyProvider({ client: new SSMClient({}), name: "/p" });
    const denied = await errorOf(provider.load());
    expect(denied).toBeInstanceOf(FingerprintKeyError);
    expect(denied.message).toContain("SSM parameter /p (AccessDeniedException)");
    ssm.reset();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "abcd" } });
    const short = await errorOf(provider.load());
    expect(short.message).not.toContain("abcd");
  });

  it("Secrets Manager: a string, a JSON field, or binary", async () => {
    const client = new SecretsManagerClient({});
    secrets.on(GetSecretValueCommand, { SecretId: "plain" }).resolves({ SecretString: keyHex });
    secrets
      .on(GetSecretValueCommand, { SecretId: "json" })
      .resolves({ SecretString: JSON.stringify({ key: Buffer.from(keyHex, "hex").toString("base64") }) });
    secrets
      .on(GetSecretValueCommand, { SecretId: "binary" })
      .resolves({ SecretBinary: Uint8Array.from(Buffer.from(keyHex, "hex")) });
    expect((await new SecretsManagerKeyProvider({ client, secretId: "plain" }).load()).id).toBe(keyId);
    expect((await new SecretsManagerKeyProvider({ client, secretId: "json", field: "key" }).load()).id).toBe(
      keyId,
    );
    expect((await new SecretsManagerKeyProvider({ client, secretId: "binary" }).load()).id).toBe(keyId);
    const missing = await errorOf(
      new SecretsManagerKeyProvider({ client, secretId: "json", field: "nope" }).load(),
    );
    expect(missing).toBeInstanceOf(FingerprintKeyError);
    expect(missing.message).not.toContain(keyHex);
  });
});
