import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.resolve("bin/exposure-audit.js");
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("exposure-audit CLI", () => {
  it("exits 0 after a completed scan and prints where the report is", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ea-cli-"));
    await writeFile(path.join(dir, "notes.txt"), "nothing sensitive here\n");
    const out = path.join(dir, "..", `${path.basename(dir)}-out`);
    const result = run("scan", dir, "--report-dir", out);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Scanned 1 of 1 objects/);
    expect(result.stdout).toMatch(/Report: .*report\.html/);
  });

  it.each([
    ["no arguments to scan", ["scan"]],
    ["missing --report-dir", ["scan", "."]],
    ["an unknown option", ["scan", ".", "--report-dir", "x", "--bogus"]],
    ["a bad number", ["scan", ".", "--report-dir", "x", "--concurrency", "zero"]],
    ["a bad worker count", ["scan", ".", "--report-dir", "x", "--workers", "0"]],
    ["a missing directory", ["scan", "/nonexistent/dir", "--report-dir", "x"]],
    ["an unsupported target", ["scan", "ftp://example/x", "--report-dir", "x"]],
    ["an unknown command", ["frobnicate"]],
  ])("exits 2 with a one-line reason for %s", (_label, args) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^exposure-audit: /);
  });
});
