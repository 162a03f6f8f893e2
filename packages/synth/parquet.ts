// Parquet output through hyparquet-writer, flat or nested (struct columns read back as dotted paths).
import { gzipSync } from "node:zlib";
import { type ColumnSource, parquetWriteBuffer, type SchemaElement } from "hyparquet-writer";

export interface FlatColumn {
  name: string;
  values: readonly (string | number | bigint | null)[];
  type: "STRING" | "INT32" | "INT64" | "DOUBLE";
  /** Forces an encoding (else the writer picks dictionary or PLAIN). */
  encoding?: "PLAIN" | "RLE_DICTIONARY";
}

export interface FlatParquetOptions {
  /** Target uncompressed bytes per page (the writer's default is 1 MiB). */
  pageSize?: number;
  codec?: "SNAPPY" | "GZIP" | "UNCOMPRESSED";
}

export function flatParquet(
  columns: readonly FlatColumn[],
  rowGroupSize?: number,
  options: FlatParquetOptions = {},
): Uint8Array {
  const columnData: ColumnSource[] = columns.map((c) => ({
    name: c.name,
    type: c.type,
    data: c.type === "INT64" ? c.values.map((v) => (v === null ? null : BigInt(v))) : [...c.values],
    ...(c.encoding ? { encoding: c.encoding } : {}),
  }));
  return new Uint8Array(
    parquetWriteBuffer({
      columnData,
      ...(rowGroupSize ? { rowGroupSize } : {}),
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.codec ? { codec: options.codec } : {}),
      compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) },
    }),
  );
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
