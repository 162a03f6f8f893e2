// Listing fanned out over key ranges, against s3rver on 127.0.0.1 through the real SDK: the same
// objects in the same order as one sequential listing, for nested, flat and prefixed targets; a
// range that may not be listed is a store error while the other ranges are still listed.
// s3rver quirks the fixtures respect (see ../shared/TESTING.md): it reports a common prefix only
// when the "folder" holds an object directly, and it lists a folder before a sibling file whose
// name starts with the folder's name (S3 would not), so no key here is another's stem.
import type { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreAccessError } from "../../../packages/connectors/index.ts";
import {
  compareKeys,
  type ListingOptions,
  S3Source,
  startAfterFor,
} from "../../../packages/connectors/s3/index.ts";
import { runScan } from "../../../packages/engine/index.ts";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy.ts";
import { createBucket, putObject, type S3rverHandle, startS3rver } from "../../helpers/s3rver.ts";

const NESTED = "acme-dev-nested";
const FLAT = "acme-dev-flat";
const pad = (n: number) => String(n).padStart(4, "0");

const NESTED_KEYS = [
  ...Array.from({ length: 12 }, (_, i) => `a-root-${pad(i)}.txt`),
  "raw/_manifest.json",
  ...["2023", "2024"].flatMap((year) => [
    `raw/${year}/_manifest.json`,
    ...["01", "02", "03"].flatMap((month) =>
      Array.from({ length: 180 }, (_, i) => `raw/${year}/${month}/part-${pad(i)}.csv`),
    ),
  ]),
  "reports/readme.txt",
  ...Array.from({ length: 20 }, (_, i) => `reports/café au lait/résumé ${pad(i)}.txt`),
  ...Array.from({ length: 20 }, (_, i) => `reports/日本/データ ${pad(i)}.csv`),
  // More root files than a page after the folders: discovery reads the root's second page too.
  ...Array.from({ length: 60 }, (_, i) => `zz-tail-${pad(i)}.txt`),
];
const FLAT_KEYS = Array.from({ length: 130 }, (_, i) => `object-${pad((i * 7919) % 1000)}.txt`);

/** Fans out after one page of 50, at most 4 requests in flight. */
const PARALLEL: ListingOptions = { sequentialPages: 1, concurrency: 4, maxRanges: 64 };
const SEQUENTIAL: ListingOptions = { sequentialPages: Number.MAX_SAFE_INTEGER, concurrency: 1 };

let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver();
  await createBucket(s3.client, NESTED);
  await createBucket(s3.client, FLAT);
  const puts = [
    ...NESTED_KEYS.map((key) => ({ bucket: NESTED, key })),
    ...FLAT_KEYS.map((key) => ({ bucket: FLAT, key })),
  ];
  const worker = async () => {
    for (let next = puts.shift(); next; next = puts.shift())
      await putObject(s3.client, next.bucket, next.key, `${next.key}\n`);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}, 60_000);
afterAll(() => s3?.close());

async function keysOf(uri: string, listing: ListingOptions, client: S3Client = s3.client): Promise<string[]> {
  const keys: string[] = [];
  for await (const unit of new S3Source({ client, uri, pageSize: 50, listing }).list()) keys.push(unit.key);
  return keys;
}

const sorted = (keys: string[]) => [...keys].sort(compareKeys);

describe("key order", () => {
  it("compares keys as S3 does (code points), not as UTF-16 code units", () => {
    expect(compareKeys("a", "b")).toBeLessThan(0);
    expect(compareKeys("ab", "a")).toBeGreaterThan(0);
    expect(compareKeys("x\u{1F600}", "x\uFF01")).toBeGreaterThan(0);
    expect("x\u{1F600}" < "x\uFF01").toBe(true);
    expect(compareKeys("same", "same")).toBe(0);
  });

  it("starts a range just before a boundary", () => {
    expect(startAfterFor("raw/2024/")).toBe("raw/2024.");
    expect(startAfterFor("x\u{1F600}")).toBe("x\u{1F5FF}");
    expect(startAfterFor("x\uE000")).toBe("x\uD7FF");
    expect(startAfterFor("\u0000")).toBeUndefined();
  });
});

