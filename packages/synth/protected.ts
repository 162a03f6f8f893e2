// Protected forms of a value: what a well-behaved pipeline stores instead of the plaintext.
import { createHash } from "node:crypto";
import type { Rng } from "./rng.ts";

export type MaskStyle = "stars" | "x" | "last4";

/** `***-**-1234`, `XXX-XX-1234` or `*****1234`: only the last four digits survive. */
export function maskedSsn(ssn: string, style: MaskStyle = "stars"): string {
  const last4 = ssn.replace(/\D/g, "").slice(-4);
  if (style === "x") return `XXX-XX-${last4}`;
  if (style === "last4") return `*****${last4}`;
  return `***-**-${last4}`;
}

/** Masks all but the last `keep` characters of a license number. */
export function maskedLicense(value: string, keep = 4): string {
  return `${"*".repeat(Math.max(value.length - keep, 1))}${value.slice(-keep)}`;
}

/** Hex SHA-256, optionally salted. Unsalted hashes of SSNs are weak: the space is only 10^9. */
export function hashedValue(value: string, salt = ""): string {
  return createHash("sha256")
    .update(salt + value)
    .digest("hex");
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A vault token such as `tok_3fZ9…`: random, so it says nothing about the value. */
export function tokenized(rng: Rng, prefix = "tok_", length = 24): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += BASE62[rng.int(0, 61)];
  return out;
}

/** Looks like an AWS KMS ciphertext blob (base64 starting `AQICAH`), with random content. */
export function encrypted(rng: Rng, payloadBytes = 96): string {
  const header = Uint8Array.from([0x01, 0x02, 0x02, 0x00, 0x78]);
  return Buffer.concat([header, rng.bytes(payloadBytes)]).toString("base64");
}
