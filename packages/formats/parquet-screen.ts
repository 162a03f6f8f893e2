// Parquet for a screening sink (see RecordSink in core/records.ts): flat schemas are read one column
// at a time, never as row objects.
import {
  type AsyncBuffer,
  type ColumnChunk,
  type DecodedArray,
  type FileMetaData,
  parquetReadObjects,
  parquetSchema,
  type RowGroup,
  type SchemaTree,
} from "hyparquet";
import {
  type FieldValue,
  mayHoldCandidate,
  type ReadLimits,
  type RecordSink,
  ROLE_BASE,
  ROLE_CONTEXT,
  ROLE_COUNT,
  ROLE_GENERIC,
  ROLE_HITS,
  ROLE_RECORD,
  ROLE_TYPE,
  type ScanRecord,
} from "../core/index.ts";
import type { NoteBook } from "./notes.ts";
import {
  flattenParquetValue,
  noteUnreadableGroup,
  type RowGroupSpan,
  readParquet,
  rowGroupsWithinCap,
} from "./parquet.ts";
import { columnPages, PARQUET_COMPRESSORS } from "./parquet-pages.ts";
import { bytesMayHold } from "./screen-bytes.ts";

/** Logical and converted types whose values are not scalars (objects, lists): read as rows. */
const NESTED_TYPES = new Set([
  "JSON",
  "BSON",
  "VARIANT",
  "GEOMETRY",
  "GEOGRAPHY",
  "MAP",
  "MAP_KEY_VALUE",
  "LIST",
  "INTERVAL",
]);

/** hyparquet's string decoding (a TextDecoder with the default options: a leading BOM is dropped). */
const UTF8 = new TextDecoder();

/**
 * Which values of a column the screen needs as text: all, those at context rows, none of those
 * only counted (`counted`), and with `screened` only those that may hold a candidate.
 */
interface TextNeed {
  always: boolean;
  atContext: boolean;
  counted: boolean;
  screened: boolean;
}

const TEXT_ALWAYS: TextNeed = { always: true, atContext: false, counted: false, screened: false };

/** A value of a flat column that is not a scalar after all: the row group is read as rows. */
class NotScalar extends Error {}

interface Column {
  name: string;
  /** Its column chunk's index in a row group (the schema's leaf order). */
  leaf: number;
  role: number;
  parent: string;
}

/** The top-level columns when each is a scalar leaf (no struct, list, map or JSON), else null. */
function flatColumns(metadata: FileMetaData, sink: RecordSink): Column[] | null {
  const root = parquetSchema(metadata);
  const columns: Column[] = [];
  for (const [leaf, child] of root.children.entries()) {
    const e = child.element;
    if (child.children.length > 0 || e.repetition_type === "REPEATED") return null;
    if (e.converted_type && NESTED_TYPES.has(e.converted_type)) return null;
    if (e.logical_type && NESTED_TYPES.has(e.logical_type.type)) return null;
    const dot = e.name.lastIndexOf(".");
    columns.push({
      name: e.name,
      leaf,
      role: sink.role(e.name),
      parent: dot === -1 ? "" : e.name.slice(0, dot),
    });
  }
  // Records list fields in the key order of the row objects (integer-like names first, as in JS).
  const order = Object.keys(Object.fromEntries(columns.map((c, i) => [c.name, i])));
  const byName = new Map(columns.map((c) => [c.name, c]));
  return order.map((name) => byName.get(name) as Column);
}

/** One value of a flat column as flattenParquetValue renders it; null when it yields no field. */
function scalarText(value: unknown, path: string, scratch: FieldValue[]): string | null {
  switch (typeof value) {
    case "string":
      return value.length > 0 ? value : null;
    case "number":
      return Number.isFinite(value) ? String(value) : null;
    case "bigint":
      return value.toString();
    case "object":
      if (value === null) return null;
      if (value instanceof Date || value instanceof Uint8Array) {
        scratch.length = 0;
        flattenParquetValue(value, path, scratch);
        return scratch[0]?.value ?? null;
      }
      throw new NotScalar();
    default:
      return null;
  }
}

/**
 * readParquet for a screening sink. A flat schema is read one row group and one column at a time,
 * each column chunk page by page (parquet-pages.ts: bounded ranged reads, values left as bytes
 * where the page allows, a string made only for a value the screen needs): per column the values
 * are counted, those that may hold a candidate (and all of SSN fields) are
 * kept, and licence fields (and generic ids a type sibling declares) are examined last through a
 * context record of their row (the row's non-empty fields in order; real values for the fields
 * siblings read). Nothing reaches the sink before the whole row group decoded, so a row group that
 * cannot be read is skipped whole, as readParquet does. Other schemas are read as rows (readParquet).
 */
