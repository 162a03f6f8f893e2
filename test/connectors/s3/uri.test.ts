import { describe, expect, it } from "vitest";
import { parseS3Uri, s3StoreUri } from "../../../packages/connectors/s3/uri.ts";
import { UsageError } from "../../../packages/core/index.ts";
import { keySelector } from "../../../packages/engine/select.ts";

describe("s3:// targets", () => {
  it.each([
    ["s3://acme-qa-exports", "acme-qa-exports", ""],
    ["s3://acme-qa-exports/", "acme-qa-exports", ""],
    ["s3://acme-qa-exports/exports/2024/", "acme-qa-exports", "exports/2024/"],
    ["S3://my.bucket.name/a b", "my.bucket.name", "a b"],
  ])("%s → bucket %s, prefix %j", (uri, bucket, prefix) => {
    expect(parseS3Uri(uri)).toEqual({ bucket, prefix });
  });

  it.each([
    ["s3://"],
    ["s3://Upper"],
    ["s3://ab"],
    ["s3://under_score"],
    ["s3://-dash"],
    ["s3://a..b"],
    ["s3://192.168.1.1"],
  ])("rejects %s with a usage error", (uri) => {
    expect(() => parseS3Uri(uri)).toThrow(UsageError);
  });

  it("names the store by bucket and prefix", () => {
    expect(s3StoreUri({ bucket: "b-b", prefix: "" })).toBe("s3://b-b");
    expect(s3StoreUri({ bucket: "b-b", prefix: "p/" })).toBe("s3://b-b/p/");
  });
});

describe("include/exclude globs", () => {
  const select = keySelector({ include: ["*.csv", "exports/**/*.jsonl"], exclude: ["tmp/**", "*.bak.csv"] });

  it.each([
    ["a.csv", true],
    ["deep/er/a.csv", true],
    ["exports/2024/11/a.jsonl", true],
    ["a.jsonl", false],
    ["tmp/a.csv", false],
    ["x/a.bak.csv", false],
    [".hidden/a.csv", true],
  ])("%s → %s", (key, expected) => {
    expect(select?.(key)).toBe(expected);
  });

  it("selects everything when there are no patterns", () => {
    expect(keySelector({})).toBeNull();
    expect(keySelector({ exclude: ["*.log"] })?.("a.csv")).toBe(true);
  });
});
