// Real customer data outside production: production values are fingerprinted (keyed HMAC, 64 bits) while
// production stores are scanned, merged into the persisted set, and every distinct value of every
// non-production field is looked up as it is seen. Only counts stay per field; no plaintext is kept.
import { assessRealData, type ProductionComparison } from "../assessment/index.ts";
import { type FieldVerdict, fieldVerdicts, type TypeStats } from "../classifier/index.ts";
import { type Candidate, DataType, type Environment, type FingerprintSummary } from "../core/index.ts";
import {
  chooseKeyProvider,
  dayNumber,
  FingerprintBatch,
  type FingerprintKey,
  FingerprintList,
  FingerprintSet,
  formsPerValue,
  type KeyProvider,
  type LoadedSet,
  LocalStateStorage,
  loadFingerprintSet,
  lookupForms,
  mergeSeen,
  productionForms,
  type StateStorage,
  saveFingerprintSet,
  shardBitsFor,
} from "../fingerprints/index.ts";
import { pairsToHex } from "./phases/codec.ts";
import type { TypeStatsJson } from "./phases/schemas.ts";
import type { UnitScan, ValueTap } from "./scan-unit.ts";

export const DEFAULT_MAX_AGE_DAYS = 90;
/** Looked-up values whose fingerprints a field keeps for the scan state (~17–33 bytes each); past it
 * the unit is read again on every run. */
export const MAX_KEPT_LOOKUPS = 400_000;

/**
 * A field's looked-up values for the scan state: every value's lookup fingerprints as pairs, in order, and
 * how many each value has (`formCounts[0..count)`; typed arrays off the JS heap, no string per value).
 * Written out once, as 16 hex digits per fingerprint and values joined by ",", by `lookupsText`.
 */
interface KeptLookups {
  forms: FingerprintList;
  formCounts: Uint8Array;
  count: number;
}

/** The kept lookups as the scan state stores them, written into one buffer (no string per value). */
function lookupsText(kept: KeptLookups): string {
  // Every fingerprint as hex at once (native), then each value's forms copied out between commas.
  const hex = Buffer.from(pairsToHex(kept.forms.pairs()), "latin1");
  const out = Buffer.allocUnsafe(hex.length + Math.max(0, kept.count - 1));
  let at = 0;
  let from = 0;
  for (let value = 0; value < kept.count; value++) {
    if (value > 0) out[at++] = 0x2c; // ","
    const to = from + (kept.formCounts[value] as number) * 16;
    at += hex.copy(out, at, from, to);
    from = to;
  }
  return out.toString("latin1", 0, at);
}

export interface FingerprintOptions {
  /** Where the key comes from. Default: a key file in the local state directory (generated if missing), or a key for this run only when there is no state directory. */
  keyProvider?: KeyProvider;
  /** Where the set is kept between runs. Default: `<report-dir>/state`; null: never kept. */
  storage?: StateStorage | null;
  /** Fingerprints not seen in production for longer are dropped. */
  maxAgeDays?: number;
  /** Shard size cap (tests force sharding with small values). */
  maxShardEntries?: number;
  /** Keep each field's keyed fingerprints for the scan state of incremental runs (see keyedFor). */
  keepKeyed?: boolean;
}

type Counts = { checked: number; matched: number };

/** A value whose fingerprints wait in the batch: `count` of them from index `at`. */
interface Waiting {
  tap: CollectTap | LookupTap;
  stats: TypeStats;
  candidate: Candidate;
  at: number;
  count: number;
}

/** Fingerprints one value may need: two forms and, for a part, its part fingerprint. */
const MAX_FORMS_PER_VALUE = 3;

export class RealDataAssessment {
  private readonly collected = new Map<DataType, FingerprintList>();
  private readonly counts = new WeakMap<TypeStats, Counts>();
  private readonly productionFields = new WeakSet<TypeStats>();
  private readonly productionStores: string[] = [];
  /** A sealed handoff's fingerprints: already sorted and unique, shared (never copied nor changed). */
  private readonly sealed = new Map<DataType, Uint32Array>();
  private lookup: Map<DataType, { set: FingerprintSet; added: number; agedOut: number }> | null = null;
  private readonly productionPairs = new WeakMap<TypeStats, Uint32Array>();
  /** Per non-production field: each looked-up value's lookup fingerprints (hex); null past the cap. */
  private readonly lookups = new WeakMap<TypeStats, KeptLookups | null>();
  /**
   * Values seen by the taps, in order, whose fingerprints are made together (four at a time, see
   * FingerprintBatch) when the batch is full or before anything reads what the taps change (`settle`).
   */
  private readonly batch: FingerprintBatch;
  private readonly waiting: Waiting[] = [];
  readonly keepKeyed: boolean;

