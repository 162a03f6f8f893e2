// Keyed fingerprints of normalised values: HMAC-SHA256(key, dataType ‖ 0x00 ‖ normalised), truncated to
// 64 bits. Domain-separated by data type, so an SSN and a license with the same characters differ.
//
// Why 64 bits: a lookup against n stored fingerprints falsely matches with probability n / 2^64. At
// n = 10^8 that is 5.4e-12 per lookup (≤ 1e-9 with a margin of 180×); a license lookup probes at most
// two forms, 1.1e-11. Why keyed: there are only ~10^9 SSNs, so an unkeyed hash is plaintext to anyone
// who hashes them all; without the key a fingerprint says nothing.
import type { DataType } from "../core/index.ts";
import { HMAC64_QUEUE_CAPACITY, type Hmac64 } from "./hmac64.ts";
import type { FingerprintKey } from "./key.ts";

export const FINGERPRINT_BITS = 64;

/** A 64-bit fingerprint as two unsigned 32-bit halves (no BigInt on the hot path). */
export interface FingerprintParts {
  hi: number;
  lo: number;
}

/** What a fingerprint's message starts with: the data type and a NUL (then the normalised value). */
const PREFIXES = new Map<DataType, string>();
function prefixOf(dataType: DataType): string {
  let prefix = PREFIXES.get(dataType);
  if (prefix === undefined) {
    prefix = `${dataType}\u0000`;
    PREFIXES.set(dataType, prefix);
  }
  return prefix;
}

function message(dataType: DataType, normalized: string): string {
  return prefixOf(dataType) + normalized;
}

/** The fingerprint as an unsigned 64-bit bigint. */
export function fingerprint(key: FingerprintKey, dataType: DataType, normalized: string): bigint {
  return key.hmac(message(dataType, normalized)).readBigUInt64BE(0);
}

/**
 * Fingerprints made together: `add` queues one, `compute` makes every queued one at once (four at a
 * time in SIMD lanes: ~4× cheaper than one by one). Its hasher is its own, so batches never mix.
 */
export class FingerprintBatch {
  static readonly CAPACITY = HMAC64_QUEUE_CAPACITY;
  readonly #hasher: Hmac64;

  constructor(key: FingerprintKey) {
    this.#hasher = key.hasher();
  }

  /** Queued fingerprints (at most CAPACITY before `compute`). */
  get size(): number {
    return this.#hasher.queued;
  }

  /** Queues the fingerprint of a normalised value; returns its index in `compute`'s result. */
  add(dataType: DataType, normalized: string): number {
    return this.#hasher.queue(prefixOf(dataType), normalized);
  }

  /**
   * Every queued fingerprint, the i-th added as (hi, lo) at 2i, 2i + 1; the batch is emptied. The array
   * is valid until the next `add`.
   */
  compute(): Uint32Array {
    return this.#hasher.digestQueued();
  }

  /** Forgets the key; the batch is unusable after. */
  dispose(): void {
    this.#hasher.wipe();
  }
}

export function partsOf(fp: bigint): FingerprintParts {
  return { hi: Number(fp >> 32n), lo: Number(fp & 0xffffffffn) };
}

export function bigintOf(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * License forms. A license is fingerprinted as `STATE:NUMBER` when the issuing state is known and as
 * `NUMBER` (any state) always, so a non-production value with no known state still finds it. A
 * production license whose state is unknown is also stored as `?:NUMBER`, so a non-production value
 * with a known state finds it too. Every production license is stored twice; every lookup probes at
 * most two forms and never matches a known-state value against a different known state.
 */
function licenseNumber(normalized: string): string {
  // Detectors normalise to 0-9 A-Z already: then the value is the number, without a copy.
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90)))
      return normalized.toUpperCase().replace(/[^0-9A-Z]/g, "");
  }
  return normalized;
}

/** The forms of a production value to store. */
export function productionForms(dataType: DataType, normalized: string, state: string | null): string[] {
  if (dataType === "US_SSN") return [normalized];
  const number = licenseNumber(normalized);
  return state ? [`${state.toUpperCase()}:${number}`, number] : [`?:${number}`, number];
}

/** The forms of a non-production value to look up; a match of any form is a match. */
export function lookupForms(dataType: DataType, normalized: string, state: string | null): string[] {
  if (dataType === "US_SSN") return [normalized];
  const number = licenseNumber(normalized);
  return state ? [`${state.toUpperCase()}:${number}`, `?:${number}`] : [number];
}

/** Stored fingerprints per distinct production value (licenses are stored in two forms). */
export function formsPerValue(dataType: DataType): number {
  return dataType === "US_SSN" ? 1 : 2;
}
