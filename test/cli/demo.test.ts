// `npm start`'s demo: embedded s3rver, the demo lake as buckets, the in-process pipeline, the report in
// the bucket and in a local directory; qa-exports copies of production customers are critical.
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runDemo } from "../../packages/cli/demo.ts";
import { headline } from "../../packages/cli/headline.ts";

let root: string | undefined;
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("npm start (demo)", () => {
  it("reports the qa-exports copies as critical and writes report.html locally and to the bucket", async () => {
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    root = await mkdtemp(path.join(tmpdir(), "ea-demo-"));
    const started = Date.now();
    const result = await runDemo(path.join(root, "reports"));
    vi.restoreAllMocks();
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(
      result.findings.some(
        (f) =>
          f.location.store === "s3://acme-qa-exports" &&
          f.severity === "critical" &&
          f.realData === "confirmed",
      ),
    ).toBe(true);
    const html = result.files.find((f) => f.endsWith("report.html")) ?? "";
    await access(html);
    expect(result.bucketRun).toMatch(/^s3:\/\/exposure-audit-reports\/runs\//);
    expect(headline(result)).toContain("s3://acme-qa-exports (confirmed: values match production)");
  }, 60_000);
});
