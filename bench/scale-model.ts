// "Scale on paper": what a nightly run over N objects / B bytes costs and takes with the Step
// Functions fan-out, from measured speeds (bench/results/latest.json), the stack's knobs and stated
// assumptions. Pure arithmetic, no I/O: bench/scale.ts gathers the inputs and prints the table.

import { MAX_ITEM_BYTES } from "../functions/batch-lists.ts";
import {
  LAMBDA_ARM64_USD_PER_GB_S,
  LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY,
  LAMBDA_USD_PER_REQUEST,
  MACIE_USD_PER_GB,
  S3_GET_PER_SECOND_PER_PREFIX,
  S3_PUT_PER_SECOND_PER_PREFIX,
  S3_USD_PER_GET,
  S3_USD_PER_LIST,
  S3_USD_PER_PUT,
  SFN_MAX_PAYLOAD_BYTES,
  SFN_USD_PER_TRANSITION,
} from "./prices.ts";

/** What is assumed about the estate (nothing here is measured). */
export interface Assumptions {
  objects: number;
  totalBytes: number;
  /** Share of the bytes held by large objects (over the read cap), all of `largeObjectBytes`. */
  largeByteShare: number;
  largeObjectBytes: number;
  /** Share of the batches in production stores (scanned first; the rest read their fingerprints). */
  productionShare: number;
  /** Key prefixes the objects are spread over evenly (S3 scales request rates per prefix). */
  prefixes: number;
  /** "/" folders the keys are spread over evenly, where listing cuts its key ranges (0: flat keys). */
  folders: number;
  /** Real S3's time to first byte of a GET: wall time, not CPU (the bench's s3rver is local). */
  firstByteMs: number;
  /** One ListObjectsV2 page of 1,000 keys. */
  listPageMs: number;
  /** The run should finish within this many hours. */
  deadlineHours: number;
}

/** Measured by `npm run bench`: the scanner's speed per core, bytes and objects. */
export interface Measured {
  mbPerCoreSecond: number;
  objectsPerCoreSecond: number;
  /** Which run and rows the speeds come from. */
  source: string;
}

/** The stack's and the engine's defaults (read from the code by bench/scale.ts). */
export interface Knobs {
  batchBytes: number;
  batchUnits: number;
  maxConcurrency: number;
  scanMemoryMb: number;
  scanTimeoutSeconds: number;
  deadlineMarginSeconds: number;
  planTimeoutSeconds: number;
  planMemoryMb: number;
  readCapBytes: number;
  sampleRanges: number;
  unitsAtOnce: number;
  listPageSize: number;
  /** The S3 connector's listing fan-out (LISTING_DEFAULTS in packages/connectors/s3/list-objects.ts). */
  listing: ListingKnobs;
}

export interface ListingKnobs {
  concurrency: number;
  sequentialPages: number;
  maxRanges: number;
  maxBufferedObjects: number;
  /** Pages of a level's delimited listing read for its folders. */
  discoveryPages: number;
}

export interface PlanListing {
  requests: number;
  seconds: number;
  ranges: number;
  /** Requests in flight once the ranges are listed (fewer when a range outgrows the buffer). */
  inFlight: number;
}

/**
 * One target's listing by plan: the first pages one after another, then (keys in folders) the
 * folders found by delimited listings, the key ranges between them listed `inFlight` at once. Ranges
 * ahead of the one being yielded hold at most maxBufferedObjects; folders past the discovery's pages
 * are one last range, listed page after page.
 */
