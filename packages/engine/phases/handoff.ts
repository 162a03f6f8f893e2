// The production handoff: between the production Map and the non-production Map, one step (the seal)
// reads the production partials once and writes their merged fingerprints as ONE binary object, which
// every non-production scan loads (once per container) instead of reading every partial of the run.
//
// Little-endian binary, 8 bytes per keyed fingerprint (never a plaintext value):
//   0  4  magic "EAPH"                 12  4  CRC-32 of everything from byte 16 on
//   4  2  format version (1)           16  H  header, JSON (ProductionHandoffHeader), padded with
//   6  2  reserved (0)                        spaces to a multiple of 8 bytes
//   8  4  header bytes H (padded)   16 + H   per data type in DataType order: count × (hi u32, lo u32),
//                                            sorted and unique; counts in the header
// Loading is a view of the downloaded bytes (no per-pair parsing, no copy when aligned), in the
// Uint32Array pairs RealDataAssessment.seedProduction takes.
import { endianness } from "node:os";
import { crc32 } from "node:zlib";
import pLimit from "p-limit";
import { z } from "zod";
import { DataType, ExposureAuditError } from "../../core/index.ts";
import { sortUniquePairs } from "../../fingerprints/index.ts";
import { partialsPrefix, type ReportStore } from "../../report/index.ts";
import { hexToPairs } from "./codec.ts";
import { isPart, keptFingerprints, mergeParts } from "./merge-parts.ts";
import { PartialResult } from "./schemas.ts";

export const HANDOFF_NAME = "production-handoff.bin";
export const HANDOFF_FORMAT_VERSION = 1;
const MAGIC = 0x48504145; // "EAPH" read as a little-endian uint32
const PREFIX_BYTES = 16;
const LITTLE_ENDIAN_HOST = endianness() === "LE";

export const ProductionHandoffHeader = z.object({
  runId: z.string(),
  /** Production stores whose batches were sealed (sorted). */
  stores: z.array(z.string()),
  /** Production partial results merged (continuations count on their own). */
  partials: z.number().int().nonnegative(),
  /** Fingerprints per data type in the body, in DataType order. */
  counts: z.record(DataType, z.number().int().nonnegative()),
});
export type ProductionHandoffHeader = z.infer<typeof ProductionHandoffHeader>;

export interface ProductionHandoff {
  runId: string;
  stores: string[];
  partials: number;
  /** Sorted, unique (hi, lo) pairs per data type. */
  pairs: Map<DataType, Uint32Array>;
}

/** A handoff that cannot be read: the scan fails its batch (retried, then recorded), never guesses. */
export class ProductionHandoffError extends ExposureAuditError {}

export const handoffKey = (runId: string) => `${partialsPrefix(runId)}${HANDOFF_NAME}`;

/** What the seal keeps of a production partial: its store and its fingerprints, parsed. */
interface ProductionPiece {
  store: string;
  pairs: Map<DataType, Uint32Array>;
}

function pieceOf(partial: PartialResult): ProductionPiece[] {
  if (partial.phase !== "production") return [];
  const pairs = new Map<DataType, Uint32Array>();
  for (const dataType of DataType.options) {
    const hex = partial.fingerprints[dataType];
    if (hex) pairs.set(dataType, hexToPairs(hex));
  }
  return [{ store: partial.store, pairs }];
}

/**
 * Split objects' parts hold no fingerprints of their own (the whole object's verdict decides): the
 * fingerprints of the fields that verdict keeps, a piece per kept list.
 */
function piecesOfParts(partials: readonly PartialResult[]): ProductionPiece[] {
  const parts = partials.flatMap((p) => (p.phase === "production" ? p.units.filter(isPart) : []));
  return mergeParts(parts).flatMap((merged) =>
    [...keptFingerprints(merged).pairs].flatMap(([dataType, lists]) =>
      lists.map((list) => ({ store: merged.unit.coverage.store, pairs: new Map([[dataType, list]]) })),
    ),
  );
}

/** Every production fingerprint of the partials, split objects' kept ones included, as pieces. */
function productionPieces(partials: readonly PartialResult[]): ProductionPiece[] {
  return [...partials.flatMap(pieceOf), ...piecesOfParts(partials)];
}

