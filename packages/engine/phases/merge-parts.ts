// Parts of a split object back into one unit, with the statistics a whole scan gives: counts add;
// distinct values, the sequential signal and production lookups are unions of keyed fingerprints;
// samples are the first distinct ones in object order; coverage counts the object once. A part
// whose batch never reported, or two parts disagreeing on where a record ends (a quoted CSV field
// across a boundary), make the unit `partial` with a note.
import { fieldVerdicts, MAX_DISTINCT, MAX_SAMPLES } from "../../classifier/index.ts";
import type { DataType, SkipReason, UnitCoverage } from "../../core/index.ts";
import { sortUniquePairs } from "../../fingerprints/index.ts";
import { keepsFingerprints } from "../real-data.ts";
import { hexToPairs, RebuiltRealData, unitFromJson } from "./codec.ts";
import type { PartJson, TypeStatsJson, UnitJson } from "./schemas.ts";

/** A merged unit and its parts' pending production fingerprints per `field NUL dataType`. */
export interface MergedUnit {
  unit: UnitJson;
  pending: Map<string, Uint32Array>;
}

type Part = UnitJson & { part: PartJson };

const typeKey = (field: string | null, dataType: DataType) =>
  `${field ?? ""}\u0000${field === null}\u0000${dataType}`;
/** Fingerprint lists of the parts (each sorted and unique, as pairs), to be united once. */
type Lists = Uint32Array[];

const addHex = (hex: string, into: Lists) => {
  if (hex.length >= 16) into.push(hexToPairs(hex));
};

/** The union of sorted unique pair lists, sorted and unique. */
function unionOf(lists: Lists): Uint32Array {
  if (lists.length === 1) return lists[0] as Uint32Array;
  let total = 0;
  for (const list of lists) total += list.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  return sortUniquePairs(all);
}

/** How many pairs two sorted unique pair lists share. */
function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ah = a[i] as number;
    const bh = b[j] as number;
    const al = a[i + 1] as number;
    const bl = b[j + 1] as number;
    if (ah < bh || (ah === bh && al < bl)) i += 2;
    else if (ah > bh || al > bl) j += 2;
    else {
      shared++;
      i += 2;
      j += 2;
    }
  }
  return shared;
}

export const isPart = (unit: UnitJson): unit is Part => unit.part !== undefined;

/** Groups parts by object and merges each group. */
export function mergeParts(parts: readonly UnitJson[]): MergedUnit[] {
  const groups = new Map<string, Map<number, Part>>();
  for (const unit of parts) {
    if (!isPart(unit)) continue;
    const id = `${unit.coverage.store}\u0000${unit.coverage.object}`;
    let group = groups.get(id);
    if (!group) {
      group = new Map();
      groups.set(id, group);
    }
    group.set(unit.part.index, unit);
  }
  return [...groups.values()].map((group) =>
    mergeGroup([...group.values()].sort((a, b) => a.part.index - b.part.index)),
  );
}

interface TypeAcc {
  json: TypeStatsJson;
  samples: string[];
  states: Set<string>;
  distinct: Lists;
  parsed: Lists;
  numbers: Lists;
  next: Lists;
  checked: Lists;
  matched: Lists;
  pending: Lists;
  compared: boolean;
  productionValues: number;
}

