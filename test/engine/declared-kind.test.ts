import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { declaredKindOf, isGenericIdField } from "../../packages/detectors/index.ts";
import { runScan } from "../../packages/engine/index.ts";

const record = (fields: Record<string, string>) => ({
  position: 1,
  fields: Object.entries(fields).map(([path, value]) => ({ path, value })),
});

describe("a sibling type field declares what a generic id field holds", () => {
  it.each([
    [{ "id.type": "drivers_license", "id.number": "x" }, "id.number", "license"],
    [{ id_type: "DL", id_number: "x" }, "id_number", "license"],
    [{ "doc.document_type": "Driver License", "doc.value": "x" }, "doc.value", "license"],
    [{ "id.kind": "SSN", "id.value": "x" }, "id.value", "ssn"],
    [{ "id.type": "passport", "id.number": "x" }, "id.number", null],
    [{ "id.type": "business license", "id.number": "x" }, "id.number", null],
    [{ "other.type": "DL", "id.number": "x" }, "id.number", null],
  ] as const)("%j → %s", (fields, fieldPath, expected) => {
    expect(declaredKindOf(record(fields), fieldPath)).toBe(expected);
  });

  it.each([["number"], ["id_number"], ["identification.value"], ["document_no"]])("%s is generic", (p) => {
    expect(isGenericIdField(p)).toBe(true);
  });
  it.each([["order_number"], ["phone"], ["ssn"]])("%s is not generic", (p) => {
    expect(isGenericIdField(p)).toBe(false);
  });

  it("reports a typed id field as a driver's license, and passports beside it are not counted", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ea-declared-"));
    // Florida format (letter + 12 digits), built by arithmetic: synthetic.
    const people = Array.from({ length: 20 }, (_, i) => ({
      name: `Person ${i}`,
      identification:
        i % 4 === 3
          ? { type: "passport", number: `${String(500_000_000 + i * 7919)}` }
          : {
              type: "drivers_license",
              number: `F${String(100_000_000_000 + i * 7_654_321)}`,
              issuingState: "FL",
            },
    }));
    await writeFile(path.join(dir, "applicants.json"), JSON.stringify({ applicants: people }));
    const { findings } = await runScan({ targets: [dir] });
    expect(findings.map((f) => [f.location.field, f.dataType, f.matchCount])).toEqual([
      ["applicants.identification.number", "US_DRIVERS_LICENSE", 15],
    ]);
    expect(findings[0]?.states).toEqual(["FL"]);
  });
});
