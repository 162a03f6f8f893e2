// Two independently written state tables must agree: every synthetic number of a state is accepted
// by one of the detectors' non-loose formats for that state.
import { describe, expect, it } from "vitest";
import { LICENSE_FORMATS as DETECTOR_FORMATS } from "../../packages/detectors/license-formats.ts";
import { createRng, STATE_CODES, syntheticLicense } from "../../packages/synth/index.ts";

describe("synthetic licenses vs the detectors' state table", () => {
  it("covers the same 51 jurisdictions", () => {
    expect(DETECTOR_FORMATS.map((s) => s.code).sort()).toEqual([...STATE_CODES].sort());
  });

  it.each(STATE_CODES)("%s numbers match a non-loose detector format", (state) => {
    const formats = DETECTOR_FORMATS.find((s) => s.code === state)?.formats ?? [];
    const patterns = formats.filter((f) => !f.loose).map((f) => new RegExp(`^(?:${f.pattern})$`));
    const rng = createRng(state.charCodeAt(0) * 97 + state.charCodeAt(1));
    for (let i = 0; i < 100; i++) {
      const value = syntheticLicense(rng, state);
      expect(
        patterns.some((p) => p.test(value)),
        `${state} format ${value.replace(/\d/g, "#")}`,
      ).toBe(true);
    }
  });
});