function mergeGroup(parts: Part[]): MergedUnit {
  const first = parts[0] as Part;
  const count = first.part.count;
  const coverage: UnitCoverage = {
    ...first.coverage,
    status: "scanned",
    reason: null,
    note: null,
    bytesRead: 0,
    records: 0,
    sampled: false,
  };
  const notes: string[] = [];
  let reason: SkipReason | null = null;
  const problem = (why: SkipReason, note: string) => {
    reason ??= why;
    notes.push(note);
  };
  const present = new Set(parts.map((p) => p.part.index));
  const missing = [...Array(count).keys()].filter((i) => !present.has(i));
  if (missing.length > 0) problem("read-error", `parts ${missing.join(", ")} of ${count} were not scanned`);
  for (const [i, p] of parts.entries()) {
    coverage.bytesRead += p.coverage.bytesRead;
    coverage.records += p.coverage.records;
    coverage.format ??= p.coverage.format;
    coverage.compression ??= p.coverage.compression;
    const empty = p.part.endAt === p.part.startAt;
    if (!empty && p.coverage.status !== "scanned") {
      problem(
        p.coverage.reason ?? "read-error",
        `part ${p.part.index}: ${p.coverage.note ?? p.coverage.status}`,
      );
    }
    const next = parts[i + 1];
    if (next && next.part.index === p.part.index + 1 && next.part.startAt !== p.part.endAt) {
      const [a, b] = [next.part.startAt, p.part.endAt].sort((x, y) => x - y);
      problem(
        "malformed",
        `a quoted CSV field spans the part boundary: records between bytes ${a} and ${b} may be misread`,
      );
    }
  }
  if (reason !== null) {
    coverage.status = coverage.records > 0 ? "partial" : "skipped";
    coverage.reason = reason;
    coverage.note = notes.join("; ").slice(0, 1000);
  }

  const fields = new Map<
    string | null,
    { valueCount: number; namedAs: UnitJson["fields"][number]["namedAs"]; types: Map<DataType, TypeAcc> }
  >();
  const states = new Map<string, PartJson["types"][number]>();
  for (const p of parts) {
    for (const s of p.part.types) states.set(`${p.part.index}\u0000${typeKey(s.field, s.dataType)}`, s);
    for (const f of p.fields) {
      let field = fields.get(f.field);
      if (!field) {
        field = { valueCount: 0, namedAs: f.namedAs, types: new Map() };
        fields.set(f.field, field);
      }
      field.valueCount += f.valueCount;
      for (const t of f.types) {
        let acc = field.types.get(t.dataType);
        if (!acc) {
          acc = newAcc(t);
          field.types.set(t.dataType, acc);
        } else addCounts(acc.json, t);
        for (const sample of t.samples) {
          if (acc.samples.length < MAX_SAMPLES && !acc.samples.includes(sample)) acc.samples.push(sample);
        }
        for (const s of t.states) acc.states.add(s);
        acc.json.distinctOverflow ||= t.distinctOverflow;
        if (t.comparison) {
          acc.compared = true;
          acc.productionValues = t.comparison.productionValues;
        }
        const state = states.get(`${p.part.index}\u0000${typeKey(f.field, t.dataType)}`);
        if (state) {
          addHex(state.distinct, acc.distinct);
          addHex(state.parsed, acc.parsed);
          addHex(state.numbers, acc.numbers);
          addHex(state.next, acc.next);
          addHex(state.checked, acc.checked);
          addHex(state.matched, acc.matched);
          addHex(state.pending, acc.pending);
        }
      }
    }
  }

  const pending = new Map<string, Uint32Array>();
  const merged: UnitJson["fields"] = [...fields.entries()]
    .sort(([a], [b]) => (a ?? "").localeCompare(b ?? "") || (a === null ? -1 : 1))
    .map(([name, f]) => ({
      field: name,
      valueCount: f.valueCount,
      namedAs: f.namedAs,
      types: [...f.types.values()]
        .sort((a, b) => a.json.dataType.localeCompare(b.json.dataType))
        .map((acc) => {
          if (acc.pending.length > 0) pending.set(typeKey(name, acc.json.dataType), unionOf(acc.pending));
          return finish(acc);
        }),
    }));
  return { unit: { coverage, fields: merged }, pending };
}

function newAcc(t: TypeStatsJson): TypeAcc {
  return {
    json: {
      ...t,
      byStrength: { ...t.byStrength },
      protectedCounts: { ...t.protectedCounts },
      fingerprinted: false,
    },
    samples: [],
    states: new Set(),
    distinct: [],
    parsed: [],
    numbers: [],
    next: [],
    checked: [],
    matched: [],
    pending: [],
    compared: false,
    productionValues: 0,
  };
}

function addCounts(into: TypeStatsJson, t: TypeStatsJson): void {
  into.matchCount += t.matchCount;
  into.testValueCount += t.testValueCount;
  into.invalidCount += t.invalidCount;
  into.contextual += t.contextual;
  for (const k of ["strong", "medium", "weak"] as const) into.byStrength[k] += t.byStrength[k];
  for (const k of ["masked", "hashed", "encrypted", "tokenized"] as const)
    into.protectedCounts[k] += t.protectedCounts[k];
}

/** isMostlySequential over the union: a step is a number whose successor is also there. */
function finish(acc: TypeAcc): TypeStatsJson {
  const size = (lists: Lists) => unionOf(lists).length >>> 1;
  const steps = sharedCount(unionOf(acc.next), unionOf(acc.numbers));
  const distinct = size(acc.distinct);
  const parsed = size(acc.parsed);
  const sequential = distinct >= 5 && parsed >= 5 && steps / (parsed - 1) > 0.5;
  return {
    ...acc.json,
    distinctCount: Math.min(distinct, MAX_DISTINCT),
    distinctOverflow: acc.json.distinctOverflow || distinct > MAX_DISTINCT,
    sequential,
    samples: acc.samples,
    states: [...acc.states].sort(),
    comparison: acc.compared
      ? { checked: size(acc.checked), matched: size(acc.matched), productionValues: acc.productionValues }
      : null,
  };
}

/**
 * A merged production unit: which fields' fingerprints are kept (the rule every production unit
 * follows, applied to the whole object), marked `fingerprinted`, and those fingerprints.
 */
export function keptFingerprints(merged: MergedUnit): {
  unit: UnitJson;
  pairs: Map<DataType, Uint32Array[]>;
} {
  const rebuilt = unitFromJson(merged.unit, new RebuiltRealData());
  const kept = new Set<string>();
  for (const field of rebuilt.fields) {
    for (const verdict of fieldVerdicts(field, rebuilt.namedAs.get(field.field) ?? "other")) {
      const key = typeKey(field.field, verdict.dataType);
      if (merged.pending.has(key) && keepsFingerprints(verdict)) kept.add(key);
    }
  }
  const pairs = new Map<DataType, Uint32Array[]>();
  const fields = merged.unit.fields.map((f) => ({
    ...f,
    types: f.types.map((t) => {
      const key = typeKey(f.field, t.dataType);
      if (!kept.has(key)) return t;
      const list = pairs.get(t.dataType) ?? [];
      list.push(merged.pending.get(key) as Uint32Array);
      pairs.set(t.dataType, list);
      return { ...t, fingerprinted: true };
    }),
  }));
  return { unit: { ...merged.unit, fields }, pairs };
}
