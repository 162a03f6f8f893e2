// S3 lists keys in UTF-8 byte order, which is Unicode code point order. JavaScript's `<` compares
// UTF-16 code units: the two differ only between astral characters and U+E000–U+FFFF.

/** Negative, zero or positive as `a` sorts before, with or after `b` in S3's listing order. */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) || isSurrogate(y)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
    return x - y;
  }
  return a.length - b.length;
}

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff;

/**
 * A StartAfter value for listing from `key` on, `key` included: the key with its last character
 * lowered by one. Keys between that value and `key` may come back too; the caller drops them.
 * Undefined when no such value exists (the key's last character is U+0000).
 */
export function startAfterFor(key: string): string | undefined {
  const width = isSurrogate(key.charCodeAt(key.length - 1)) ? 2 : 1;
  const last = key.codePointAt(key.length - width);
  if (last === undefined || last === 0) return undefined;
  const lowered = last - 1 === 0xdfff ? 0xd7ff : last - 1;
  return key.slice(0, key.length - width) + String.fromCodePoint(lowered);
}
