// Lists a bucket (or a prefix of it) in S3's key order, with many ListObjectsV2 requests in flight.
//
// The first pages are listed one after another: a small store is done before any fan-out. A larger
// one is cut into key ranges at its "folders": the first page of a `Delimiter: "/"` listing at each
// level, breadth first to a bounded depth, names common prefixes, and those prefixes (the ones past
// the keys already listed) are the range boundaries. Ranges tile the key space whatever the
// discovery found, so every object comes back exactly once; each range is listed flat (no
// delimiter) with StartAfter pagination, concurrently. Ranges are yielded in key order, so the
// output is the sequential listing's, object for object. Pages of ranges ahead of the one being
// yielded wait in a bounded buffer; past it those ranges pause, the current one never does.
// A bucket without "/" structure has no boundaries and is listed sequentially.
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { StoreAccessError } from "../errors.ts";
import type { UnitRef } from "../source.ts";
import { describeS3Error, reasonOf } from "./errors.ts";
import { compareKeys, startAfterFor } from "./key-order.ts";

export interface ListingOptions {
  /** ListObjectsV2 MaxKeys (1–1000); S3's default 1,000 when unset. */
  pageSize?: number;
  /** ListObjectsV2 requests in flight at once. */
  concurrency?: number;
  /** Pages listed one after another before the store is cut into ranges. */
  sequentialPages?: number;
  /** At most this many key ranges. */
  maxRanges?: number;
  /** Levels of "/" prefixes looked at to find range boundaries. */
  maxDepth?: number;
  /** Listed objects held for ranges ahead of the one being yielded. */
  maxBufferedObjects?: number;
}

export const LISTING_DEFAULTS = {
  concurrency: 16,
  sequentialPages: 10,
  maxRanges: 1024,
  maxDepth: 4,
  maxBufferedObjects: 250_000,
} as const satisfies ListingOptions;

type Settings = Required<Omit<ListingOptions, "pageSize">> & Pick<ListingOptions, "pageSize">;

interface Target {
  client: S3Client;
  bucket: string;
  prefix: string;
  /** Appended to error messages (e.g. the bucket's real region). */
  describeError: (error: unknown) => string;
}

interface Page {
  objects: UnitRef[];
  prefixes: string[];
  /** The last key of the page, where the next page starts after. */
  lastKey: string | undefined;
  truncated: boolean;
  /** Continuation token: a delimited listing pages on with it (StartAfter would repeat a prefix). */
  next?: string;
}

/**
 * Delimited pages read per level to find its prefixes, shared by the level's prefixes (each reads at
 * least one): a wide root of up to 100,000 folders is seen whole, a deep tree costs a page a folder.
 */
export const DISCOVERY_PAGES = 100;

/** A key range: keys after `startAfter`, from `from` on, before `before`. */
interface KeyRange {
  startAfter: string | undefined;
  from: string | undefined;
  before: string | undefined;
}

/** Every object under the target, in key order; a StoreAccessError once what could be listed was. */
export async function* listObjects(target: Target, options: ListingOptions = {}): AsyncGenerator<UnitRef> {
  const settings: Settings = { ...LISTING_DEFAULTS, ...definedOnly(options) };
  const fetchPage: FetchPage = (startAfter, prefix = target.prefix, delimited = false, token = undefined) =>
    listPage(target, { prefix, startAfter, delimited, pageSize: settings.pageSize, token });

  let after: string | undefined;
  let listed = 0;
  for (let n = 0; n < settings.sequentialPages; n++) {
    let page: Page;
    try {
      page = await fetchPage(after);
    } catch (error) {
      throw accessError(target, error, `failed after ${listed} objects`);
    }
    for (const object of page.objects) yield object;
    listed += page.objects.length;
    if (!page.truncated || page.lastKey === undefined) return;
    after = page.lastKey;
  }
  const boundaries = await discoverBoundaries(target, after, settings, fetchPage);
  yield* listRanges(target, rangesBetween(after, boundaries), settings, fetchPage, listed);
}

async function listPage(
  target: Target,
  request: {
    prefix: string;
    startAfter: string | undefined;
    delimited: boolean;
    pageSize: number | undefined;
    token: string | undefined;
  },
): Promise<Page> {
  const answer = await target.client.send(
    new ListObjectsV2Command({
      Bucket: target.bucket,
      Prefix: request.prefix || undefined,
      StartAfter: request.startAfter,
      ContinuationToken: request.token,
      MaxKeys: request.pageSize,
      ...(request.delimited ? { Delimiter: "/" } : {}),
    }),
  );
  const objects: UnitRef[] = [];
  for (const object of answer.Contents ?? []) {
    if (object.Key === undefined) continue;
    objects.push({
      key: object.Key,
      size: object.Size ?? null,
      ...(object.StorageClass ? { storageClass: object.StorageClass } : {}),
      ...(object.ETag ? { etag: object.ETag } : {}),
    });
  }
  const prefixes = (answer.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : []));
  const truncated = answer.IsTruncated === true;
  const next = truncated ? answer.NextContinuationToken : undefined;
  return { objects, prefixes, lastKey: objects.at(-1)?.key, truncated, ...(next ? { next } : {}) };
}

type FetchPage = (
  startAfter: string | undefined,
  prefix?: string,
  delimited?: boolean,
  token?: string,
) => Promise<Page>;

