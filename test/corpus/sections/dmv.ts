// One small file per state (all 50 + DC), so each state's format is checked on its own.
import {
  isoDate,
  type Rng,
  STATE_CODES,
  type StateCode,
  toDelimited,
  toJsonLines,
} from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { customers } from "../people.ts";

const ROWS_PER_STATE = 12;

export function dmvSection(b: CorpusBuilder, rng: Rng): void {
  STATE_CODES.forEach((state, i) => {
    const layout = (["csv", "jsonl", "json"] as const)[i % 3] ?? "csv";
    const cs = customers(rng, ROWS_PER_STATE, [state]);
    const st = state.toLowerCase();
    if (layout === "csv") {
      const object = `dmv/${st}-licenses.csv`;
      const rows = cs.map((c) => ({
        record_id: c.id,
        holder_name: c.fullName,
        drivers_license_number: b.license(c.dl),
        issuing_state: state,
        license_class: rng.pick(["C", "M", "A"]),
        expires_on: isoDate(rng, 2025, 2032),
      }));
      b.file(object, toDelimited(Object.keys(rows[0] ?? {}), rows));
      b.positive(object, "drivers_license_number", "US_DRIVERS_LICENSE");
    } else if (layout === "jsonl") {
      const object = `dmv/${st}-licenses.jsonl`;
      const lines = cs.map((c) => ({
        record_id: c.id,
        holder: { name: c.fullName },
        license: { number: b.license(c.dl), state, class: "C", expires: isoDate(rng, 2025, 2032) },
      }));
      b.file(object, toJsonLines(lines));
      b.positive(object, "license.number", "US_DRIVERS_LICENSE");
    } else {
      const object = `dmv/${st}-licenses.json`;
      const drivers = cs.map((c) => ({
        id: c.id,
        name: c.fullName,
        license_no: b.license(c.dl),
        license_state: state,
      }));
      b.file(object, JSON.stringify({ state: state satisfies StateCode, drivers }, null, 2));
      b.positive(object, "drivers.license_no", "US_DRIVERS_LICENSE");
    }
  });
}
