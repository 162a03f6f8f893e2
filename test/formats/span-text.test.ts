import { describe, expect, it } from "vitest";
import { spanText } from "../../packages/formats/span-text.ts";

describe("spanText", () => {
  it("is toString with the unit's encoding over the span", () => {
    const utf8 = Buffer.from("id,naïve café,€5,\u{1F600}\n", "utf8");
    const latin1 = Buffer.from([0x61, 0xe9, 0x2c, 0xff, 0x7a]);
    for (const [buf, isLatin1] of [
      [utf8, false],
      [latin1, true],
      [utf8, true],
    ] as const) {
      for (let start = 0; start <= buf.length; start++) {
        for (let end = start; end <= buf.length; end++) {
          expect(spanText(buf, isLatin1, start, end)).toBe(
            buf.toString(isLatin1 ? "latin1" : "utf8", start, end),
          );
        }
      }
    }
  });
});