export function planListing(a: Assumptions, k: Knobs): PlanListing {
  const l = k.listing;
  const page = a.listPageMs / 1000;
  const pages = Math.ceil(a.objects / k.listPageSize);
  if (pages <= l.sequentialPages || a.folders < 1) {
    return { requests: pages, seconds: pages * page, ranges: 1, inFlight: 1 };
  }
  const seen = Math.min(a.folders, l.discoveryPages * k.listPageSize);
  const boundaries = Math.min(seen, l.maxRanges - 1);
  const ranges = boundaries + 1;
  const rootPages = Math.ceil(seen / k.listPageSize);
  // Below maxRanges - 1 folders, each is looked into once for folders of its own (none here).
  const expansions = seen < l.maxRanges - 1 ? seen : 0;
  const rangeObjects = Math.max(0, a.objects - l.sequentialPages * k.listPageSize);
  const tailObjects = rangeObjects * (1 - seen / a.folders);
  const tailPages = Math.ceil(tailObjects / k.listPageSize);
  const spreadRequests = Math.ceil((rangeObjects - tailObjects) / k.listPageSize) + boundaries;
  const perRange = (rangeObjects - tailObjects) / boundaries;
  const inFlight = Math.min(l.concurrency, boundaries, 1 + Math.floor(l.maxBufferedObjects / perRange));
  const rounds =
    l.sequentialPages +
    rootPages +
    Math.ceil(expansions / l.concurrency) +
    Math.ceil(spreadRequests / inFlight) +
    tailPages;
  return {
    requests: l.sequentialPages + rootPages + expansions + spreadRequests + tailPages,
    seconds: rounds * page,
    ranges,
    inFlight,
  };
}

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

export interface Scenario {
  name: string;
  bytesListed: number;
  bytesRead: number;
  smallObjects: number;
  smallObjectBytes: number;
  largeObjects: number;
  unitsPerBatch: number;
  batches: number;
  productionBatches: number;
  secondsPerBatch: number;
  secondsPerLargeObject: number;
  continuations: number;
  scanInvocations: number;
  /** Scan invocations + plan + seal + finalize. */
  invocations: number;
  scanSeconds: number;
  gbSeconds: number;
  lambdaUsd: number;
  getRequests: number;
  listRequests: number;
  putRequests: number;
  s3Usd: number;
  transitions: number;
  sfnUsd: number;
  /** Handing production over: the seal reads each production partial once, and each non-production
   * invocation reads the one handoff (at worst: a warm container reads it once per run). */
  seedingGets: number;
  seedingUsd: number;
  totalUsd: number;
  totalAsBuiltUsd: number;
  usdPerTbListed: number;
  planListingSeconds: number;
  planPayloadBytes: number;
  wallHoursAtMap: number;
  wallHoursAtAccount: number;
  concurrencyForDeadline: number;
  getsPerSecondPerPrefixAtMap: number;
  getsPerSecondPerPrefixAtAccount: number;
  putsPerSecondAtAccount: number;
  checks: Check[];
}

/** A unit reference as plan puts it in a batch (a realistic key, size and ETag), for the payload size. */
const UNIT_REF_JSON_BYTES = JSON.stringify({
  key: "exports/2025/11/24/part-00000-5f1c9a7e-3b2d-4c1e-9a8f-2d7e6b1c0a9f.csv",
  size: 10_000_000,
  etag: '"9b2cf535f27731c974343645a3985328"',
}).length;
const BATCH_JSON_BYTES = JSON.stringify({
  batch: {
    runId: "2025-11-24T02-00-00Z-abcdef",
    batchId: "0-123456",
    phase: "other",
    target: "s3://example-data-lake/exports",
    store: "s3://example-data-lake/exports",
    production: false,
    units: [],
    bytes: 536870912,
  },
}).length;
/** Report files written by finalize (findings, summary, CSV, OCSF, ASFF, HTML, schema, latest…). */
const REPORT_PUTS = 10;
/** Parent machine: Plan, ScanProduction, SealProduction, ScanOther, Finalize. */
const PARENT_TRANSITIONS = 5;
/** A Map child: Batch, More, Done; each continuation adds Continue, Batch, More. */
const CHILD_TRANSITIONS = 3;
const CONTINUATION_TRANSITIONS = 3;

