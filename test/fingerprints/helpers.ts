// Shared by the fingerprint tests.

/** Text forms a key could leak in. */
export function keyForms(bytes: Buffer): string[] {
  return [
    bytes.toString("hex"),
    bytes.toString("hex").toUpperCase(),
    bytes.toString("base64"),
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
  ];
}
