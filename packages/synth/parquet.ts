// Parquet output through hyparquet-writer, flat or nested (struct columns read back as dotted paths).
import { type ColumnSource, parquetWriteBuffer, type SchemaElement } from "hyparquet-writer";

export interface FlatColumn {
  name: string;
  values: readonly (string | number | bigint | null)[];
  type: "STRING" | "INT32" | "INT64";
}

export function flatParquet(columns: readonly FlatColumn[], rowGroupSize?: number): Uint8Array {
  const columnData: ColumnSource[] = columns.map((c) => ({
    name: c.name,
    type: c.type,
    data: c.type === "INT64" ? c.values.map((v) => (v === null ? null : BigInt(v))) : [...c.values],
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, ...(rowGroupSize ? { rowGroupSize } : {}) }));
}

/** A nested schema node: a string leaf or a struct of children. */
export type NestedShape = { [name: string]: "STRING" | NestedShape };

/** Writes rows of nested objects with an explicit schema of optional struct groups and string leaves. */
export function nestedParquet(shape: NestedShape, rows: readonly Record<string, unknown>[]): Uint8Array {
  const schema: SchemaElement[] = [{ name: "root", num_children: Object.keys(shape).length }];
  const walk = (node: NestedShape) => {
    for (const [name, child] of Object.entries(node)) {
      if (child === "STRING") {
        schema.push({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" });
      } else {
        schema.push({ name, repetition_type: "OPTIONAL", num_children: Object.keys(child).length });
        walk(child);
      }
    }
  };
  walk(shape);
  const columnData: ColumnSource[] = Object.keys(shape).map((name) => ({
    name,
    data: rows.map((r) => (r[name] ?? null) as never),
  }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema }));
}