export function scenario(name: string, readWhole: boolean, a: Assumptions, m: Measured, k: Knobs): Scenario {
  const largeObjects = Math.round((a.totalBytes * a.largeByteShare) / a.largeObjectBytes);
  const smallObjects = a.objects - largeObjects;
  const smallObjectBytes = (a.totalBytes - largeObjects * a.largeObjectBytes) / smallObjects;
  const sampled = !readWhole && a.largeObjectBytes > k.readCapBytes;
  const largeRead = sampled ? k.readCapBytes : a.largeObjectBytes;
  const bytesRead = smallObjects * smallObjectBytes + largeObjects * largeRead;

  // plan closes a batch once it holds batchBytes or batchUnits; a large object is a batch of its own.
  const unitsPerBatch = Math.min(k.batchUnits, Math.ceil(k.batchBytes / smallObjectBytes));
  const smallBatches = Math.ceil(smallObjects / unitsPerBatch);
  const batches = smallBatches + largeObjects;
  const productionBatches = Math.round(batches * a.productionShare);

  // CPU bound on one core; the GETs' first-byte waits overlap it, `unitsAtOnce` at a time.
  const bytesSeconds = (bytes: number) => bytes / (m.mbPerCoreSecond * 1e6);
  const cpuPerBatch = bytesSeconds(unitsPerBatch * smallObjectBytes) + unitsPerBatch / m.objectsPerCoreSecond;
  const waitPerBatch = (unitsPerBatch * a.firstByteMs) / 1000 / k.unitsAtOnce;
  const secondsPerBatch = Math.max(cpuPerBatch, waitPerBatch);
  const largeGets = sampled ? 1 + k.sampleRanges : 1;
  const secondsPerLargeObject =
    bytesSeconds(largeRead) + 1 / m.objectsPerCoreSecond + (largeGets * a.firstByteMs) / 1000;

  // A batch stops starting units `deadlineMargin` before the timeout and continues in a new invocation.
  const budget = k.scanTimeoutSeconds - k.deadlineMarginSeconds;
  const continuationsPerBatch = Math.max(0, Math.ceil(secondsPerBatch / budget) - 1);
  const continuations = smallBatches * continuationsPerBatch;
  const scanInvocations = batches + continuations;
  const invocations = scanInvocations + 3;
  const scanSeconds = smallBatches * secondsPerBatch + largeObjects * secondsPerLargeObject;

  const listing = planListing(a, k);
  const listRequests = listing.requests;
  const planListingSeconds = listing.seconds;
  const gbSeconds = scanSeconds * (k.scanMemoryMb / 1024) + planListingSeconds * (k.planMemoryMb / 1024);
  const lambdaUsd = gbSeconds * LAMBDA_ARM64_USD_PER_GB_S + invocations * LAMBDA_USD_PER_REQUEST;

  const getRequests = smallObjects + largeObjects * largeGets;
  // Partials, the plan, the production handoff, the report.
  const putRequests = scanInvocations + 1 + 1 + REPORT_PUTS;
  const s3Usd = getRequests * S3_USD_PER_GET + listRequests * S3_USD_PER_LIST + putRequests * S3_USD_PER_PUT;
  const transitions =
    PARENT_TRANSITIONS + batches * CHILD_TRANSITIONS + continuations * CONTINUATION_TRANSITIONS;
  const sfnUsd = transitions * SFN_USD_PER_TRANSITION;

  const productionInvocations = Math.round(scanInvocations * a.productionShare);
  const otherInvocations = scanInvocations - productionInvocations;
  // The seal reads each production partial once; a non-production invocation reads the one handoff,
  // at worst once each (a warm container keeps it for the run).
  const seedingGets = productionInvocations + otherInvocations;
  const seedingUsd = seedingGets * S3_USD_PER_GET;
  const totalUsd = lambdaUsd + s3Usd + sfnUsd;

  const longest = Math.max(largeObjects > 0 ? secondsPerLargeObject : 0, Math.min(secondsPerBatch, budget));
  const wallHours = (concurrency: number) =>
    (planListingSeconds + Math.max(scanSeconds / concurrency, longest)) / 3600;
  const deadlineSeconds = a.deadlineHours * 3600 - planListingSeconds;
  const concurrencyForDeadline =
    deadlineSeconds > longest ? Math.ceil(scanSeconds / deadlineSeconds) : Infinity;
  const getsPerSecond = (concurrency: number) =>
    (Math.min(concurrency, scanInvocations) * unitsPerBatch) / secondsPerBatch / a.prefixes;
  const putsPerSecondAtAccount =
    Math.min(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY, scanInvocations) / secondsPerBatch;
  const planPayloadBytes = batches * BATCH_JSON_BYTES + a.objects * UNIT_REF_JSON_BYTES;
  const mapItemBytes = BATCH_JSON_BYTES + Math.ceil(a.objects / Math.max(1, batches)) * UNIT_REF_JSON_BYTES;

  const getsAtMap = getsPerSecond(k.maxConcurrency);
  const getsAtAccount = getsPerSecond(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY);
  const checks: Check[] = [
    {
      what: "every unit fits one scan invocation",
      ok: secondsPerLargeObject <= budget || largeObjects === 0,
      detail: `largest object ${fmtSeconds(secondsPerLargeObject)} vs ${fmtSeconds(budget)} (timeout − margin); a unit is never split`,
    },
    {
      what: "plan lists within its timeout",
      ok: planListingSeconds <= k.planTimeoutSeconds,
      detail: `${listRequests.toLocaleString("en-US")} LIST requests (${listing.ranges.toLocaleString("en-US")} key ranges, ${listing.inFlight} in flight) at ${a.listPageMs} ms = ${fmtSeconds(planListingSeconds)} vs ${fmtSeconds(k.planTimeoutSeconds)}`,
    },
    {
      // The plan writes the batch lists to the report bucket and the Maps read them with an S3 ItemReader
      // (stacks/definition.ts); what crosses a state is one batch, and plan splits a batch over 192 KiB.
      what: "each Map item (one batch, read through the S3 ItemReader) fits the state payload",
      ok: Math.min(mapItemBytes, MAX_ITEM_BYTES) <= SFN_MAX_PAYLOAD_BYTES,
      detail: `batch lists ~${fmtBytes(planPayloadBytes)} in the report bucket; a batch ~${fmtBytes(mapItemBytes)} (split over ${fmtBytes(MAX_ITEM_BYTES)}) vs Step Functions' ${fmtBytes(SFN_MAX_PAYLOAD_BYTES)} payload limit`,
    },
    {
      what: `GET rate per prefix at MaxConcurrency ${k.maxConcurrency}`,
      ok: getsAtMap <= S3_GET_PER_SECOND_PER_PREFIX,
      detail: `${Math.round(getsAtMap).toLocaleString("en-US")}/s vs ${S3_GET_PER_SECOND_PER_PREFIX.toLocaleString("en-US")}/s`,
    },
    {
      what: `GET rate per prefix at ${LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY.toLocaleString("en-US")} concurrent scans`,
      ok: getsAtAccount <= S3_GET_PER_SECOND_PER_PREFIX,
      detail: `${Math.round(getsAtAccount).toLocaleString("en-US")}/s vs ${S3_GET_PER_SECOND_PER_PREFIX.toLocaleString("en-US")}/s`,
    },
    {
      what: `partial PUTs to the report prefix at ${LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY.toLocaleString("en-US")} concurrent scans`,
      ok: putsPerSecondAtAccount <= S3_PUT_PER_SECOND_PER_PREFIX,
      detail: `${Math.round(putsPerSecondAtAccount).toLocaleString("en-US")}/s vs ${S3_PUT_PER_SECOND_PER_PREFIX.toLocaleString("en-US")}/s`,
    },
    {
      what: `finishes within ${a.deadlineHours} h at MaxConcurrency ${k.maxConcurrency}`,
      ok: wallHours(k.maxConcurrency) <= a.deadlineHours,
      detail: `${wallHours(k.maxConcurrency).toFixed(1)} h; needs ${Number.isFinite(concurrencyForDeadline) ? concurrencyForDeadline.toLocaleString("en-US") : "∞"} concurrent scans`,
    },
    {
      what: "non-production scans read a bounded set of partials",
      ok: true,
      detail: `the seal reads the ${fmtCount(productionInvocations)} production partials once, each of the ${fmtCount(otherInvocations)} other invocations reads one handoff at worst: ${fmtCount(seedingGets)} GETs in all`,
    },
  ];

  return {
    name,
    bytesListed: a.totalBytes,
    bytesRead,
    smallObjects,
    smallObjectBytes,
    largeObjects,
    unitsPerBatch,
    batches,
    productionBatches,
    secondsPerBatch,
    secondsPerLargeObject,
    continuations,
    scanInvocations,
    invocations,
    scanSeconds,
    gbSeconds,
    lambdaUsd,
    getRequests,
    listRequests,
    putRequests,
    s3Usd,
    transitions,
    sfnUsd,
    seedingGets,
    seedingUsd,
    totalUsd,
    totalAsBuiltUsd: totalUsd + seedingUsd,
    usdPerTbListed: totalUsd / (a.totalBytes / 1e12),
    planListingSeconds,
    planPayloadBytes,
    wallHoursAtMap: wallHours(k.maxConcurrency),
    wallHoursAtAccount: wallHours(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY),
    concurrencyForDeadline,
    getsPerSecondPerPrefixAtMap: getsAtMap,
    getsPerSecondPerPrefixAtAccount: getsAtAccount,
    putsPerSecondAtAccount,
    checks,
  };
}

