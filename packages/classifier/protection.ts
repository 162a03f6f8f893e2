// Recognises protected forms of a sensitive value: masked, hashed, encrypted, tokenized.
import type { Exposure } from "../core/index.ts";

export type ProtectedExposure = Exclude<Exposure, "plaintext">;

const MASKED =
  /^[\s(]*(?:[*xX#•●]{3}[-\s.]?[*xX#•●]{2}[-\s.]?\d{4}|[*xX#•●]{4,}[-\s.]?[0-9A-Za-z]{0,4})[\s)]*$/;
const HEX_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
const PREFIXED_HASH = /^(?:\$2[aby]?\$\d\d\$|\$argon2|\$[56]\$|(?:sha1|sha256|sha512|md5)[:$])/i;
const ENCRYPTED_PREFIX = /^(?:AQICAH|AQIDAH|vault:v\d+:|enc(?:rypted)?[:(]|ENC\(|-----BEGIN PGP)/;
const BASE64 = /^[A-Za-z0-9+/_-]{24,}={0,2}$/;
const TOKEN = /^(?:tok|tkn|token|tk)[_:-][A-Za-z0-9_-]{6,}$/i;

/** How a value in a sensitive-named field is protected, or null if it is not recognisably protected. */
export function protectionOf(value: string): ProtectedExposure | null {
  const v = value.trim();
  if (v.length < 4) return null;
  if (MASKED.test(v)) return "masked";
  if (TOKEN.test(v)) return "tokenized";
  if (HEX_HASH.test(v) || PREFIXED_HASH.test(v)) return "hashed";
  if (ENCRYPTED_PREFIX.test(v)) return "encrypted";
  if (BASE64.test(v) && hasMixedAlphabet(v)) return "encrypted";
  return null;
}

/** Base64 ciphertext mixes cases and digits; a long word or id does not. */
function hasMixedAlphabet(v: string): boolean {
  return /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v);
}

export function protectionNote(exposure: ProtectedExposure): { weak: boolean; note: string } {
  switch (exposure) {
    case "hashed":
      return {
        weak: true,
        note: "Hashed. There are only 10^9 SSNs: an unsalted or unkeyed hash is reversed by brute force in minutes; use a keyed HMAC or tokenization.",
      };
    case "masked":
      return { weak: false, note: "Masked: only the last digits are kept." };
    case "tokenized":
      return { weak: false, note: "Tokenized: values are replaced by tokens." };
    case "encrypted":
      return { weak: false, note: "Encrypted-looking values (ciphertext or an encryption prefix)." };
  }
}
