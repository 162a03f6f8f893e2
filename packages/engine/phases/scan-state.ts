// The scan state of incremental runs: per store, what each object's last read found (the partial's
// UnitJson: counts, redacted samples, keyed fingerprints; never a value), with the object's change stamp
// (S3 ETag, or size + mtime + ctime of a local file) and size. Kept in the report location's state
// area beside the production fingerprints; the plan reads it, only finalize writes it. Valid for one
// scanner version, detector configuration, fingerprint key and store environment: any change and the
// store is read again in full.
import { createHash } from "node:crypto";
import { z } from "zod";
import { DEFAULT_READ_LIMITS, Environment, type ReadLimits, type SkipReason } from "../../core/index.ts";
import { DETECTORS } from "../../detectors/index.ts";
import { LocalStateStorage, putTextPieces, type StateStorage } from "../../fingerprints/index.ts";
import { LocalDirectoryReportStore, type ReportStore } from "../../report/index.ts";
import type { Selection } from "../select.ts";
import { stateDirectory } from "../state-location.ts";
import { SCANNER_VERSION } from "../version.ts";
import { jsonPieces } from "./json-pieces.ts";
import { UnitJson, type UnitRefJson } from "./schemas.ts";

export const SCAN_STATE_PREFIX = "scan";

export const ScanStateUnit = z.object({
  key: z.string(),
  stamp: z.string(),
  size: z.number().int().nonnegative().nullable(),
  storageClass: z.string().optional(),
  /** The run that read the object. */
  scannedIn: z.string(),
  unit: UnitJson,
});
export type ScanStateUnit = z.infer<typeof ScanStateUnit>;

export const ScanState = z.object({
  format: z.literal("exposure-audit-scan-state"),
  version: z.literal(1),
  store: z.string(),
  environment: Environment,
  scanner: z.string(),
  config: z.string(),
  keyId: z.string(),
  updatedAt: z.iso.datetime(),
  units: z.array(ScanStateUnit),
});
export type ScanState = z.infer<typeof ScanState>;

/** One file per store, named by a hash of the store URI (any URI maps to a safe key). */
export function scanStateKey(store: string): string {
  return `${SCAN_STATE_PREFIX}/${createHash("sha256").update(store).digest("hex").slice(0, 32)}.json`;
}

export interface ResultInputs {
  limits?: Partial<ReadLimits>;
  select?: Selection;
  unit?: { sampleRanges?: number };
}

/** Everything that changes what a read of the same bytes finds: a different hash, a full rescan. */
export function configFingerprint(inputs: ResultInputs): string {
  const described = {
    scanner: SCANNER_VERSION,
    detectors: DETECTORS.map((d) => [d.dataType, d.version]),
    limits: { ...DEFAULT_READ_LIMITS, ...inputs.limits },
    include: [...(inputs.select?.include ?? [])],
    exclude: [...(inputs.select?.exclude ?? [])],
    sampleRanges: inputs.unit?.sampleRanges ?? null,
  };
  return createHash("sha256").update(JSON.stringify(described)).digest("hex").slice(0, 32);
}

/** What says an object's bytes are unchanged; null when nothing does (such objects are always read). */
export function changeStamp(ref: Pick<UnitRefJson, "etag" | "stamp">): string | null {
  return ref.etag ? `etag:${ref.etag}` : ref.stamp ? `stat:${ref.stamp}` : null;
}

/** Outcomes that may differ on the next read of the same bytes: never carried. */
const TRANSIENT: ReadonlySet<SkipReason> = new Set([
  "read-error",
  "access-denied",
  "not-found",
  "wrong-region",
  "timeout",
]);

/** Whether a unit's result may stand for an unchanged object in a later run. */
export function carryable(unit: UnitJson): boolean {
  if (unit.coverage.reason && TRANSIENT.has(unit.coverage.reason)) return false;
  // A field's fingerprints must come along: a looked-up field's lookups (none past the cap: it could not
  // be looked up again), a fingerprinted field's production fingerprints.
  return unit.fields.every((f) =>
    f.types.every(
      (t) =>
        (t.comparison === null || typeof t.keyed?.lookups === "string") &&
        (!t.fingerprinted || typeof t.keyed?.production === "string"),
    ),
  );
}

export function sameObject(entry: ScanStateUnit, ref: UnitRefJson): boolean {
  return (
    entry.stamp === changeStamp(ref) &&
    entry.size === ref.size &&
    (entry.storageClass ?? null) === (ref.storageClass ?? null)
  );
}

export type LoadedScanState = { state: ScanState | null; problem: string | null };

/** The store's state, or why there is none usable. A broken file is a note, never a failed run. */
export async function loadScanState(storage: StateStorage, store: string): Promise<LoadedScanState> {
  let raw: Uint8Array | null;
  try {
    raw = await storage.get(scanStateKey(store));
  } catch (error) {
    return { state: null, problem: `scan state could not be read (${(error as Error)?.name ?? "error"})` };
  }
  if (!raw) return { state: null, problem: null };
  try {
    const parsed = ScanState.safeParse(JSON.parse(Buffer.from(raw).toString("utf8")));
    if (!parsed.success || parsed.data.store !== store)
      return { state: null, problem: "scan state is not valid" };
    return { state: parsed.data, problem: null };
  } catch {
    // The parse error may quote the file: it is not passed on.
    return { state: null, problem: "scan state is not valid JSON" };
  }
}

export async function saveScanState(storage: StateStorage, state: ScanState): Promise<void> {
  // Built from validated partials: written as is (the next plan validates it when reading), in pieces:
  // the kept lookups are not copied into one string and one buffer.
  await putTextPieces(storage, scanStateKey(state.store), [...jsonPieces(state), "\n"]);
}

/** The state area of a report location: `<dir>/state` (files 0600) or `state/` under the store's root. */
export function scanStateStorage(reportStore: ReportStore): StateStorage {
  if (reportStore instanceof LocalDirectoryReportStore) {
    return new LocalStateStorage(stateDirectory(reportStore.root));
  }
  return new ReportStoreStateStorage(reportStore);
}

/** StateStorage over any report store (a report bucket and prefix): keys under `state/`. */
export class ReportStoreStateStorage implements StateStorage {
  constructor(private readonly store: ReportStore) {}

  async get(key: string): Promise<Uint8Array | null> {
    const text = await this.store.get(`state/${key}`);
    return text === null ? null : Buffer.from(text, "utf8");
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.store.put(`state/${key}`, Buffer.from(bytes).toString("utf8"), "application/json");
  }

  async delete(key: string): Promise<void> {
    await this.store.delete([`state/${key}`]);
  }
}
