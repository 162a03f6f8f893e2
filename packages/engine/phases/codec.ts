// UnitScan ⇄ plain JSON. Going out, plaintext values are reduced to counts, a "sequential" flag and
// redacted samples; coming back, the statistics carry that count and flag (TypeStats.decoded), so the
// classifier and the assessment reach the same verdicts as in one process.
import { type ProductionComparison, valuesRunInSequence } from "../../assessment/index.ts";
import { FieldStats, type NamedAs, type TypeStats } from "../../classifier/index.ts";
import type { RealDataView } from "../build-findings.ts";
import type { UnitScan } from "../scan-unit.ts";
import type { TypeStatsJson, UnitJson } from "./schemas.ts";

export function unitToJson(scan: UnitScan, realData: RealDataView | null): UnitJson {
  const fields = [...scan.fields]
    .sort((a, b) => (a.field ?? "").localeCompare(b.field ?? "") || (a.field === null ? -1 : 1))
    .map((field) => ({
      field: field.field,
      valueCount: field.valueCount,
      namedAs: scan.namedAs.get(field.field) ?? ("other" as NamedAs),
      types: [...field.byType.values()]
        .sort((a, b) => a.dataType.localeCompare(b.dataType))
        .map((t) => ({
          dataType: t.dataType,
          matchCount: t.matchCount,
          testValueCount: t.testValueCount,
          invalidCount: t.invalidCount,
          contextual: t.contextual,
          byStrength: { ...t.byStrength },
          distinctCount: t.distinctCount,
          distinctOverflow: t.distinctOverflow,
          sequential: valuesRunInSequence(t),
          samples: [...t.samples],
          states: [...t.states].sort(),
          protectedCounts: { ...t.protectedCounts },
          comparison: realData?.comparisonFor(t) ?? null,
          fingerprinted: realData?.fingerprinted(t) ?? false,
          ...keyedOf(realData, t),
        })),
    }));
  return { coverage: { ...scan.coverage }, fields };
}

function keyedOf(realData: RealDataView | null, stats: TypeStats): Pick<TypeStatsJson, "keyed"> {
  const keyed = realData?.keyedFor?.(stats);
  return keyed ? { keyed } : {};
}

/** Rebuilt statistics, and what the assessment recorded about them. */
export class RebuiltRealData implements RealDataView {
  readonly comparisons = new WeakMap<TypeStats, ProductionComparison>();
  readonly fingerprintedStats = new WeakSet<TypeStats>();

  comparisonFor(stats: TypeStats): ProductionComparison | null {
    return this.comparisons.get(stats) ?? null;
  }

  fingerprinted(stats: TypeStats): boolean {
    return this.fingerprintedStats.has(stats);
  }
}

/**
 * `recheck` gives a carried field its comparison with this run's production fingerprints (from its kept
 * lookups) instead of the one recorded when it was read.
 */
export function unitFromJson(
  json: UnitJson,
  realData: RebuiltRealData,
  recheck?: (t: TypeStatsJson) => ProductionComparison | null,
): UnitScan {
  const namedAs = new Map<string | null, NamedAs>();
  const fields: FieldStats[] = [];
  for (const f of json.fields) {
    namedAs.set(f.field, f.namedAs);
    const field = new FieldStats(f.field);
    field.valueCount = f.valueCount;
    for (const t of f.types) {
      const stats = field.typeStats(t.dataType);
      stats.matchCount = t.matchCount;
      stats.testValueCount = t.testValueCount;
      stats.invalidCount = t.invalidCount;
      stats.contextual = t.contextual;
      Object.assign(stats.byStrength, t.byStrength);
      Object.assign(stats.protectedCounts, t.protectedCounts);
      stats.distinctOverflow = t.distinctOverflow;
      stats.decoded = { distinctCount: t.distinctCount, sequential: t.sequential };
      stats.samples.push(...t.samples);
      for (const s of t.states) stats.states.add(s);
      const comparison = recheck ? recheck(t) : t.comparison;
      if (comparison) realData.comparisons.set(stats, comparison);
      if (t.fingerprinted) realData.fingerprintedStats.add(stats);
    }
    fields.push(field);
  }
  return { coverage: { ...json.coverage }, fields, namedAs };
}

/** Whether this machine stores a 32-bit word's most significant byte first. */
const BIG_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 0;

/** Fingerprint pairs (hi, lo, …) as 16 hex digits each, and back. */
export function pairsToHex(pairs: Uint32Array): string {
  // The words' bytes, swapped to big-endian in a copy, then hex: all native.
  const bytes = Buffer.from(pairs.buffer.slice(pairs.byteOffset, pairs.byteOffset + pairs.byteLength));
  if (!BIG_ENDIAN) bytes.swap32();
  return bytes.toString("hex");
}

export function hexToPairs(hex: string): Uint32Array {
  const out = new Uint32Array(Math.floor(hex.length / 16) * 2);
  const bytes = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  // Buffer.write stops at the first character that is not hex: a damaged list, never read as zeros.
  if (bytes.write(hex.slice(0, out.length * 8), "hex") !== bytes.length)
    throw new Error("a fingerprint list holds a character that is not hex");
  if (!BIG_ENDIAN) bytes.swap32();
  return out;
}