describe("listing fanned out over key ranges", () => {
  it("lists a nested bucket of >1,000 keys exactly as the sequential listing, in key order", async () => {
    expect(NESTED_KEYS.length).toBeGreaterThan(1000);
    const sequential = await keysOf(`s3://${NESTED}`, SEQUENTIAL);
    expect(sequential).toEqual(sorted(NESTED_KEYS));
    const parallel = await keysOf(`s3://${NESTED}`, PARALLEL);
    expect(parallel).toEqual(sequential);
    // Deterministic: again, and with another fan-out, the same order.
    expect(await keysOf(`s3://${NESTED}`, PARALLEL)).toEqual(sequential);
    expect(await keysOf(`s3://${NESTED}`, { ...PARALLEL, concurrency: 16, maxRanges: 3 })).toEqual(
      sequential,
    );
  });

  it("cuts the key space at the discovered prefixes and lists the ranges", async () => {
    const proxy = await startFaultProxy(s3.endpoint, []);
    try {
      const keys = await keysOf(`s3://${NESTED}`, PARALLEL, s3.clientFor(proxy.endpoint));
      expect(keys).toEqual(sorted(NESTED_KEYS));
      const lists = proxy.log.filter((r) => r.query.get("list-type") === "2");
      const discovery = lists
        .filter((r) => r.query.get("delimiter") === "/")
        .map((r) => r.query.get("prefix"));
      expect(discovery).toEqual(
        expect.arrayContaining([null, "raw/", "reports/", "raw/2023/", "raw/2024/", "raw/2024/02/"]),
      );
      const secondPages = lists.filter(
        (r) => r.query.get("delimiter") === "/" && r.query.has("continuation-token"),
      );
      expect(secondPages.length).toBeGreaterThan(0);
      const rangeStarts = lists
        .filter((r) => !r.query.has("delimiter"))
        .map((r) => r.query.get("start-after"))
        .filter((s) => s?.endsWith("."));
      expect(rangeStarts).toEqual(
        expect.arrayContaining([
          "raw/2023/02.",
          "raw/2024.",
          "raw/2024/01.",
          "raw/2024/02.",
          "reports/日本.",
        ]),
      );
    } finally {
      await proxy.close();
    }
  });

  it("caps the ranges at maxRanges", async () => {
    const proxy = await startFaultProxy(s3.endpoint, []);
    try {
      const keys = await keysOf(
        `s3://${NESTED}`,
        { ...PARALLEL, sequentialPages: 0, maxRanges: 3 },
        s3.clientFor(proxy.endpoint),
      );
      expect(keys).toEqual(sorted(NESTED_KEYS));
      const rangeStarts = proxy.log.filter(
        (r) =>
          r.query.get("list-type") === "2" &&
          !r.query.has("delimiter") &&
          r.query.get("start-after")?.endsWith("."),
      );
      expect(rangeStarts.map((r) => r.query.get("start-after"))).toEqual(["raw.", "reports."]);
    } finally {
      await proxy.close();
    }
  });

  it("lists a flat bucket (no prefixes to cut at) completely", async () => {
    const sequential = await keysOf(`s3://${FLAT}`, SEQUENTIAL);
    expect(sequential).toEqual(sorted(FLAT_KEYS));
    expect(await keysOf(`s3://${FLAT}`, PARALLEL)).toEqual(sequential);
  });

  it("fans out under a target prefix only", async () => {
    const expected = sorted(NESTED_KEYS.filter((k) => k.startsWith("raw/2024/")));
    expect(await keysOf(`s3://${NESTED}/raw/2024/`, PARALLEL)).toEqual(expected);
    expect(await keysOf(`s3://${NESTED}/reports/`, { ...PARALLEL, sequentialPages: 0 })).toEqual(
      sorted(NESTED_KEYS.filter((k) => k.startsWith("reports/"))),
    );
  });

  it("lists nothing under an empty prefix", async () => {
    expect(await keysOf(`s3://${NESTED}/nothing-here/`, PARALLEL)).toEqual([]);
    expect(await keysOf(`s3://${NESTED}/nothing-here/`, { ...PARALLEL, sequentialPages: 0 })).toEqual([]);
  });
});

describe("a key range that may not be listed (403 through a fault proxy)", () => {
  let proxy: FaultProxy;
  const deniedRange = (r: { query: URLSearchParams }) =>
    r.query.get("list-type") === "2" &&
    !r.query.has("delimiter") &&
    (r.query.get("start-after") ?? "").startsWith("raw/2024/02");
  beforeAll(async () => {
    proxy = await startFaultProxy(s3.endpoint, [
      {
        name: "range-denied",
        when: deniedRange,
        fault: { kind: "error", status: 403, code: "AccessDenied" },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
  });
  afterAll(() => proxy?.close());

  it("yields every other range, then throws a store access error", async () => {
    const client = s3.clientFor(proxy.endpoint);
    const keys: string[] = [];
    let thrown: unknown;
    try {
      for await (const unit of new S3Source({
        client,
        uri: `s3://${NESTED}`,
        pageSize: 50,
        listing: PARALLEL,
      }).list())
        keys.push(unit.key);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreAccessError);
    expect(thrown).toMatchObject({ reason: "access-denied" });
    expect((thrown as Error).message).toMatch(
      /^ListObjectsV2 on acme-dev-nested failed for 1 of \d+ key ranges \(\d+ objects listed\): AccessDenied \(HTTP 403\)$/,
    );
    expect(proxy.fired("range-denied")).toBeGreaterThan(0);
    expect(keys).toEqual(sorted(NESTED_KEYS.filter((k) => !k.startsWith("raw/2024/02/"))));
  });

  it("records the error on the store and scans what was listed", async () => {
    const client = s3.clientFor(proxy.endpoint);
    const { summary } = await runScan({
      targets: [`s3://${NESTED}/reports/`, `s3://${NESTED}/raw/2024/`],
      targetOptions: { s3Client: client, s3PageSize: 50, s3Listing: PARALLEL },
    });
    const [reports, raw] = summary.stores;
    expect(reports?.error).toBeNull();
    expect(raw?.error).toMatchObject({ reason: "access-denied" });
    expect(raw?.error?.message).toMatch(/failed for 1 of \d+ key ranges/);
    const objects = summary.coverage.units.map((u) => u.object);
    const expected = NESTED_KEYS.filter(
      (k) => k.startsWith("reports/") || (k.startsWith("raw/2024/") && !k.startsWith("raw/2024/02/")),
    );
    expect(objects.sort()).toEqual(expected.sort());
    expect(summary.coverage.listed).toBe(expected.length);
  });
});
