import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { findingJsonSchema, jsonSchemaFiles, summaryJsonSchema } from "../../packages/report/index.ts";
import { makeFinding, makeSummary, makeUnit, sampleFindings } from "./fixtures.ts";

const root = join(import.meta.dirname, "..", "..");
// date-time formats are checked by zod; ajv is here for structure, so formats are not validated.
const ajv = () => new Ajv2020({ strict: true, allErrors: true, validateFormats: false });

describe("shipped JSON Schemas", () => {
  it.each(Object.entries(jsonSchemaFiles()))(
    "schemas/%s equals a fresh generation (run npm run schema)",
    async (name, fresh) => {
      expect(await readFile(join(root, "schemas", name), "utf8")).toBe(fresh);
    },
  );

  it("are draft 2020-12 and compile in strict mode", () => {
    for (const schema of [findingJsonSchema(), summaryJsonSchema()]) {
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(() => ajv().compile(schema)).not.toThrow();
    }
  });

  it("the finding schema accepts real findings and rejects broken ones", async () => {
    const shipped = JSON.parse(await readFile(join(root, "schemas", "finding.schema.json"), "utf8"));
    const validate = ajv().compile(shipped);
    for (const f of sampleFindings()) expect(validate(f), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...makeFinding(), id: "not-hex" })).toBe(false);
    expect(validate({ ...makeFinding(), dataType: "US_PASSPORT" })).toBe(false);
    expect(validate({ ...makeFinding(), rawValue: "x" })).toBe(false);
    const { severity: _, ...missing } = makeFinding();
    expect(validate(missing)).toBe(false);
  });

  it("the summary schema accepts a summary, with sparse skip reasons", async () => {
    const shipped = JSON.parse(await readFile(join(root, "schemas", "summary.schema.json"), "utf8"));
    const validate = ajv().compile(shipped);
    const summary = makeSummary(sampleFindings(), {
      units: [makeUnit(), makeUnit({ object: "x.gz", status: "skipped", reason: "decompression-limit" })],
    });
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(makeSummary([]))).toBe(true);
    const bad = makeSummary([]);
    expect(validate({ ...bad, coverage: { ...bad.coverage, skippedByReason: { "made-up": 1 } } })).toBe(
      false,
    );
  });
});
