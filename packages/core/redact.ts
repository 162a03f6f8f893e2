import type { DataType } from "./schemas.ts";

/** Redacted evidence: the shape of the value and at most its last 4 characters (SSN) or 2 (license). */
export function redact(dataType: DataType, value: string): string {
  if (dataType === "US_SSN") {
    const digits = value.replace(/\D/g, "");
    return `***-**-${digits.slice(-4)}`;
  }
  const compact = value.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  const keep = compact.length >= 8 ? 2 : 1;
  return `${"*".repeat(Math.max(compact.length - keep, 3))}${compact.slice(-keep)}`;
}