export async function* screenParquet(
  file: AsyncBuffer,
  metadata: FileMetaData,
  fetched: () => number,
  limits: ReadLimits,
  notes: NoteBook,
  sink: RecordSink,
): AsyncGenerator<ScanRecord[]> {
  const columns = flatColumns(metadata, sink);
  if (columns === null) {
    yield* readParquet(file, metadata, fetched, limits, notes);
    return;
  }
  const schema = parquetSchema(metadata);
  for (const span of rowGroupsWithinCap(metadata, fetched, limits, notes)) {
    try {
      const group = new GroupScreen(columns, span.rowEnd - span.rowStart, sink);
      await group.read(file, schema, metadata.row_groups[span.index] as RowGroup);
      group.send();
    } catch (error) {
      if (error instanceof NotScalar) await rowsOfGroup(file, metadata, span, sink, notes);
      else noteUnreadableGroup(notes, span);
    }
  }
}

/** A row group as rows, whole records to the sink (values that are not scalars). */
async function rowsOfGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  span: RowGroupSpan,
  sink: RecordSink,
  notes: NoteBook,
): Promise<void> {
  const { rowStart, rowEnd } = span;
  let objects: Record<string, unknown>[];
  try {
    objects = await parquetReadObjects({
      file,
      metadata,
      rowStart,
      rowEnd,
      compressors: PARQUET_COMPRESSORS,
    });
  } catch {
    noteUnreadableGroup(notes, span);
    return;
  }
  for (let r = 0; r < objects.length; r++) {
    const fields: FieldValue[] = [];
    flattenParquetValue(objects[r], "", fields);
    if (fields.length > 0) sink.record({ fields, position: rowStart + r + 1 });
  }
}

/**
 * One row group, read one column at a time and each column one page at a time, screened; nothing
 * reaches the sink until `send` (memory: the group's per-row bookkeeping, one page, the window). Fields whose rows may need context (licence fields; generic ids beside a type
 * field of the same parent, and those type fields) are read first and keep their values for the
 * whole group; of the other fields only counts, values for the sink, and at context rows presence
 * (and the values of the fields siblings read) are kept.
 */
class GroupScreen {
  private readonly first: boolean[];
  private readonly typedGeneric: boolean[];
  /** Per column: values counted, values for the sink in row order. */
  private readonly counted: number[];
  private readonly sendValues: string[][];
  /** First columns: all values of the group (null when empty), and rows examined in context. */
  private readonly kept: ((string | null)[] | null)[];
  private readonly inContext: (Uint8Array | null)[];
  /** Rows with a value; context rows in order, each row's slot, and per slot and column presence and context values. */
  private readonly hasValue: Uint8Array;
  private readonly contextRows: number[] = [];
  private readonly slotOf: Int32Array;
  private contextPresent: Uint8Array = new Uint8Array(0);
  /** Per column siblings read (ROLE_CONTEXT, not read first): its values at context rows, by slot. */
  private contextValues: ((string | null)[] | null)[] = [];
  private readonly scratch: FieldValue[] = [];

  constructor(
    private readonly columns: Column[],
    private readonly rows: number,
    private readonly sink: RecordSink,
  ) {
    const isTyped = (c: Column) =>
      (c.role & ROLE_GENERIC) !== 0 &&
      columns.some((t) => (t.role & ROLE_TYPE) !== 0 && t.parent === c.parent);
    const anyTyped = columns.some(isTyped);
    this.typedGeneric = columns.map(isTyped);
    this.first = columns.map(
      (c, i) =>
        (c.role & ROLE_BASE) === ROLE_RECORD ||
        (this.typedGeneric[i] as boolean) ||
        (anyTyped && (c.role & ROLE_TYPE) !== 0),
    );
    this.counted = columns.map(() => 0);
    this.sendValues = columns.map(() => []);
    this.kept = columns.map((_, i) => (this.first[i] ? new Array(rows).fill(null) : null));
    this.inContext = columns.map(() => null);
    this.hasValue = new Uint8Array(rows);
    this.slotOf = new Int32Array(rows).fill(-1);
  }

