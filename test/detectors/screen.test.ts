// The screening rule (mayHoldCandidate, and bytesMayHold on bytes) must pass every neutral value in
// which a detector finds a candidate: values built from context words, separators and numbers.
import { describe, expect, it } from "vitest";
import { type DetectionContext, mayHoldCandidate } from "../../packages/core/index.ts";
import { DETECTORS } from "../../packages/detectors/index.ts";
import { bytesMayHold, hasCue } from "../../packages/formats/screen-bytes.ts";
import { createRng } from "../../packages/synth/index.ts";

const NEUTRAL: DetectionContext = {
  fieldPath: "note",
  fieldName: "note",
  stateHint: null,
  declaredKind: null,
};

const PIECES = [
  "dl",
  "DL",
  "d.l.",
  "D. L.",
  "cdl",
  "dln",
  "lic",
  "Lic#",
  "lic no",
  "license number",
  "licence",
  "driver's",
  "drivers",
  "driving",
  "operator's",
  "operators",
  "x",
  "pub",
  "é",
  "_",
  "-",
  "(",
  ")",
  ":",
  "#",
  ".",
  " ",
  " ",
  "no",
  "ssn",
  "tax id",
  "123",
  "4567",
  "1234567",
  "D1234567",
  "A123-4567-8901",
  "123-45-6789",
  "987654321",
  "2024-03-02",
  "@example.com",
  "\u00a0",
];

function values(count: number): string[] {
  const rng = createRng(7);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let value = "";
    const parts = rng.int(2, 6);
    for (let k = 0; k < parts; k++) value += rng.pick(PIECES);
    out.push(value);
  }
  return out;
}

describe("screening rule", () => {
  it("passes every neutral value a detector finds a candidate in", () => {
    let found = 0;
    for (const value of values(20_000)) {
      const hit = DETECTORS.some((d) => d.detect(value, NEUTRAL).length > 0);
      if (!hit) continue;
      found++;
      expect(mayHoldCandidate(value), value).toBe(true);
    }
    expect(found, "the generated values hold candidates").toBeGreaterThan(500);
  });

  it("reads the same on bytes as on strings (ASCII and Latin-1)", () => {
    for (const value of [...values(5_000), "david.obrien12@x.com", "resolved. 2024", "xdl 12", "\xe9dl 12"]) {
      const bytes = Buffer.from(value, "latin1");
      if (bytes.toString("latin1") !== value) continue; // not Latin-1
      expect(bytesMayHold(bytes, 0, bytes.length), value).toBe(mayHoldCandidate(value));
    }
  });

  it("needs a cue word at a word start, and a loose cue in it", () => {
    const cue = (s: string) => hasCue(Buffer.from(s, "latin1"), 0, s.length);
    for (const s of [
      "dl 1",
      "(DL)1",
      "_dl",
      "x-dl",
      "\xe9dl",
      "D.L.",
      "cdl",
      "lic#",
      "driverslicense",
      "Operators Lic",
    ])
      expect(cue(s), s).toBe(true);
    for (const s of ["xdl", "public", "david.obrien", "resolved.", "driver", "operator 12", "idle", "cdls x"])
      expect(cue(s), s).toBe(s === "cdls x");
  });
});
