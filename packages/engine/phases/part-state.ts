// What a part of a split object carries besides its counts, so that merging the parts gives the
// statistics of the whole object: keyed fingerprints (never values) of its distinct values, of their
// numeric tails and the next numbers (the "sequential" signal), of the values it looked up in
// production, and its production fingerprints pending the verdict on the whole object.
import { sequentialKey } from "../../assessment/index.ts";
import { FingerprintList } from "../../fingerprints/index.ts";
import type { PartState } from "../../formats/index.ts";
import type { RealDataAssessment, UnitTap } from "../real-data.ts";
import type { UnitScan } from "../scan-unit.ts";
import { pairsToHex } from "./codec.ts";
import type { PartJson, PartRef, PartTypeState } from "./schemas.ts";

/** The number-and-prefix form whose fingerprint stands for a value's place in a counting run. */
export const sequenceForm = (prefix: string, n: number): string => `seq\u0000${prefix}\u0000${n}`;

export function partJson(
  ref: PartRef,
  read: PartState,
  scan: UnitScan,
  realData: RealDataAssessment,
  tap: UnitTap,
): PartJson {
  const pending = realData.pendingOf(tap);
  const types: PartTypeState[] = [];
  for (const field of scan.fields) {
    for (const stats of field.byType.values()) {
      const distinct = new FingerprintList(stats.distinct.size + 1);
      const parsed = new FingerprintList();
      const numbers = new FingerprintList();
      const next = new FingerprintList();
      const fingerprints = realData.partFingerprints(stats.dataType);
      for (const value of stats.distinct) {
        const key = sequentialKey(value);
        fingerprints.add(value, distinct, key === null ? null : parsed);
        if (key === null) continue;
        fingerprints.add(sequenceForm(key.prefix, key.n), numbers);
        fingerprints.add(sequenceForm(key.prefix, key.n + 1), next);
      }
      fingerprints.finish();
      const looked = realData.lookedUp(tap, stats);
      types.push({
        field: field.field,
        dataType: stats.dataType,
        distinct: pairsToHex(distinct.sortedUnique()),
        parsed: pairsToHex(parsed.sortedUnique()),
        numbers: pairsToHex(numbers.sortedUnique()),
        next: pairsToHex(next.sortedUnique()),
        checked: looked ? pairsToHex(looked.checked) : "",
        matched: looked ? pairsToHex(looked.matched) : "",
        pending: pairsToHex(pending.get(stats) ?? new Uint32Array(0)),
      });
    }
  }
  return {
    index: ref.index,
    count: ref.count,
    startAt: read.startAt,
    endAt: read.endAt,
    straddle: read.straddle,
    types,
  };
}
