// The secret that keys every fingerprint. It lives in a KeyObject and a private field: it is never
// serialised, logged, inspected or quoted in an error. Only its id (an HMAC of a fixed label) leaves.
import { createHmac, createSecretKey, type KeyObject, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { FingerprintKeyError } from "./errors.ts";
import { Hmac64 } from "./hmac64.ts";

export const MIN_KEY_BYTES = 32;
const KEY_ID_LABEL = "exposure-audit/fingerprint-key-id/v1";

export class FingerprintKey {
  /** 16 hex digits: the first 8 bytes of HMAC-SHA256(key, fixed label). Safe to print and store. */
  readonly id: string;
  readonly #key: KeyObject;

  private constructor(key: KeyObject) {
    this.#key = key;
    this.id = createHmac("sha256", key).update(KEY_ID_LABEL).digest("hex").slice(0, 16);
  }

  /** Copies the bytes; the caller should wipe its own copy (`bytes.fill(0)`). */
  static fromBytes(bytes: Uint8Array): FingerprintKey {
    if (bytes.length < MIN_KEY_BYTES) {
      throw new FingerprintKeyError(`fingerprint key must be at least ${MIN_KEY_BYTES} bytes`);
    }
    return new FingerprintKey(createSecretKey(Buffer.from(bytes)));
  }

  /**
   * The key for another thread of this process: a KeyObject, which postMessage clones in memory (it
   * never becomes text). Worker threads only; never written anywhere.
   */
  forThread(): KeyObject {
    return this.#key;
  }

  /** The key a worker thread received from `forThread`. */
  static fromThread(key: KeyObject): FingerprintKey {
    const bytes = key.export();
    try {
      return FingerprintKey.fromBytes(bytes);
    } finally {
      bytes.fill(0);
    }
  }

  /** A fresh random key (for runs with no state to keep: fingerprints then live for one run only). */
  static generate(): FingerprintKey {
    const bytes = randomBytes(MIN_KEY_BYTES);
    try {
      return FingerprintKey.fromBytes(bytes);
    } finally {
      bytes.fill(0);
    }
  }

  /** HMAC-SHA256 of a message under this key. */
  hmac(message: string): Buffer {
    return createHmac("sha256", this.#key).update(message).digest();
  }

  /** A hasher of its own under this key (the hot path: FingerprintBatch), from precomputed midstates. */
  hasher(): Hmac64 {
    const bytes = this.#key.export();
    try {
      return new Hmac64(bytes);
    } finally {
      bytes.fill(0);
    }
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  toString(): string {
    return `FingerprintKey(${this.id})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Key material as text: hex (64+ digits) or base64/base64url of at least 32 bytes (text of hex digits
 * only is always read as hex). `source` names
 * where it came from, for the error message (the material itself is never quoted).
 */
export function parseKeyMaterial(text: string, source: string): FingerprintKey {
  const trimmed = text.trim();
  let bytes: Buffer | null = null;
  // Text made only of hex digits is hex, never base64: a short hex key must fail, not be misread.
  if (/^[0-9a-fA-F]+$/.test(trimmed)) {
    if (trimmed.length % 2 === 0) bytes = Buffer.from(trimmed, "hex");
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  }
  if (!bytes || bytes.length < MIN_KEY_BYTES) {
    bytes?.fill(0);
    throw new FingerprintKeyError(
      `fingerprint key from ${source} is not hex or base64 of at least ${MIN_KEY_BYTES} bytes`,
    );
  }
  try {
    return FingerprintKey.fromBytes(bytes);
  } finally {
    bytes.fill(0);
  }
}