  /** Reads the group (file rows from `rowStart`). */
  async read(file: AsyncBuffer, schema: SchemaTree, group: RowGroup): Promise<void> {
    const { columns, rows } = this;
    const width = columns.length;
    for (let c = 0; c < width; c++) {
      if (!this.first[c]) continue;
      const kept = this.kept[c] as (string | null)[];
      await this.decode(file, schema, group, c, TEXT_ALWAYS, (r, _holds, text) => {
        this.hasValue[r] = 1;
        kept[r] = text;
      });
    }
    // Rows examined in context: licence values; ids whose type sibling (same parent) declares them.
    for (let c = 0; c < width; c++) {
      if (!this.first[c]) continue;
      const column = columns[c] as Column;
      const kept = this.kept[c] as (string | null)[];
      if ((column.role & ROLE_BASE) === ROLE_RECORD) {
        const rowsOf = new Uint8Array(rows);
        for (let r = 0; r < rows; r++) if (kept[r] !== null) rowsOf[r] = 1;
        this.inContext[c] = rowsOf;
      } else if (this.typedGeneric[c]) {
        const rowsOf = new Uint8Array(rows);
        for (let t = 0; t < width; t++) {
          const type = columns[t] as Column;
          if (t === c || (type.role & ROLE_TYPE) === 0 || type.parent !== column.parent) continue;
          const typeValues = this.kept[t] as (string | null)[];
          for (let r = 0; r < rows; r++) {
            const v = typeValues[r];
            if (kept[r] !== null && v !== null && v !== undefined && this.sink.declaresKind(v)) rowsOf[r] = 1;
          }
        }
        this.inContext[c] = rowsOf;
      }
    }
    for (let r = 0; r < rows; r++) {
      let context = false;
      for (let c = 0; c < width && !context; c++) context = this.inContext[c]?.[r] === 1;
      if (context) {
        this.slotOf[r] = this.contextRows.length;
        this.contextRows.push(r);
      }
    }
    this.contextPresent = new Uint8Array(this.contextRows.length * width);
    this.contextValues = columns.map((column, c) =>
      !this.first[c] && (column.role & ROLE_CONTEXT) !== 0
        ? new Array(this.contextRows.length).fill(null)
        : null,
    );
    for (let slot = 0; slot < this.contextRows.length; slot++) {
      const r = this.contextRows[slot] as number;
      for (let c = 0; c < width; c++) {
        const kept = this.kept[c];
        if (kept && kept[r] !== null) this.contextPresent[slot * width + c] = 1;
      }
    }
    // The other fields: counted or kept for the sink; presence and context values at context rows.
    for (let c = 0; c < width; c++) {
      if (this.first[c]) continue;
      const column = columns[c] as Column;
      const base = column.role & ROLE_BASE;
      const context = (column.role & ROLE_CONTEXT) !== 0;
      const values = this.sendValues[c] as string[];
      let counted = 0;
      const need: TextNeed = {
        always: false,
        atContext: context,
        counted: base === ROLE_COUNT,
        screened: base === ROLE_HITS,
      };
      await this.decode(file, schema, group, c, need, (r, holds, text) => {
        this.hasValue[r] = 1;
        const slot = this.slotOf[r] as number;
        if (slot >= 0) {
          this.contextPresent[slot * width + c] = 1;
          if (context) (this.contextValues[c] as (string | null)[])[slot] = text;
        }
        if (base === ROLE_COUNT || !holds) counted++;
        else values.push(text as string);
      });
      this.counted[c] = counted;
    }
  }