/** The pieces' pairs of one data type, one after the other (not sorted). */
function joinPieces(pieces: readonly ProductionPiece[], dataType: DataType): Uint32Array {
  const lists = pieces.flatMap((p) => p.pairs.get(dataType) ?? []);
  const joined = new Uint32Array(lists.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const list of lists) {
    joined.set(list, at);
    at += list.length;
  }
  return joined;
}

/**
 * Production stores (in partial order) and fingerprints of a run's finished production batches, not
 * deduplicated: what finalize seeds its assessment with.
 */
export function productionFingerprints(partials: readonly PartialResult[]): {
  stores: string[];
  pairs: Map<DataType, Uint32Array>;
} {
  const pieces = productionPieces(partials);
  const pairs = new Map<DataType, Uint32Array>();
  for (const dataType of DataType.options) {
    const joined = joinPieces(pieces, dataType);
    if (joined.length > 0) pairs.set(dataType, joined);
  }
  return { stores: [...new Set(pieces.map((p) => p.store))], pairs };
}

/** The union of production partials' fingerprints, sorted and deduplicated per data type. */
export function handoffFromPartials(runId: string, partials: readonly PartialResult[]): ProductionHandoff {
  const production = partials.filter((p) => p.phase === "production").length;
  return mergePieces(runId, productionPieces(partials), production);
}

function mergePieces(runId: string, pieces: readonly ProductionPiece[], partials: number): ProductionHandoff {
  const pairs = new Map<DataType, Uint32Array>();
  for (const dataType of DataType.options) {
    const joined = joinPieces(pieces, dataType);
    for (const piece of pieces) piece.pairs.delete(dataType); // each list is in `joined` now
    pairs.set(dataType, sortUniquePairs(joined));
  }
  return {
    runId,
    stores: [...new Set(pieces.map((p) => p.store))].sort(),
    partials,
    pairs,
  };
}

export function encodeHandoff(handoff: ProductionHandoff): Uint8Array {
  const header: ProductionHandoffHeader = {
    runId: handoff.runId,
    stores: handoff.stores,
    partials: handoff.partials,
    counts: Object.fromEntries(
      DataType.options.map((t) => [t, (handoff.pairs.get(t)?.length ?? 0) >>> 1]),
    ) as ProductionHandoffHeader["counts"],
  };
  const json = Buffer.from(JSON.stringify(ProductionHandoffHeader.parse(header)));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const words = DataType.options.reduce((n, t) => n + (handoff.pairs.get(t)?.length ?? 0), 0);
  const bytes = Buffer.alloc(PREFIX_BYTES + headerBytes + words * 4, 0x20);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, HANDOFF_FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, headerBytes, true);
  json.copy(bytes, PREFIX_BYTES);
  let at = PREFIX_BYTES + headerBytes;
  for (const dataType of DataType.options) {
    const pairs = handoff.pairs.get(dataType) ?? new Uint32Array(0);
    if (LITTLE_ENDIAN_HOST) Buffer.from(pairs.buffer, pairs.byteOffset, pairs.byteLength).copy(bytes, at);
    else for (let i = 0; i < pairs.length; i++) view.setUint32(at + 4 * i, pairs[i] as number, true);
    at += pairs.byteLength;
  }
  view.setUint32(12, crc32(bytes.subarray(PREFIX_BYTES)), true);
  return bytes;
}

