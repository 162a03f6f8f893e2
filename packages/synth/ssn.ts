// Synthetic SSNs: valid-looking ones (for positives) and never-issued/test/ITIN ones (for negatives).
import type { Rng } from "./rng.ts";

export type SsnFormat = "dashed" | "plain" | "spaced" | "dotted";

/** Publicly misused or advertising numbers: real-looking, but never a real person's. */
export const WELL_KNOWN_SSNS: readonly string[] = [
  "078051120",
  "219099999",
  "123456789",
  ...Array.from({ length: 10 }, (_, i) => `98765432${i}`),
];

const SEPARATOR: Record<SsnFormat, string> = { dashed: "-", plain: "", spaced: " ", dotted: "." };

/** Formats 9 digits (any separators are dropped first). */
export function formatSsn(value: string, format: SsnFormat = "dashed"): string {
  const d = value.replace(/\D/g, "");
  if (d.length !== 9) throw new Error("an SSN has 9 digits");
  const sep = SEPARATOR[format];
  return `${d.slice(0, 3)}${sep}${d.slice(3, 5)}${sep}${d.slice(5)}`;
}

/** SSA issuance rules (post-2011 randomisation): what a real SSN can look like. */
export function isIssuableSsn(value: string): boolean {
  const d = value.replace(/\D/g, "");
  if (!/^\d{9}$/.test(d)) return false;
  const area = Number(d.slice(0, 3));
  const group = Number(d.slice(3, 5));
  const serial = Number(d.slice(5));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  if (/^(\d)\1{8}$/.test(d)) return false;
  return !WELL_KNOWN_SSNS.includes(d);
}

export interface SsnOptions {
  format?: SsnFormat;
  /** Lowest allowed area, e.g. 100 when the value is stored as a number and must keep 9 digits. */
  minArea?: number;
}

/** A valid-looking SSN that is not a well-known example. */
export function syntheticSsn(rng: Rng, options: SsnOptions = {}): string {
  const minArea = Math.max(1, options.minArea ?? 1);
  for (;;) {
    const area = rng.int(minArea, 899);
    const digits = `${pad(area, 3)}${pad(rng.int(1, 99), 2)}${pad(rng.int(1, 9999), 4)}`;
    if (isIssuableSsn(digits)) return formatSsn(digits, options.format ?? "dashed");
  }
}

/** SSN-shaped but never issued: area 000/666/9xx, group 00 or serial 0000. */
export function invalidSsn(rng: Rng, format: SsnFormat = "dashed"): string {
  const area = () => {
    const a = rng.int(1, 899);
    return pad(a === 666 ? 665 : a, 3);
  };
  const group = () => pad(rng.int(1, 99), 2);
  const serial = () => pad(rng.int(1, 9999), 4);
  const kind = rng.int(0, 4);
  const digits =
    kind === 0
      ? `000${group()}${serial()}`
      : kind === 1
        ? `666${group()}${serial()}`
        : kind === 2
          ? `9${rng.digits(2)}${group()}${serial()}`
          : kind === 3
            ? `${area()}00${serial()}`
            : `${area()}${group()}0000`;
  return formatSsn(digits, format);
}

/** Individual Taxpayer Identification Number: 9xx with group 50–65, 70–88, 90–92 or 94–99. */
export function itin(rng: Rng, format: SsnFormat = "dashed"): string {
  const groups = [...range(50, 65), ...range(70, 88), 90, 91, 92, ...range(94, 99)];
  const digits = `9${rng.digits(2)}${pad(rng.pick(groups), 2)}${pad(rng.int(1, 9999), 4)}`;
  return formatSsn(digits, format);
}

export function isItin(value: string): boolean {
  const d = value.replace(/\D/g, "");
  if (!/^9\d{8}$/.test(d)) return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

/** One of the well-known example numbers. */
export function testValueSsn(rng: Rng, format: SsnFormat = "dashed"): string {
  return formatSsn(rng.pick(WELL_KNOWN_SSNS), format);
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
