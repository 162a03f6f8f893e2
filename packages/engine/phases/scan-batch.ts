// Scan one batch into a partial result. Deterministic: the same batch gives the same partial (units in
// batch order, fields and types sorted), stored under a key derived from the batch id, so a retried or
// killed-and-rerun scanner overwrites its own partial instead of adding one. Before a deadline it stops
// starting units, abandons the units still in progress when the deadline gets close (a sampled large
// object can take a minute), and returns a continuation batch for the rest, abandoned units included.
import { createHash } from "node:crypto";
import pLimit from "p-limit";
import type { Source, UnitRef } from "../../connectors/index.ts";
import { DEFAULT_READ_LIMITS, type ReadLimits, type UnitCoverage } from "../../core/index.ts";
import { partialsPrefix, putPartial, type ReportStore } from "../../report/index.ts";
import { type FingerprintOptions, RealDataAssessment } from "../real-data.ts";
import { scanUnit, UnitAbortedError, type UnitScanOptions } from "../scan-unit.ts";
import { keySelector, type Selection } from "../select.ts";
import { sourcesFor, type TargetOptions } from "../targets.ts";
import { pairsToHex, unitToJson } from "./codec.ts";
import type { ProductionHandoff } from "./handoff.ts";
import { partJson } from "./part-state.ts";
import { Batch, PartialResult, type UnitJson } from "./schemas.ts";

export const DEFAULT_DEADLINE_MARGIN_MS = 30_000;
const DEFAULT_DEADLINE_POLL_MS = 1_000;

export interface ScanBatchOptions {
  source?: Source;
  targetOptions?: TargetOptions;
  limits?: Partial<ReadLimits>;
  select?: Selection;
  unit?: Pick<UnitScanOptions, "sampleRanges" | "attempts" | "retryDelayMs">;
  /** Opened by the caller: for a non-production batch, seeded with the run's production fingerprints. */
  realData: RealDataAssessment;
  /** Milliseconds left (Lambda: context.getRemainingTimeInMillis). */
  remainingMs?: () => number;
  /** No unit is started with less than this left. */
  marginMs?: number;
  /** A unit in progress is abandoned (not recorded, left to the continuation) with less than this
   * left; default half the margin, the other half being time to write the partial. */
  abortMarginMs?: number;
  /** How often the deadline is checked while units are in progress. */
  deadlinePollMs?: number;
  concurrency?: number;
  /** Called after each unit, e.g. for a progress line. */
  onUnit?: (coverage: UnitCoverage) => void;
}

export interface BatchOutcome {
  partial: PartialResult;
  done: boolean;
  /** The units not started before the deadline, as a batch of their own. */
  continuation: Batch | null;
}