  private constructor(
    private readonly key: FingerprintKey,
    private readonly provider: KeyProvider,
    private readonly storage: StateStorage | null,
    private readonly loaded: Map<DataType, LoadedSet>,
    private readonly maxAgeDays: number,
    private readonly maxShardEntries: number | undefined,
    private readonly today: number,
    keepKeyed: boolean,
  ) {
    this.keepKeyed = keepKeyed;
    this.batch = new FingerprintBatch(key);
  }

  static async open(
    options: FingerprintOptions,
    stateDir: string | null,
    now: Date,
  ): Promise<RealDataAssessment> {
    const provider = options.keyProvider ?? chooseKeyProvider({ stateDir: stateDir ?? undefined });
    const key = await provider.load();
    let storage =
      options.storage !== undefined ? options.storage : stateDir ? new LocalStateStorage(stateDir) : null;
    // Fingerprints under a key that dies with the run are worthless later: never keep them.
    if (!provider.persistent) storage = null;
    const loaded = new Map<DataType, LoadedSet>();
    for (const dataType of DataType.options) {
      loaded.set(
        dataType,
        storage
          ? await loadFingerprintSet(storage, key, dataType)
          : { set: FingerprintSet.empty(), generation: 0, notes: [] },
      );
    }
    return new RealDataAssessment(
      key,
      provider,
      storage,
      loaded,
      options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS,
      options.maxShardEntries,
      dayNumber(now),
      options.keepKeyed ?? false,
    );
  }

  /**
   * The tap for one unit of a store. Production stores are fingerprinted; the rest are looked up. For
   * a part of a split object the lookup tap also remembers which values it checked and matched.
   */
  tapFor(environment: Environment, options: { part?: boolean } = {}): UnitTap {
    return environment === "production" ? new CollectTap(this) : new LookupTap(this, options.part === true);
  }

  /** A part's production fingerprints per field statistics, not kept: the merged object decides. */
  pendingOf(tap: UnitTap): Map<TypeStats, Uint32Array> {
    this.settle();
    const out = new Map<TypeStats, Uint32Array>();
    if (tap instanceof CollectTap)
      for (const [stats, list] of tap.pending) out.set(stats, list.sortedUnique());
    return out;
  }

  /** A part's looked-up values (partFingerprint of each) and those that matched production. */
  lookedUp(tap: UnitTap, stats: TypeStats): { checked: Uint32Array; matched: Uint32Array } | null {
    if (!(tap instanceof LookupTap)) return null;
    this.settle();
    const seen = tap.seen?.get(stats);
    return seen ? { checked: seen.checked.sortedUnique(), matched: seen.matched.sortedUnique() } : null;
  }

  /**
   * Keyed fingerprints of values in the parts domain (never a production form: those hold no NUL), made
   * together: `add` a form and the lists its fingerprint goes to, `finish` when done.
   */
  partFingerprints(dataType: DataType): PartFingerprints {
    this.settle(); // the batch is then free for these
    const batch = this.batch;
    // Where the i-th queued fingerprint goes: one list, or two.
    const lists: FingerprintList[] = [];
    const alsoLists: (FingerprintList | null)[] = [];
    const flush = () => {
      const fps = batch.compute();
      for (let i = 0; i < lists.length; i++) {
        const hi = fps[2 * i] as number;
        const lo = fps[2 * i + 1] as number;
        (lists[i] as FingerprintList).push(hi, lo);
        alsoLists[i]?.push(hi, lo);
      }
      lists.length = 0;
      alsoLists.length = 0;
    };
    return {
      add(form, list, also = null) {
        if (batch.size === FingerprintBatch.CAPACITY) flush();
        batch.add(dataType, `part\u0000${form}`);
        lists.push(list);
        alsoLists.push(also);
      },
      finish: flush,
    };
  }

  /** After a production unit: keep the fingerprints of its fields that are real-looking plaintext findings. */
  afterUnit(tap: UnitTap, scan: UnitScan, store: string): void {
    if (!(tap instanceof CollectTap)) return;
    this.settle();
    if (!this.productionStores.includes(store)) this.productionStores.push(store);
    for (const field of scan.fields) {
      for (const verdict of fieldVerdicts(field, scan.namedAs.get(field.field) ?? "other")) {
        const pending = tap.pending.get(verdict.stats);
        if (!pending || !keepsFingerprints(verdict)) continue;
        this.listFor(verdict.dataType).append(pending);
        this.productionFields.add(verdict.stats);
        if (this.keepKeyed) this.productionPairs.set(verdict.stats, pending.sortedUnique());
      }
    }
    tap.pending.clear();
  }

