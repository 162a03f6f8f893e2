// Per (object, field, data type) aggregation of what the detectors saw. Plaintext values stay in memory only.
import { type Candidate, type DataType, redact, type Strength } from "../core/index.ts";
import type { ProtectedExposure } from "./protection.ts";

const MAX_DISTINCT = 100_000;
const MAX_SAMPLES = 3;

export class TypeStats {
  matchCount = 0;
  testValueCount = 0;
  invalidCount = 0;
  contextual = 0;
  readonly byStrength: Record<Strength, number> = { strong: 0, medium: 0, weak: 0 };
  readonly distinct = new Set<string>();
  distinctOverflow = false;
  readonly samples: string[] = [];
  readonly states = new Set<string>();
  readonly protectedCounts: Record<ProtectedExposure, number> = {
    masked: 0,
    hashed: 0,
    encrypted: 0,
    tokenized: 0,
  };

  constructor(readonly dataType: DataType) {}

  /** One value's candidates of this data type. Counts the value once, by its best candidate. */
  observeValue(candidates: Candidate[]): void {
    if (candidates.length === 1) {
      // The usual case, without the arrays and closures of the general one (same counts).
      const c = candidates[0] as Candidate;
      if (!c.valid) {
        this.invalidCount++;
        return;
      }
      this.matchCount++;
      if (c.testValue) this.testValueCount++;
      this.byStrength[c.strength]++;
      this.keep(c);
      return;
    }
    const valid = candidates.filter((c) => c.valid);
    if (valid.length === 0) {
      if (candidates.length > 0) this.invalidCount++;
      return;
    }
    this.matchCount++;
    if (valid.every((c) => c.testValue)) this.testValueCount++;
    this.byStrength[bestStrength(valid)]++;
    for (const c of valid) this.keep(c);
  }

  /** A valid candidate's state, distinct value and (the first few) redacted samples. */
  private keep(c: Candidate): void {
    if (c.state) this.states.add(c.state);
    if (this.distinct.size < MAX_DISTINCT) this.distinct.add(c.normalized);
    else if (!this.distinct.has(c.normalized)) this.distinctOverflow = true;
    if (this.samples.length < MAX_SAMPLES) {
      const sample = redact(this.dataType, c.value);
      if (!this.samples.includes(sample)) this.samples.push(sample);
    }
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