/**
 * Common prefixes past `after`, sorted, at most maxRanges - 1 of them (evenly picked). A level is
 * read for at most DISCOVERY_PAGES pages, and a prefix's pages only while they hold prefixes:
 * boundaries need not be complete (flat keys are not listed twice), the ranges tile the keys anyway.
 * A failed discovery request leaves fewer boundaries; the listing itself reports access errors.
 */
async function discoverBoundaries(
  target: Target,
  after: string | undefined,
  settings: Settings,
  fetchPage: FetchPage,
): Promise<string[]> {
  const limit = pLimit(settings.concurrency);
  const found = new Set<string>();
  let frontier = [target.prefix];
  for (let depth = 0; depth < settings.maxDepth && frontier.length > 0; depth++) {
    const pagesEach = Math.max(1, Math.floor(DISCOVERY_PAGES / frontier.length));
    const levels = await Promise.all(
      frontier.map((prefix) =>
        limit(() => prefixesUnder(prefix, after, pagesEach, fetchPage).catch(() => [] as string[])),
      ),
    );
    const next = levels.flat().filter((prefix) => !found.has(prefix));
    for (const prefix of next) found.add(prefix);
    if (found.size >= settings.maxRanges - 1) break;
    frontier = next;
  }
  const past = [...found].filter((b) => after === undefined || compareKeys(b, after) > 0).sort(compareKeys);
  return evenlyPicked(past, settings.maxRanges - 1);
}

async function prefixesUnder(
  prefix: string,
  after: string | undefined,
  pages: number,
  fetchPage: FetchPage,
): Promise<string[]> {
  const prefixes: string[] = [];
  let token: string | undefined;
  for (let n = 0; n < pages; n++) {
    const page = await fetchPage(after, prefix, true, token);
    prefixes.push(...page.prefixes);
    if (page.prefixes.length === 0 || page.next === undefined) break;
    token = page.next;
  }
  return prefixes;
}

function evenlyPicked<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from(
    { length: count },
    (_, i) => items[Math.floor(((i + 1) * items.length) / (count + 1))] as T,
  );
}

/** Ranges tiling the keys after `after`: up to the first boundary, between boundaries, past the last. */
function rangesBetween(after: string | undefined, boundaries: string[]): KeyRange[] {
  const ranges: KeyRange[] = [{ startAfter: after, from: undefined, before: boundaries[0] }];
  for (const [i, from] of boundaries.entries()) {
    const lowered = startAfterFor(from);
    const startAfter =
      after !== undefined && (lowered === undefined || compareKeys(lowered, after) < 0) ? after : lowered;
    ranges.push({ startAfter, from, before: boundaries[i + 1] });
  }
  return ranges;
}

/** Wakes whoever waits for a change (a page listed or taken, a range done). */
class Signal {
  private waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

interface RangeState {
  pages: UnitRef[][];
  done: boolean;
  error: unknown;
}

async function* listRanges(
  target: Target,
  ranges: KeyRange[],
  settings: Settings,
  fetchPage: FetchPage,
  alreadyListed: number,
): AsyncGenerator<UnitRef> {
  const states: RangeState[] = ranges.map(() => ({ pages: [], done: false, error: undefined }));
  const signal = new Signal();
  let head = 0;
  let buffered = 0;
  let stopped = false;

  const listRange = async (index: number) => {
    const range = ranges[index] as KeyRange;
    const state = states[index] as RangeState;
    let cursor = range.startAfter;
    try {
      while (!stopped) {
        while (index !== head && buffered >= settings.maxBufferedObjects && !stopped) await signal.wait();
        if (stopped) return;
        const page = await fetchPage(cursor);
        const { kept, ended } = withinRange(page.objects, range);
        state.pages.push(kept);
        buffered += kept.length;
        signal.notify();
        if (ended || !page.truncated || page.lastKey === undefined) return;
        cursor = page.lastKey;
      }
    } catch (error) {
      state.error = error;
    } finally {
      state.done = true;
      signal.notify();
    }
  };

  const limit = pLimit(settings.concurrency);
  const tasks = ranges.map((_, index) => limit(() => listRange(index)));
  let listed = alreadyListed;
  const failed: unknown[] = [];
  try {
    for (const [index, state] of states.entries()) {
      head = index;
      signal.notify();
      for (;;) {
        for (let page = state.pages.shift(); page !== undefined; page = state.pages.shift()) {
          buffered -= page.length;
          signal.notify();
          for (const object of page) yield object;
          listed += page.length;
        }
        if (state.done) break;
        await signal.wait();
      }
      if (state.error !== undefined) failed.push(state.error);
    }
  } finally {
    stopped = true;
    signal.notify();
    await Promise.all(tasks);
  }
  const [first] = failed;
  if (first !== undefined) {
    throw accessError(
      target,
      first,
      `failed for ${failed.length} of ${ranges.length} key ranges (${listed} objects listed)`,
    );
  }
}

/** The page's objects inside the range, and whether the range ends within this page. */
function withinRange(objects: UnitRef[], range: KeyRange): { kept: UnitRef[]; ended: boolean } {
  const kept: UnitRef[] = [];
  for (const object of objects) {
    if (range.before !== undefined && compareKeys(object.key, range.before) >= 0)
      return { kept, ended: true };
    if (range.from !== undefined && compareKeys(object.key, range.from) < 0) continue;
    kept.push(object);
  }
  return { kept, ended: false };
}

function accessError(target: Target, error: unknown, what: string): StoreAccessError {
  return new StoreAccessError(
    reasonOf(error),
    `ListObjectsV2 on ${target.bucket} ${what}: ${describeS3Error(error)}${target.describeError(error)}`,
    { cause: error },
  );
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