  /** This batch's production fingerprints (sorted, unique), for a partial result. Call before any lookup. */
  collectedPairs(): Map<DataType, Uint32Array> {
    const out = new Map<DataType, Uint32Array>();
    for (const [dataType, list] of this.collected) out.set(dataType, list.sortedUnique());
    return out;
  }

  /** Production stores and fingerprints seen elsewhere in this run (other batches' partial results). */
  seedProduction(stores: readonly string[], pairs: ReadonlyMap<DataType, Uint32Array>): void {
    for (const store of stores) if (!this.productionStores.includes(store)) this.productionStores.push(store);
    for (const [dataType, seen] of pairs) {
      const list = this.listFor(dataType);
      for (let i = 0; i + 1 < seen.length; i += 2) list.push(seen[i] as number, seen[i + 1] as number);
    }
  }

  /**
   * The run's production fingerprints from a sealed handoff (sorted, unique pairs per data type): looked
   * up in place, so a scan holds them once (8 bytes each) plus the day each was seen (2 bytes).
   */
  seedSealed(stores: readonly string[], pairs: ReadonlyMap<DataType, Uint32Array>): void {
    for (const store of stores) if (!this.productionStores.includes(store)) this.productionStores.push(store);
    for (const [dataType, seen] of pairs) if (seen.length > 0) this.sealed.set(dataType, seen);
  }

  /** Production fingerprints fixed for lookups: this run's merged with those kept, aged out. */
  private lookupSets() {
    if (!this.lookup) {
      this.lookup = new Map();
      for (const dataType of DataType.options) {
        const base = (this.loaded.get(dataType) as LoadedSet).set;
        const seen = this.seenThisRun(dataType);
        this.collected.delete(dataType);
        const options = {
          today: this.today,
          maxAgeDays: this.maxAgeDays,
          maxShardEntries: this.maxShardEntries,
        };
        const count = seen.length >>> 1;
        // Nothing kept from earlier runs: the sorted fingerprints are the set, each seen today.
        const merged =
          base.size === 0
            ? {
                set: FingerprintSet.fromSorted(
                  seen,
                  new Uint16Array(count).fill(this.today),
                  shardBitsFor(count, options.maxShardEntries),
                ),
                added: count,
                agedOut: 0,
              }
            : mergeSeen(base, seen, options);
        this.lookup.set(dataType, merged);
      }
    }
    return this.lookup;
  }

  /** This run's production fingerprints of a data type, sorted and unique. */
  private seenThisRun(dataType: DataType): Uint32Array {
    const collected = this.collected.get(dataType);
    const sealed = this.sealed.get(dataType);
    if (!collected || collected.length === 0) return sealed ?? new Uint32Array(0);
    if (!sealed) return collected.sortedUnique();
    const both = new FingerprintList(collected.length + sealed.length / 2);
    both.append(collected);
    for (let i = 0; i + 1 < sealed.length; i += 2) both.push(sealed[i] as number, sealed[i + 1] as number);
    return both.sortedUnique();
  }

  private listFor(dataType: DataType): FingerprintList {
    let list = this.collected.get(dataType);
    if (!list) {
      list = new FingerprintList();
      this.collected.set(dataType, list);
    }
    return list;
  }

  /**
   * @internal A tap's value, with the forms to fingerprint (and, with `part`, its part fingerprint
   * last); the tap's `settle` gets their fingerprints, in the order values came.
   */
  defer(tap: CollectTap | LookupTap, stats: TypeStats, c: Candidate, forms: string[], part: boolean): void {
    if (this.batch.size + MAX_FORMS_PER_VALUE > FingerprintBatch.CAPACITY) this.settle();
    let at = -1;
    for (const form of forms) {
      const index = this.batch.add(c.dataType, form);
      if (at === -1) at = index;
    }
    if (part) {
      const index = this.batch.add(c.dataType, `part\u0000${c.normalized}`);
      if (at === -1) at = index;
    }
    this.waiting.push({ tap, stats, candidate: c, at, count: forms.length + (part ? 1 : 0) });
  }

  /** Makes the waiting values' fingerprints and hands them to their taps, in order. */
  private settle(): void {
    if (this.waiting.length === 0) return;
    const fps = this.batch.compute();
    for (const w of this.waiting) w.tap.settle(w.stats, w.candidate, fps, w.at, w.count);
    this.waiting.length = 0;
  }

