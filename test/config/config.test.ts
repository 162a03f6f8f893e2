// The configuration file: discovery, .json and .ts, one-line errors naming the bad key, and how the
// command line overrides it.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../packages/cli/index.ts";
import { ConfigError, loadConfig, resolveSettings } from "../../packages/config/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ea-config-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const FULL = {
  targets: ["s3://acme-prod-customers/exports/", { uri: "./lake/acme-data", environment: "non-production" }],
  reportDir: "out",
  environments: { "legacy-*": "production", "./lake/shared": "non-production" },
  accounts: { "111122223333": "production" },
  include: ["*.csv"],
  exclude: ["tmp/**"],
  limits: { maxObjectMb: 64, concurrency: 8, maxCompressionRatio: 100, maxLineMb: 4, attempts: 2 },
  sampling: { ranges: 4 },
  s3: { region: "us-west-2", profile: "audit", maxAttempts: 6, retryMode: "adaptive" },
};

describe("loadConfig", () => {
  it("finds exposure-audit.config.json in the working directory, or nothing", async () => {
    const cwd = path.join(dir, "discover");
    await mkdir(cwd, { recursive: true });
    expect(await loadConfig(undefined, cwd)).toBeNull();
    await write("discover/exposure-audit.config.json", FULL);
    const loaded = await loadConfig(undefined, cwd);
    expect(loaded?.file).toBe(path.join(cwd, "exposure-audit.config.json"));
    expect(loaded?.config.limits?.maxObjectMb).toBe(64);
  });

  it("loads a .ts config's default export", async () => {
    const helper = pathToFileURL(path.resolve("packages/config/index.ts")).href;
    const file = await write(
      "typed/exposure-audit.config.ts",
      `import { defineConfig } from ${JSON.stringify(helper)};\nexport default defineConfig({ targets: ["s3://acme-qa-exports"], accounts: { "111122223333": "production" } });\n`,
    );
    const loaded = await loadConfig(file);
    expect(loaded?.config).toEqual({
      targets: ["s3://acme-qa-exports"],
      accounts: { "111122223333": "production" },
    });
  });

  it.each([
    ["an unknown key", { limits: { maxObjectMB: 5 } }, /^config bad\.json: unknown key limits\.maxObjectMB$/],
    [
      "a wrong type",
      { limits: { maxObjectMb: "64" } },
      /^config bad\.json: limits\.maxObjectMb: .*expected number/,
    ],
    [
      "a bad environment",
      { environments: { "acme-*": "prod" } },
      /^config bad\.json: environments\.acme-\*: /,
    ],
    [
      "a bad account id",
      { accounts: { "123": "production" } },
      /^config bad\.json: accounts\.123: invalid key \(an AWS account id is 12 digits\)$/,
    ],
    ["a bad target", { targets: [{ url: "s3://x" }] }, /^config bad\.json: targets\[0\]/],
    ["a bad endpoint", { s3: { endpointUrl: "not a url" } }, /^config bad\.json: s3\.endpointUrl: /],
    ["not JSON", "{ targets: [", /^config bad\.json: not valid JSON/],
  ])("names the problem in one line for %s", async (_label, content, message) => {
    const file = await write("bad.json", content);
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("requires an explicitly named file to exist", async () => {
    await expect(loadConfig("nope.json", dir)).rejects.toThrow(/config file not found: nope\.json/);
  });
});

describe("resolveSettings", () => {
  it("takes everything from the file, paths relative to it", async () => {
    const file = await write("full/exposure-audit.config.json", FULL);
    const settings = resolveSettings(await loadConfig(file), {}, "/elsewhere");
    const base = path.join(dir, "full");
    expect(settings.targets).toEqual([
      "s3://acme-prod-customers/exports/",
      path.join(base, "lake/acme-data"),
    ]);
    expect(settings.reportDir).toBe(path.join(base, "out"));
    expect(settings.environments.stores).toEqual({
      "legacy-*": "production",
      [pathToFileURL(path.join(base, "lake/shared")).href]: "non-production",
      [pathToFileURL(path.join(base, "lake/acme-data")).href]: "non-production",
    });
    expect(settings.environments.accounts).toEqual({ "111122223333": "production" });
    expect(settings.limits).toEqual({
      maxBytes: 64 * 1024 ** 2,
      maxCompressionRatio: 100,
      maxLineBytes: 4 * 1024 ** 2,
    });
    expect(settings).toMatchObject({
      concurrency: 8,
      sampleRanges: 4,
      attempts: 2,
      select: { include: ["*.csv"], exclude: ["tmp/**"] },
      s3: { region: "us-west-2", profile: "audit", maxAttempts: 6, retryMode: "adaptive" },
    });
  });

  it("lets the command line override the file", async () => {
    const file = await write("over/exposure-audit.config.json", {
      ...FULL,
      targets: [{ uri: "s3://acme-data", account: "111122223333" }],
    });
    const settings = resolveSettings(
      await loadConfig(file),
      {
        targets: ["s3://acme-data"],
        reportDir: "cli-out",
        endpointUrl: "http://127.0.0.1:9000",
        region: "eu-west-1",
        include: ["*.jsonl"],
        exclude: [],
        maxObjectMb: 1,
        concurrency: 2,
        workers: 3,
      },
      dir,
    );
    expect(settings).toMatchObject({
      targets: ["s3://acme-data"],
      reportDir: "cli-out",
      concurrency: 2,
      workers: 3,
      select: { include: ["*.jsonl"], exclude: [] },
      limits: { maxBytes: 1024 ** 2 },
      s3: { endpointUrl: "http://127.0.0.1:9000", region: "eu-west-1", profile: "audit" },
      // The file's account for a target still applies when the command line names the same target.
      accountIds: { "s3://acme-data": "111122223333" },
    });
  });

  it("reads everything again with full (file or --full); incremental by default", async () => {
    const file = await write("full-rescan/exposure-audit.config.json", {
      targets: ["s3://acme-data"],
      full: true,
    });
    expect(resolveSettings(await loadConfig(file), {}, dir).full).toBe(true);
    expect(resolveSettings(await loadConfig(file), { full: false }, dir).full).toBe(false);
    expect(resolveSettings(null, { targets: ["s3://acme-data"] }).full).toBe(false);
    expect(resolveSettings(null, { targets: ["s3://acme-data"], full: true }).full).toBe(true);
  });

  it("says so when there is nothing to scan", () => {
    expect(() => resolveSettings(null, {})).toThrow(/nothing to scan/);
  });
});

describe("the CLI with a config file", () => {
  const BIN = path.resolve("bin/exposure-audit.js");

  /** The command in this process (main() is what the binary runs), for the fast usage-error cases. */
  async function inProcess(args: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = "";
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      return { code: await main(args), stderr };
    } finally {
      spy.mockRestore();
    }
  }

  it.each([
    [
      "a bad key",
      ["--config", "BAD"],
      /^exposure-audit: config cli-bad\.json: unknown key limits\.maxObjectMB$/,
    ],
    ["a missing config file", ["--config", "/nonexistent/ea.json"], /^exposure-audit: config file not found/],
    ["no targets anywhere", [], /^exposure-audit: nothing to scan/],
    [
      "an invalid bucket name",
      ["s3://Bad_Bucket"],
      /^exposure-audit: invalid bucket name in s3:\/\/Bad_Bucket/,
    ],
    [
      "a bad endpoint",
      ["s3://acme-x", "--endpoint-url", "nope"],
      /^exposure-audit: --endpoint-url nope is not a URL$/,
    ],
  ])("exits 2 with a one-line reason for %s", async (_label, args, message) => {
    const bad = await write("cli-bad.json", { limits: { maxObjectMB: 5 } });
    const result = await inProcess([
      "scan",
      ...args.map((a) => (a === "BAD" ? bad : a)),
      "--report-dir",
      "x",
    ]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it("scans the config's targets into its report directory", async () => {
    const lake = path.join(dir, "cli-run", "acme-qa-lake");
    await mkdir(lake, { recursive: true });
    await writeFile(path.join(lake, "notes.txt"), "nothing sensitive here\n");
    await write("cli-run/exposure-audit.config.json", { targets: ["./acme-qa-lake"], reportDir: "reports" });
    const result = spawnSync(process.execPath, [BIN, "scan"], {
      encoding: "utf8",
      cwd: path.join(dir, "cli-run"),
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Scanned 1 of 1 objects/);
    expect(result.stdout).toContain(path.join(dir, "cli-run", "reports"));
  });
});