export async function scanBatch(input: Batch, options: ScanBatchOptions): Promise<BatchOutcome> {
  const batch = Batch.parse(input);
  const source = options.source ?? ((await sourcesFor([batch.target], options.targetOptions))[0] as Source);
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const selected = keySelector(options.select ?? {});
  const unitOptions: UnitScanOptions = { ...options.unit, ...(selected ? { selected } : {}) };
  const margin = options.marginMs ?? DEFAULT_DEADLINE_MARGIN_MS;
  const limit = pLimit(options.concurrency ?? 4);
  const { realData } = options;
  const environment = batch.production ? "production" : "non-production";
  const results: (UnitJson | null)[] = batch.units.map(() => null);
  let stopAt = batch.units.length;
  const deadline = options.remainingMs
    ? watchDeadline(
        options.remainingMs,
        options.abortMarginMs ?? margin / 2,
        options.deadlinePollMs ?? DEFAULT_DEADLINE_POLL_MS,
      )
    : null;
  const signal = deadline ? { signal: deadline.signal } : {};
  await Promise.all(
    batch.units.map((ref, i) =>
      limit(async () => {
        if (i >= stopAt) return;
        if (options.remainingMs && options.remainingMs() < margin) {
          stopAt = Math.min(stopAt, i);
          return;
        }
        const unit: UnitRef = ref;
        const part = ref.part;
        const tap = realData.tapFor(environment, { part: part !== undefined });
        const scan = await scanUnit(source, batch.store, unit, limits, undefined, {
          ...unitOptions,
          tap,
          ...signal,
          ...(part ? { part } : {}),
        }).catch((error: unknown) => {
          if (!(error instanceof UnitAbortedError)) throw error;
          return null; // not recorded, its values never reach the fingerprints: the continuation has it
        });
        if (!scan) {
          stopAt = Math.min(stopAt, i);
          return;
        }
        if (part && scan.part) {
          // A part's production fingerprints wait for the verdict on the whole object (merge-parts.ts).
          results[i] = {
            ...unitToJson(scan, realData),
            part: partJson(part, scan.part, scan, realData, tap),
          };
          return;
        }
        realData.afterUnit(tap, scan, batch.store);
        results[i] = unitToJson(scan, realData);
        options.onUnit?.(scan.coverage);
      }),
    ),
  ).finally(() => deadline?.stop());
  // Units are started in order, so everything before the first unstarted one is done.
  const cut = results.indexOf(null);
  const end = cut === -1 ? results.length : cut;
  const fingerprints: Record<string, string> = {};
  if (batch.production) {
    for (const [dataType, pairs] of realData.collectedPairs()) {
      if (pairs.length > 0) fingerprints[dataType] = pairsToHex(pairs);
    }
  }
  const partial = PartialResult.parse({
    runId: batch.runId,
    batchId: batch.batchId,
    store: batch.store,
    phase: batch.phase,
    units: results.slice(0, end),
    fingerprints,
  });
  if (end === batch.units.length) return { partial, done: true, continuation: null };
  const rest = batch.units.slice(end);
  const base = batch.batchId.replace(/@\d+$/, "");
  const offset = Number(/@(\d+)$/.exec(batch.batchId)?.[1] ?? 0) + end;
  return {
    partial,
    done: false,
    continuation: {
      ...batch,
      batchId: `${base}@${offset}`,
      units: rest,
      bytes: rest.reduce((n, u) => n + (u.size ?? 0), 0),
    },
  };
}

/** An abort signal that fires once less than `abortMs` is left, checked every `pollMs`. */
function watchDeadline(remainingMs: () => number, abortMs: number, pollMs: number) {
  const controller = new AbortController();
  const timer = setInterval(() => {
    if (remainingMs() < abortMs) {
      controller.abort();
      clearInterval(timer);
    }
  }, pollMs);
  timer.unref();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

/** Where a batch's partial result is kept: a hash of the batch id, so a rerun overwrites it. */
export function partialName(batchId: string): string {
  return `batches/${createHash("sha256").update(batchId).digest("hex").slice(0, 32)}.json`;
}

export async function writePartial(store: ReportStore, partial: PartialResult): Promise<string> {
  return putPartial(store, partial.runId, partialName(partial.batchId), `${JSON.stringify(partial)}\n`);
}

export async function readBatchPartials(store: ReportStore, runId: string): Promise<PartialResult[]> {
  // Only batches/: the plan and the Maps' batch lists beside them can be large and are not needed here.
  const prefix = `${partialsPrefix(runId)}batches/`;
  const out: PartialResult[] = [];
  for (const key of await store.list(prefix)) {
    const body = await store.get(key);
    if (body !== null) out.push(PartialResult.parse(JSON.parse(body)));
  }
  return out.sort((a, b) => a.batchId.localeCompare(b.batchId, "en", { numeric: true }));
}

/**
 * The assessment a batch scan needs: for a non-production batch, seeded with the run's production
 * handoff (the seal's one object, see handoff.ts). No handoff: no production set, as when a run has no
 * production store. A handoff that cannot be read throws: the batch fails and is retried, never scanned
 * as if there were nothing to compare with.
 */
export async function openBatchRealData(
  batch: Batch,
  fingerprints: FingerprintOptions,
  stateDir: string | null,
  now: Date,
  handoff: () => Promise<ProductionHandoff | null>,
): Promise<RealDataAssessment> {
  const realData = await RealDataAssessment.open(fingerprints, stateDir, now);
  if (!batch.production) {
    const sealed = await handoff();
    if (sealed) realData.seedSealed(sealed.stores, sealed.pairs);
  }
  return realData;
}