  /** Hands the group to the sink, field by field, each field's values in row order. */
  send(): void {
    const { columns, sink } = this;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as Column;
      if (!this.first[c]) {
        if ((this.counted[c] as number) > 0) sink.count(column.name, this.counted[c] as number);
        for (const value of this.sendValues[c] as string[]) sink.value(column.name, value);
        continue;
      }
      const kept = this.kept[c] as (string | null)[];
      const inContext = this.inContext[c];
      const base = column.role & ROLE_BASE;
      let counted = 0;
      for (let r = 0; r < this.rows; r++) {
        const text = kept[r];
        if (text === null || text === undefined) continue;
        if (inContext?.[r] === 1) this.examineInContext(c, this.slotOf[r] as number);
        else if (base === ROLE_COUNT || (base === ROLE_HITS && !mayHoldCandidate(text))) counted++;
        else sink.value(column.name, text);
      }
      if (counted > 0) sink.count(column.name, counted);
    }
    let records = 0;
    for (let r = 0; r < this.rows; r++) records += this.hasValue[r] as number;
    if (records > 0) sink.screened(records);
  }

  /** Field c of a context row, through a record of the row's non-empty fields (placeholders aside). */
  private examineInContext(c: number, slot: number): void {
    const { columns } = this;
    const width = columns.length;
    const r = this.contextRows[slot] as number;
    const fields: FieldValue[] = [];
    let index = -1;
    for (let k = 0; k < width; k++) {
      if (this.contextPresent[slot * width + k] !== 1) continue;
      const value = this.first[k]
        ? (this.kept[k] as (string | null)[])[r]
        : (this.contextValues[k]?.[slot] ?? null);
      if (k === c) index = fields.length;
      fields.push({ path: (columns[k] as Column).name, value: value ?? "" });
    }
    this.sink.recordField({ fields, position: r + 1 }, index);
  }

  /**
   * Decodes column c of the group page by page; `each` gets the rows with a non-empty value in
   * order, whether the value may hold a candidate (true unless `need.screened`), and its text when
   * `need` asks for it (else null): string pages make a string only for those values.
   */
  private async decode(
    file: AsyncBuffer,
    schema: SchemaTree,
    group: RowGroup,
    c: number,
    need: TextNeed,
    each: (r: number, holds: boolean, text: string | null) => void,
  ): Promise<void> {
    const column = this.columns[c] as Column;
    const { always, atContext, counted, screened } = need;
    const slotOf = this.slotOf;
    const wants = (r: number, holds: boolean) =>
      always || (!counted && holds) || (atContext && slotOf[r] !== -1);
    let dictionary: DecodedArray | null = null;
    let dictionaryCodes = new Int8Array(0);
    let dictionaryTexts: (string | null)[] = [];
    let r = 0;
    const pages = columnPages(file, schema, chunkOf(group, column), this.rows, { raw: true });
    for await (const page of pages) {
      if (page.values) {
        const values = page.values;
        for (let k = 0; k < values.length; k++, r++) {
          const text = scalarText(values[k], column.name, this.scratch);
          if (text === null) continue;
          each(r, !screened || mayHoldCandidate(text), text);
        }
        continue;
      }
      const { kind, rows, index, view, bytes, starts, ends, valuesAt } = page.raw;
      if (kind === "dictionary") {
        // Per dictionary entry, once: its text, and 0 empty, 1 cannot hold a candidate, 2 may.
        if (page.raw.dictionary !== dictionary) {
          dictionary = page.raw.dictionary as DecodedArray;
          dictionaryCodes = new Int8Array(dictionary.length).fill(-1);
          dictionaryTexts = new Array(dictionary.length).fill(null);
        }
        const entries = dictionary as DecodedArray;
        for (let k = 0; k < rows; k++, r++) {
          const key = index[k] as number;
          if (key < 0 || key >= entries.length) continue;
          let code = dictionaryCodes[key] as number;
          if (code === -1) {
            const text = scalarText(entries[key], column.name, this.scratch);
            dictionaryTexts[key] = text;
            code = text === null ? 0 : !screened || mayHoldCandidate(text) ? 2 : 1;
            dictionaryCodes[key] = code;
          }
          if (code !== 0) each(r, code === 2, dictionaryTexts[key] as string);
        }
        continue;
      }
      if (kind === "text") {
        for (let k = 0; k < rows; k++, r++) {
          const i = index[k] as number;
          if (i < 0) continue;
          const start = starts[i] as number;
          const end = ends[i] as number;
          if (start === end) continue;
          if (
            end - start >= 3 &&
            bytes[start] === 0xef &&
            bytes[start + 1] === 0xbb &&
            bytes[start + 2] === 0xbf
          ) {
            // The decoder drops a leading BOM: judge the string, as the whole-chunk path does.
            const text = UTF8.decode(bytes.subarray(start, end));
            if (text.length > 0) each(r, !screened || mayHoldCandidate(text), text);
            continue;
          }
          const holds = !screened || bytesMayHold(bytes, start, end);
          each(r, holds, wants(r, holds) ? UTF8.decode(bytes.subarray(start, end)) : null);
        }
        continue;
      }
      // Plain numbers: text as scalarText makes it; only a value with nine digits or more and a
      // sign, point or exponent may hold a candidate, so smaller integers are judged unread.
      for (let k = 0; k < rows; k++, r++) {
        const i = index[k] as number;
        if (i < 0) continue;
        let number: number;
        let big: bigint | null = null;
        switch (kind) {
          case "int32":
            number = view.getInt32(valuesAt + 4 * i, true);
            break;
          case "int64":
            number =
              view.getInt32(valuesAt + 8 * i + 4, true) * 4294967296 + view.getUint32(valuesAt + 8 * i, true);
            if (!Number.isSafeInteger(number)) big = view.getBigInt64(valuesAt + 8 * i, true);
            break;
          case "float":
            number = view.getFloat32(valuesAt + 4 * i, true);
            break;
          default:
            number = view.getFloat64(valuesAt + 8 * i, true);
        }
        if (!Number.isFinite(number)) continue;
        const small = Number.isInteger(number) && number > -1e8 && number < 1e8;
        if (small && !wants(r, !screened)) {
          each(r, !screened, null);
          continue;
        }
        const text =
          big !== null ? big.toString() : kind === "int64" ? String(BigInt(number)) : String(number);
        each(r, !screened || mayHoldCandidate(text), text);
      }
    }
  }
}

/** The column's chunk in a row group (by its leaf index, checked by name). */
function chunkOf(group: RowGroup, column: Column): ColumnChunk {
  const at = group.columns[column.leaf];
  if (at?.meta_data?.path_in_schema[0] === column.name) return at;
  const byName = group.columns.find((chunk) => chunk.meta_data?.path_in_schema[0] === column.name);
  if (!byName) throw new Error(`parquet row group has no column ${column.name}`);
  return byName;
}