export function decodeHandoff(bytes: Uint8Array, name: string): ProductionHandoff {
  const fail = (why: string) => new ProductionHandoffError(`production handoff ${name}: ${why}`);
  if (bytes.length < PREFIX_BYTES) throw fail("shorter than its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw fail("not a production handoff");
  const version = view.getUint16(4, true);
  if (version !== HANDOFF_FORMAT_VERSION) throw fail(`unsupported format version ${version}`);
  const headerBytes = view.getUint32(8, true);
  if (headerBytes % 8 !== 0 || PREFIX_BYTES + headerBytes > bytes.length) throw fail("bad header length");
  if (crc32(bytes.subarray(PREFIX_BYTES)) !== view.getUint32(12, true)) throw fail("checksum mismatch");
  let header: ProductionHandoffHeader;
  try {
    const text = Buffer.from(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)).toString("utf8");
    header = ProductionHandoffHeader.parse(JSON.parse(text));
  } catch {
    throw fail("unreadable header");
  }
  const words = DataType.options.reduce((n, t) => n + 2 * (header.counts[t] ?? 0), 0);
  if (bytes.length !== PREFIX_BYTES + headerBytes + words * 4) throw fail("length does not match its counts");
  const pairs = new Map<DataType, Uint32Array>();
  let at = bytes.byteOffset + PREFIX_BYTES + headerBytes;
  for (const dataType of DataType.options) {
    const length = 2 * (header.counts[dataType] ?? 0);
    pairs.set(dataType, wordsAt(bytes, at, length));
    at += length * 4;
  }
  return { runId: header.runId, stores: header.stores, partials: header.partials, pairs };
}

/** `length` little-endian uint32s at byte `offset` of `bytes`' buffer: a view when the host allows. */
function wordsAt(bytes: Uint8Array, offset: number, length: number): Uint32Array {
  if (LITTLE_ENDIAN_HOST && offset % 4 === 0) return new Uint32Array(bytes.buffer, offset, length);
  if (LITTLE_ENDIAN_HOST) return new Uint32Array(bytes.buffer.slice(offset, offset + length * 4));
  const view = new DataView(bytes.buffer);
  const out = new Uint32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getUint32(offset + 4 * i, true);
  return out;
}

/** Partials read at once by the seal: S3 GETs wait ~30 ms each, thousands of them in a large run. */
const SEAL_READS_AT_ONCE = 16;

/**
 * The seal: reads the run's batch partials once (a few at a time; of each, only a production partial's
 * store and fingerprints are kept), merges them and writes the handoff. Idempotent: the same partials
 * give the same bytes (stores and fingerprints sorted, no timestamps).
 */
export async function sealProduction(store: ReportStore, runId: string): Promise<ProductionHandoff> {
  const limit = pLimit(SEAL_READS_AT_ONCE);
  const keys = await store.list(`${partialsPrefix(runId)}batches/`);
  const kept = await Promise.all(
    keys.map((key) =>
      limit(async () => {
        const body = await store.get(key);
        if (body === null) return { pieces: [], parts: null };
        // Only the store and the fingerprints (8 bytes each, not 16 hex digits) are held, and the
        // production parts of split objects, merged below.
        const partial = PartialResult.parse(JSON.parse(body));
        const withParts = partial.phase === "production" && partial.units.some(isPart);
        return { pieces: pieceOf(partial), parts: withParts ? { ...partial, fingerprints: {} } : null };
      }),
    ),
  );
  const withParts = kept.flatMap((k) => (k.parts ? [k.parts] : []));
  const pieces = kept.flatMap((k) => k.pieces); // one per production partial
  const handoff = mergePieces(runId, [...pieces, ...piecesOfParts(withParts)], pieces.length);
  await store.putBytes(handoffKey(runId), encodeHandoff(handoff), "application/octet-stream");
  return handoff;
}

/** The run's handoff, or null when none was written (the scan then has no production set, as before). */
export async function loadHandoff(store: ReportStore, runId: string): Promise<ProductionHandoff | null> {
  const bytes = await store.getBytes(handoffKey(runId));
  if (bytes === null) return null;
  const handoff = decodeHandoff(bytes, store.locate(handoffKey(runId)));
  if (handoff.runId !== runId)
    throw new ProductionHandoffError(`production handoff of run ${runId} names run ${handoff.runId}`);
  return handoff;
}

/** Keeps the last run's handoff per container: a warm scan Lambda reads it once per run, not per batch. */
export function cachedHandoff(load: (runId: string) => Promise<ProductionHandoff | null>) {
  let cached: { runId: string; handoff: Promise<ProductionHandoff | null> } | null = null;
  return (runId: string): Promise<ProductionHandoff | null> => {
    if (cached?.runId !== runId) {
      const handoff = load(runId);
      cached = { runId, handoff };
      // A failed load is not kept: the retry reads again.
      handoff.catch(() => {
        if (cached?.handoff === handoff) cached = null;
      });
    }
    return cached.handoff;
  };
}