/** The two columns of the table: every byte read (the cap raised), and the default cap's sampling. */
export function scaleOnPaper(a: Assumptions, m: Measured, k: Knobs): [Scenario, Scenario] {
  return [scenario("read whole", true, a, m, k), scenario("sampled (default cap)", false, a, m, k)];
}

/** Macie's price for the same listed bytes, for comparison. */
export const macieUsd = (a: Assumptions): number => (a.totalBytes / 1e9) * MACIE_USD_PER_GB;

export function fmtSeconds(s: number): string {
  if (s < 120) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function fmtBytes(b: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = b;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(value < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return "∞";
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} billion`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} million`;
  return Math.round(n).toLocaleString("en-US");
}

export function fmtUsd(n: number): string {
  return n >= 100 ? `$${Math.round(n).toLocaleString("en-US")}` : `$${n.toFixed(2)}`;
}

/** The markdown table of both scenarios, the checks, and the assumptions it rests on. */
export function renderScale(a: Assumptions, m: Measured, k: Knobs): string {
  const [whole, sampled] = scaleOnPaper(a, m, k);
  const listing = planListing(a, k);
  const row = (label: string, f: (s: Scenario) => string) => `| ${label} | ${f(whole)} | ${f(sampled)} |`;
  const tb = (b: number) => `${(b / 1e12).toFixed(1)} TB`;
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const lines = [
    `| ${fmtCount(a.objects)} objects, ${tb(a.totalBytes)} nightly | ${whole.name} | ${sampled.name} |`,
    "|---|---:|---:|",
    row("bytes read", (s) => tb(s.bytesRead)),
    row(
      "batches (≤ batch bytes / units)",
      (s) => `${n(s.batches)} (${n(s.unitsPerBatch)} objects each; ${n(s.largeObjects)} large alone)`,
    ),
    row(
      "scan time per batch / per large object",
      (s) => `${fmtSeconds(s.secondsPerBatch)} / ${fmtSeconds(s.secondsPerLargeObject)}`,
    ),
    row(
      "Lambda invocations (scan batches + continuations + plan + seal + finalize)",
      (s) => `${n(s.invocations)} (${n(s.batches)} + ${n(s.continuations)} + 3)`,
    ),
    row("Map concurrency (MaxConcurrency)", () => n(k.maxConcurrency)),
    row(
      `S3 GET/s per prefix at ${k.maxConcurrency} / ${n(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY)} (limit ${n(S3_GET_PER_SECOND_PER_PREFIX)})`,
      (s) => `${n(s.getsPerSecondPerPrefixAtMap)} / ${n(s.getsPerSecondPerPrefixAtAccount)}`,
    ),
    row(
      `S3 PUT/s, report prefix, at ${n(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY)} (limit ${n(S3_PUT_PER_SECOND_PER_PREFIX)})`,
      (s) => n(s.putsPerSecondAtAccount),
    ),
    row(
      "S3 requests: GET / LIST / PUT",
      (s) => `${fmtCount(s.getRequests)} / ${n(s.listRequests)} / ${n(s.putRequests)}`,
    ),
    row("Step Functions state transitions", (s) => fmtCount(s.transitions)),
    row(`Lambda GB-seconds (scan at ${k.scanMemoryMb} MB, plan at ${k.planMemoryMb} MB)`, (s) =>
      fmtCount(s.gbSeconds),
    ),
    row("cost: Lambda (compute + requests)", (s) => fmtUsd(s.lambdaUsd)),
    row("cost: S3 requests", (s) => fmtUsd(s.s3Usd)),
    row("cost: Step Functions", (s) => fmtUsd(s.sfnUsd)),
    row("**cost per night**", (s) => `**${fmtUsd(s.totalUsd)}** (${fmtUsd(s.usdPerTbListed)}/TB)`),
    row("cost as built (+ the seal's reads and a handoff GET per non-production scan)", (s) =>
      fmtUsd(s.totalAsBuiltUsd),
    ),
    row(`Amazon Macie at $${MACIE_USD_PER_GB}/GB`, () => fmtUsd(macieUsd(a))),
    row(
      `plan listing (one target; ${n(listing.ranges)} key ranges, ${listing.inFlight} requests in flight)`,
      (s) => fmtSeconds(s.planListingSeconds),
    ),
    row(`wall time at MaxConcurrency ${k.maxConcurrency}`, (s) => `${s.wallHoursAtMap.toFixed(1)} h`),
    row(
      `wall time at ${n(LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY)} (account default)`,
      (s) => `${s.wallHoursAtAccount.toFixed(1)} h`,
    ),
    row(`concurrency to finish in ${a.deadlineHours} h`, (s) =>
      Number.isFinite(s.concurrencyForDeadline) ? n(s.concurrencyForDeadline) : "∞ (plan alone is too long)",
    ),
    "",
    "Checks (both columns unless marked):",
    ...whole.checks.map((c, i) => {
      const other = sampled.checks[i] as Check;
      const mark = (x: Check) => (x.ok ? "ok" : "**FAILS**");
      const same = c.ok === other.ok && c.detail === other.detail;
      return same
        ? `- ${mark(c)}: ${c.what} — ${c.detail}`
        : `- ${c.what} — read whole: ${mark(c)}, ${c.detail}; sampled: ${mark(other)}, ${other.detail}`;
    }),
    "",
    `Measured (${m.source}): ${m.mbPerCoreSecond.toFixed(1)} MB/s per core, ${m.objectsPerCoreSecond.toFixed(0)} objects/s per core.`,
    `Knobs: batches of ${fmtBytes(k.batchBytes)} or ${n(k.batchUnits)} units; MaxConcurrency ${k.maxConcurrency}; scan ${k.scanMemoryMb} MB, timeout ${fmtSeconds(k.scanTimeoutSeconds)}, margin ${k.deadlineMarginSeconds} s, ${k.unitsAtOnce} units at once; plan ${k.planMemoryMb} MB, timeout ${fmtSeconds(k.planTimeoutSeconds)}; read cap ${fmtBytes(k.readCapBytes)} per object, sampled as head + ${k.sampleRanges} ranges.`,
    `Assumed: ${fmtCount(a.objects)} objects, ${tb(a.totalBytes)} (mean ${(a.totalBytes / a.objects / 1e6).toFixed(1)} MB); ${(a.largeByteShare * 100).toFixed(0)}% of the bytes in ${n(whole.largeObjects)} objects of ${(a.largeObjectBytes / 1e9).toFixed(0)} GB, the rest in ${fmtCount(whole.smallObjects)} objects of ${(whole.smallObjectBytes / 1e6).toFixed(1)} MB; ${(a.productionShare * 100).toFixed(0)}% of batches production; ${a.prefixes} key prefix(es); ${a.folders > 0 ? `keys in ${n(a.folders)} "/" folders` : "flat keys (no folders)"}; S3 first byte ${a.firstByteMs} ms; LIST page ${a.listPageMs} ms.`,
  ];
  return lines.join("\n");
}