  /** @internal The forms a value is looked up by: none when nothing could match and nothing is kept. */
  lookupFormsOf(c: Candidate): string[] {
    const set = (this.lookupSets().get(c.dataType) as { set: FingerprintSet }).set;
    if (set.size === 0 && !this.keepKeyed) return [];
    return lookupForms(c.dataType, c.normalized, c.state);
  }

  /**
   * @internal Whether a value is in production, from its `count` lookup fingerprints in `fps` from
   * index `at` (see defer); with `keep`, they are kept there.
   */
  matches(c: Candidate, fps: Uint32Array, at: number, count: number, keep: KeptLookups | null): boolean {
    const set = (this.lookupSets().get(c.dataType) as { set: FingerprintSet }).set;
    if (set.size === 0 && keep === null) return false;
    let hit = false;
    for (let i = at; i < at + count; i++) {
      const hi = fps[2 * i] as number;
      const lo = fps[2 * i + 1] as number;
      if (keep === null) {
        if (set.hasParts(hi, lo)) return true;
        continue;
      }
      keep.forms.push(hi, lo);
      hit ||= set.size > 0 && set.hasParts(hi, lo);
    }
    if (keep) {
      if (keep.count === keep.formCounts.length) {
        const bigger = new Uint8Array(keep.count * 2);
        bigger.set(keep.formCounts);
        keep.formCounts = bigger;
      }
      keep.formCounts[keep.count++] = count;
    }
    return hit;
  }

  /** @internal Where a field's lookups are kept: null when not kept (off, or past the cap). */
  keptLookups(stats: TypeStats): KeptLookups | null {
    if (!this.keepKeyed) return null;
    let kept = this.lookups.get(stats);
    if (kept === undefined) {
      kept = { forms: new FingerprintList(64), formCounts: new Uint8Array(64), count: 0 };
      this.lookups.set(stats, kept);
    }
    if (kept !== null && kept.count >= MAX_KEPT_LOOKUPS) {
      this.lookups.set(stats, null);
      return null;
    }
    return kept;
  }

  /** A carried field's kept lookups, looked up again in this run's production fingerprints. */
  recheck(dataType: DataType, lookups: string): ProductionComparison {
    const set = (this.lookupSets().get(dataType) as { set: FingerprintSet }).set;
    let matched = 0;
    let checked = 0;
    // Values are separated by ","; each holds its forms, 16 hex digits each (hi, lo), parsed in place.
    for (let start = 0; start < lookups.length; ) {
      let end = lookups.indexOf(",", start);
      if (end === -1) end = lookups.length;
      checked++;
      for (let i = start; set.size > 0 && i + 16 <= end; i += 16) {
        const hi = Number.parseInt(lookups.slice(i, i + 8), 16);
        const lo = Number.parseInt(lookups.slice(i + 8, i + 16), 16);
        if (set.hasParts(hi, lo)) {
          matched++;
          break;
        }
      }
      start = end + 1;
    }
    return {
      checked,
      matched,
      productionValues: Math.round(set.size / formsPerValue(dataType)),
    };
  }

  /** What the scan state keeps of a field: its production fingerprints, or its lookups. */
  keyedFor(stats: TypeStats): TypeStatsJson["keyed"] {
    if (!this.keepKeyed) return undefined;
    this.settle();
    const production = this.productionPairs.get(stats);
    if (production) return { production: pairsToHex(production) };
    const lookups = this.lookups.get(stats);
    return lookups === undefined ? undefined : { lookups: lookups === null ? null : lookupsText(lookups) };
  }

  /** @internal */
  countsFor(stats: TypeStats): Counts {
    let counts = this.counts.get(stats);
    if (!counts) {
      counts = { checked: 0, matched: 0 };
      this.counts.set(stats, counts);
    }
    return counts;
  }

  /** What build-findings needs for one field: null for fields never compared. */
  comparisonFor(stats: TypeStats): ProductionComparison | null {
    this.settle();
    const counts = this.counts.get(stats);
    if (!counts) return null;
    const set = (this.lookupSets().get(stats.dataType) as { set: FingerprintSet }).set;
    return { ...counts, productionValues: Math.round(set.size / formsPerValue(stats.dataType)) };
  }

  /** Whether the field's values went into the production fingerprints. */
  fingerprinted(stats: TypeStats): boolean {
    return this.productionFields.has(stats);
  }

  /**
   * Wipes the key's midstates from the hasher's memory once a batch scan is done with the assessment
   * (those that `finish` are wiped there); it cannot fingerprint after. Values still waiting are dropped.
   */
  dispose(): void {
    this.waiting.length = 0;
    this.batch.dispose();
  }

