// Decides whether a field is a finding: plaintext, protected, or nothing.
import type { DataType, Exposure } from "../core/index.ts";
import type { FieldStats, TypeStats } from "./field-stats.ts";
import { protectionNote } from "./protection.ts";

/** What the field's name says about it, as the detectors read names. */
export type NamedAs = "ssn" | "license" | "other";

export interface FieldVerdict {
  dataType: DataType;
  field: string | null;
  exposure: Exposure;
  protection: { weak: boolean; note: string } | null;
  confidence: "high" | "medium" | "low";
  valueCount: number;
  stats: TypeStats;
}

/**
 * In a field not named for the data type, SSN-shaped values that are often never-issued numbers are
 * some other code (part numbers, case ids): real SSNs are never invalid.
 */
const MIN_SHAPED_FOR_INVALID_RULE = 20;
const MAX_INVALID_SHARE_UNNAMED = 0.05;

export function fieldVerdicts(field: FieldStats, namedAs: NamedAs): FieldVerdict[] {
  const verdicts: FieldVerdict[] = [];
  for (const stats of field.byType.values()) {
    const named =
      (stats.dataType === "US_SSN" && namedAs === "ssn") ||
      (stats.dataType === "US_DRIVERS_LICENSE" && namedAs === "license");
    const base = { dataType: stats.dataType, field: field.field, valueCount: field.valueCount, stats };
    if (stats.matchCount > 0 && isPlaintextFinding(stats, named)) {
      verdicts.push({
        ...base,
        exposure: "plaintext",
        protection: null,
        confidence: confidenceOf(stats, named),
      });
      continue;
    }
    const protection = stats.dominantProtection;
    if (named && protection && stats.matchCount === 0) {
      verdicts.push({
        ...base,
        exposure: protection,
        protection: protectionNote(protection),
        confidence: "medium",
      });
    }
  }
  return verdicts;
}

function isPlaintextFinding(stats: TypeStats, named: boolean): boolean {
  if (named) return true;
  const shaped = stats.matchCount + stats.invalidCount;
  if (shaped >= MIN_SHAPED_FOR_INVALID_RULE && stats.invalidCount / shaped > MAX_INVALID_SHARE_UNNAMED) {
    return false;
  }
  // Unnamed fields need at least one strongly shaped match (e.g. ddd-dd-dddd) or context words.
  return stats.byStrength.strong > 0 || stats.byStrength.medium > 0;
}

function confidenceOf(stats: TypeStats, named: boolean): "high" | "medium" | "low" {
  if (named && stats.matchCount >= 1) return "high";
  if (stats.byStrength.strong >= 3 || stats.matchCount >= 10) return "high";
  if (stats.byStrength.strong > 0) return "medium";
  return "low";
}
