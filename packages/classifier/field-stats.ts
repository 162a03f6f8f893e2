// Per (object, field, data type) aggregation of what the detectors saw. Plaintext values stay in memory only.
import { type Candidate, type DataType, redact, type Strength } from "../core/index.ts";
import { DistinctValues } from "./distinct-values.ts";
import type { ProtectedExposure } from "./protection.ts";

export const MAX_DISTINCT = 100_000;
export const MAX_SAMPLES = 3;
const NONE: readonly Candidate[] = Object.freeze([]);

export class TypeStats {
  matchCount = 0;
  testValueCount = 0;
  invalidCount = 0;
  contextual = 0;
  readonly byStrength: Record<Strength, number> = { strong: 0, medium: 0, weak: 0 };
  readonly distinct = new DistinctValues();
  distinctOverflow = false;
  /**
   * Statistics rebuilt from a partial result (engine/phases/codec.ts) hold no values: what their
   * distinct values were is carried as a count and whether they ran in sequence. Null when scanned.
   */
  decoded: { distinctCount: number; sequential: boolean } | null = null;
  readonly samples: string[] = [];
  readonly states = new Set<string>();
  readonly protectedCounts: Record<ProtectedExposure, number> = {
    masked: 0,
    hashed: 0,
    encrypted: 0,
    tokenized: 0,
  };

  constructor(readonly dataType: DataType) {}

  /** How many distinct values were kept (up to MAX_DISTINCT). */
  get distinctCount(): number {
    return this.decoded ? this.decoded.distinctCount : this.distinct.size;
  }

  /**
   * One value's candidates of this data type. Counts the value once, by its best candidate. Returns the
   * valid, non-test candidates seen for the first time in this field (past the distinct cap, every
   * one not among the first distinct values): what real-data assessment fingerprints.
   */
  observeValue(candidates: Candidate[]): readonly Candidate[] {
    if (candidates.length === 1) {
      // The usual case, without the arrays and closures of the general one (same counts).
      const c = candidates[0] as Candidate;
      if (!c.valid) {
        this.invalidCount++;
        return NONE;
      }
      this.matchCount++;
      if (c.testValue) this.testValueCount++;
      this.byStrength[c.strength]++;
      return this.keep(c) && !c.testValue ? candidates : NONE;
    }
    const valid = candidates.filter((c) => c.valid);
    if (valid.length === 0) {
      if (candidates.length > 0) this.invalidCount++;
      return NONE;
    }
    this.matchCount++;
    if (valid.every((c) => c.testValue)) this.testValueCount++;
    this.byStrength[bestStrength(valid)]++;
    let fresh: Candidate[] | null = null;
    for (const c of valid) {
      if (this.keep(c) && !c.testValue) {
        fresh ??= [];
        fresh.push(c);
      }
    }
    return fresh ?? NONE;
  }

  /** A valid candidate's state, distinct value and (the first few) redacted samples; true when its value
   * is new to this field. */
  private keep(c: Candidate): boolean {
    if (c.state) this.states.add(c.state);
    let first = false;
    if (this.distinct.size < MAX_DISTINCT) {
      const before = this.distinct.size;
      this.distinct.add(c.normalized);
      first = this.distinct.size > before;
    } else if (!this.distinct.has(c.normalized)) {
      this.distinctOverflow = true;
      first = true;
    }
    if (this.samples.length < MAX_SAMPLES) {
      const sample = redact(this.dataType, c.value);
      if (!this.samples.includes(sample)) this.samples.push(sample);
    }
    return first;
  }

  observeProtected(exposure: ProtectedExposure): void {
    this.protectedCounts[exposure]++;
  }

  get protectedTotal(): number {
    const p = this.protectedCounts;
    return p.masked + p.hashed + p.encrypted + p.tokenized;
  }

  get dominantProtection(): ProtectedExposure | null {
    let best: ProtectedExposure | null = null;
    for (const [k, n] of Object.entries(this.protectedCounts) as [ProtectedExposure, number][]) {
      if (n > 0 && (best === null || n > this.protectedCounts[best])) best = k;
    }
    return best;
  }
}

function bestStrength(candidates: Candidate[]): Strength {
  if (candidates.some((c) => c.strength === "strong")) return "strong";
  if (candidates.some((c) => c.strength === "medium")) return "medium";
  return "weak";
}

/** All that was seen in one field of one object. */
export class FieldStats {
  valueCount = 0;
  readonly byType = new Map<DataType, TypeStats>();

  constructor(readonly field: string | null) {}

  typeStats(dataType: DataType): TypeStats {
    let stats = this.byType.get(dataType);
    if (!stats) {
      stats = new TypeStats(dataType);
      this.byType.set(dataType, stats);
    }
    return stats;
  }
}