  /** Persists the merged set (when there is somewhere to keep it) and describes it for the summary. */
  async finish(now: Date): Promise<FingerprintSummary> {
    this.settle();
    this.batch.dispose();
    const sets = this.lookupSets();
    const notes = [...this.loaded.values()].flatMap((l) => l.notes);
    const stored = { US_SSN: 0, US_DRIVERS_LICENSE: 0 };
    let added = 0;
    let agedOut = 0;
    for (const [dataType, merged] of sets) {
      stored[dataType] = merged.set.size;
      added += merged.added;
      agedOut += merged.agedOut;
      const loaded = this.loaded.get(dataType) as LoadedSet;
      const changed = this.productionStores.length > 0 || merged.agedOut > 0 || loaded.notes.length > 0;
      if (!this.storage || !changed) continue;
      try {
        await saveFingerprintSet(this.storage, this.key, dataType, merged.set, loaded.generation, now);
      } catch (error) {
        notes.push(`${dataType} fingerprints could not be saved (${(error as Error)?.name ?? "error"})`);
      }
    }
    return {
      keyId: this.key.id,
      keySource: this.provider.source,
      persisted: this.storage !== null,
      maxAgeDays: this.maxAgeDays,
      productionStores: [...this.productionStores],
      stored,
      added,
      agedOut,
      notes,
    };
  }
}

export type UnitTap = ValueTap;

/** See RealDataAssessment.partFingerprints. */
export interface PartFingerprints {
  /** Queues the part fingerprint of `form`, to be pushed to `list` (and `also`). */
  add(form: string, list: FingerprintList, also?: FingerprintList | null): void;
  /** Makes the queued fingerprints and pushes them to their lists. */
  finish(): void;
}

/**
 * Whether a production field's values become fingerprints: real-looking plaintext only. Synthetic-looking
 * production fields (fixtures loaded into production) would confirm copies of the same fixtures
 * elsewhere: they are not fingerprinted.
 */
export function keepsFingerprints(verdict: FieldVerdict): boolean {
  return verdict.exposure === "plaintext" && assessRealData(verdict.stats).realData !== "unlikely";
}

/** Production: fingerprints per field, kept once the unit's verdicts say the field is real-looking. */
class CollectTap implements ValueTap {
  readonly pending = new Map<TypeStats, FingerprintList>();

  constructor(private readonly assessment: RealDataAssessment) {}

  value(stats: TypeStats, c: Candidate): void {
    this.assessment.defer(this, stats, c, productionForms(c.dataType, c.normalized, c.state), false);
  }

  /** A value's production forms' fingerprints: `count` from index `at` of `fps`. */
  settle(stats: TypeStats, _c: Candidate, fps: Uint32Array, at: number, count: number): void {
    let list = this.pending.get(stats);
    if (!list) {
      list = new FingerprintList(64);
      this.pending.set(stats, list);
    }
    for (let i = at; i < at + count; i++) list.push(fps[2 * i] as number, fps[2 * i + 1] as number);
  }
}

/** Outside production: each distinct value is looked up once; only the counts are kept. */
class LookupTap implements ValueTap {
  readonly seen: Map<TypeStats, { checked: FingerprintList; matched: FingerprintList }> | null;

  constructor(
    private readonly assessment: RealDataAssessment,
    part: boolean,
  ) {
    this.seen = part ? new Map() : null;
  }

  value(stats: TypeStats, c: Candidate): void {
    this.assessment.defer(this, stats, c, this.assessment.lookupFormsOf(c), this.seen !== null);
  }

  /** A value's lookup forms' fingerprints, then its part fingerprint: `count` from index `at` of `fps`. */
  settle(stats: TypeStats, c: Candidate, fps: Uint32Array, at: number, count: number): void {
    const counts = this.assessment.countsFor(stats);
    counts.checked++;
    const forms = this.seen ? count - 1 : count;
    const matched = this.assessment.matches(c, fps, at, forms, this.assessment.keptLookups(stats));
    if (matched) counts.matched++;
    if (!this.seen) return;
    let lists = this.seen.get(stats);
    if (!lists) {
      lists = { checked: new FingerprintList(64), matched: new FingerprintList(64) };
      this.seen.set(stats, lists);
    }
    const hi = fps[2 * (at + forms)] as number;
    const lo = fps[2 * (at + forms) + 1] as number;
    lists.checked.push(hi, lo);
    if (matched) lists.matched.push(hi, lo);
  }
}
