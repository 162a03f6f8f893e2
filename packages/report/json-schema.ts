// JSON Schemas of the public files, generated from the zod schemas (the single source of truth).
import { z } from "zod";
import { Finding, LatestPointer, SCHEMA_VERSION, Summary } from "../core/schemas.ts";

type JsonSchema = Record<string, unknown>;

function generate(schema: z.ZodType, title: string, file: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" });
  return {
    $schema,
    title,
    $comment: `Generated from packages/core/schemas.ts (schema version ${SCHEMA_VERSION}) by \`npm run schema\`; do not edit. Describes ${file}.`,
    ...rest,
  };
}

/** JSON Schema (draft 2020-12) of one line of `findings.jsonl`. */
export function findingJsonSchema(): JsonSchema {
  return generate(Finding, "Exposure Audit finding", "one line of findings.jsonl");
}

/** JSON Schema (draft 2020-12) of `summary.json`. */
export function summaryJsonSchema(): JsonSchema {
  return generate(Summary, "Exposure Audit run summary", "summary.json");
}

/** JSON Schema (draft 2020-12) of `latest.json` at the report root. */
export function latestJsonSchema(): JsonSchema {
  return generate(LatestPointer, "Exposure Audit latest-run pointer", "latest.json");
}

/** The shipped schema files, by file name under `schemas/`, with their exact text (2-space JSON, final newline). */
export function jsonSchemaFiles(): Record<string, string> {
  const text = (schema: JsonSchema) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    "finding.schema.json": text(findingJsonSchema()),
    "summary.schema.json": text(summaryJsonSchema()),
    "latest.schema.json": text(latestJsonSchema()),
  };
}
