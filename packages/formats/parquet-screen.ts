// Parquet for a screening sink (see RecordSink in core/records.ts): flat schemas are read one column
// at a time, never as row objects.
import {
  type AsyncBuffer,
  type ColumnChunk,
  type DecodedArray,
  type FileMetaData,
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
  numberText,
  type RowGroupSpan,
  readGroupRows,
  readParquet,
  rowGroupsWithinCap,
} from "./parquet.ts";
import {
  type ColumnPage,
  columnPages,
  PAGE_WINDOW_BYTES,
  PageBuffers,
  PageReadError,
} from "./parquet-pages.ts";
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
      return Number.isFinite(value) ? numberText(value) : null;
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

/** Rows of a row group screened and handed to the sink at a time (see screenParquet). */
export const SLAB_ROWS = 8_192;

/** Bytes of ranged reads held at once for a row group's columns, shared by their chunks' sizes. */
const GROUP_WINDOW_BYTES = 2 * PAGE_WINDOW_BYTES;

/** Least bytes per ranged read of one column chunk (a small chunk is read in one go anyway). */
const MIN_COLUMN_WINDOW_BYTES = 64 * 1024;

export interface ScreenParquetOptions {
  /** Rows per slab (default SLAB_ROWS); tests set it small. */
  slabRows?: number;
}

/**
 * readParquet for a screening sink. A flat schema is read one row group at a time, and each row
 * group in slabs of `slabRows` rows: every column chunk is read page by page through its own page
 * cursor (parquet-pages.ts: bounded ranged reads, values left as bytes where the page allows, a
 * string made only for a value the screen needs), advanced to the slab's last row. Per slab the
 * values are counted, those that may hold a candidate (and all of SSN fields) are kept, and licence
 * fields (and generic ids a type sibling declares) are examined last through a context record of
 * their row (the row's non-empty fields in order; real values for the fields siblings read: a
 * row's fields all lie in its slab); then the slab goes to the sink and is dropped, so memory
 * follows a slab and one page per column, not the row group. A slab that cannot be read (corrupt
 * page) is noted with the rest of its row group as unreadable and skipped; the slabs before it
 * were counted. Other schemas are read as rows (readParquet).
 */
export async function* screenParquet(
  file: AsyncBuffer,
  metadata: FileMetaData,
  fetched: () => number,
  limits: ReadLimits,
  notes: NoteBook,
  sink: RecordSink,
  options: ScreenParquetOptions = {},
): AsyncGenerator<ScanRecord[]> {
  const columns = flatColumns(metadata, sink);
  if (columns === null) {
    yield* readParquet(file, metadata, fetched, limits, notes);
    return;
  }
  const schema = parquetSchema(metadata);
  const slabRows = Math.max(1, options.slabRows ?? SLAB_ROWS);
  const plan = new SlabPlan(columns);
  // Per column, reused by its chunks in every row group.
  const buffers = columns.map(() => new PageBuffers());
  const slabArrays = new SlabArrays(plan, slabRows);
  for (const span of rowGroupsWithinCap(metadata, fetched, limits, notes)) {
    const rows = span.rowEnd - span.rowStart;
    let cursors: ColumnCursor[] = [];
    let from = 0;
    try {
      cursors = groupCursors(
        file,
        schema,
        metadata.row_groups[span.index] as RowGroup,
        columns,
        rows,
        buffers,
      );
      for (; from < rows; from += slabRows) {
        const slab = new SlabScreen(
          plan,
          Math.min(slabRows, rows - from),
          span.rowStart + from,
          sink,
          slabArrays,
        );
        await slab.read(cursors);
        slab.send();
      }
    } catch (error) {
      const rest = { ...span, rowStart: span.rowStart + from };
      if (error instanceof NotScalar) await rowsOfGroup(file, metadata, rest, sink, notes);
      else noteUnreadableGroup(notes, rest, span.rowStart);
    } finally {
      for (const cursor of cursors) await cursor.close();
    }
  }
}

/** One page cursor per column of a row group, each reading through a share of GROUP_WINDOW_BYTES. */
function groupCursors(
  file: AsyncBuffer,
  schema: SchemaTree,
  group: RowGroup,
  columns: Column[],
  rows: number,
  buffers: PageBuffers[],
): ColumnCursor[] {
  const chunks = columns.map((column) => chunkOf(group, column));
  const sizeOf = (chunk: ColumnChunk) => Number(chunk.meta_data?.total_compressed_size ?? 0);
  const total = Math.max(
    1,
    chunks.reduce((sum, chunk) => sum + sizeOf(chunk), 0),
  );
  return columns.map((column, c) => {
    const chunk = chunks[c] as ColumnChunk;
    const windowBytes = Math.max(
      MIN_COLUMN_WINDOW_BYTES,
      Math.floor((GROUP_WINDOW_BYTES * sizeOf(chunk)) / total),
    );
    const pages = columnPages(file, schema, chunk, rows, { raw: true, windowBytes, buffers: buffers[c] });
    return new ColumnCursor(column, pages);
  });
}

/** A row group as rows, whole records to the sink (values that are not scalars). */
async function rowsOfGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  span: RowGroupSpan,
  sink: RecordSink,
  notes: NoteBook,
): Promise<void> {
  const { rowStart } = span;
  const objects = await readGroupRows(file, metadata, span, notes);
  if (!objects) return;
  for (let r = 0; r < objects.length; r++) {
    const fields: FieldValue[] = [];
    flattenParquetValue(objects[r], "", fields);
    if (fields.length > 0) sink.record({ fields, position: rowStart + r + 1 });
  }
}

/**
 * Which columns of a schema are read first in a slab and keep their values: fields whose rows may
 * need context (licence fields; generic ids beside a type field of the same parent, and those type
 * fields). Computed once per file.
 */
class SlabPlan {
  readonly first: boolean[];
  readonly typedGeneric: boolean[];

  constructor(readonly columns: Column[]) {
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
  }
}

/**
 * The per-row arrays of a slab, made once per file and reset for each slab: a slab outlives several
 * scavenges (it waits on page reads), so arrays made per slab would be promoted, and its arrays of
 * values, large objects, are old from the start; either way garbage until a full collection.
 */
class SlabArrays {
  /** First columns: their values by row (else null). */
  readonly kept: ((string | null)[] | null)[];
  /** Licence fields and typed generic ids: their rows examined in context (else null). */
  readonly inContext: (Uint8Array | null)[];
  readonly hasValue: Uint8Array;
  readonly slotOf: Int32Array;

  constructor(plan: SlabPlan, rows: number) {
    const { columns, first, typedGeneric } = plan;
    this.kept = columns.map((_, i) => (first[i] ? new Array<string | null>(rows).fill(null) : null));
    this.inContext = columns.map((c, i) =>
      first[i] && ((c.role & ROLE_BASE) === ROLE_RECORD || typedGeneric[i]) ? new Uint8Array(rows) : null,
    );
    this.hasValue = new Uint8Array(rows);
    this.slotOf = new Int32Array(rows);
  }

  /** Cleared for a slab of `rows` rows. */
  reset(rows: number): void {
    for (const kept of this.kept) kept?.fill(null, 0, rows);
    for (const inContext of this.inContext) inContext?.fill(0, 0, rows);
    this.hasValue.fill(0, 0, rows);
    this.slotOf.fill(-1, 0, rows);
  }
}

/**
 * One slab of a row group's rows, read column by column from the columns' page cursors, screened;
 * nothing reaches the sink until `send` (memory: the slab's per-row bookkeeping). The first
 * columns (SlabPlan) are read first and keep their values for the slab; of the other fields only
 * counts, values for the sink, and at context rows presence (and the values of the fields siblings
 * read) are kept.
 */
class SlabScreen {
  private readonly columns: Column[];
  private readonly first: boolean[];
  private readonly typedGeneric: boolean[];
  /** Per column: values counted, values for the sink in row order. */
  private readonly counted: number[];
  private readonly sendValues: string[][];
  /** First columns: all values of the slab (null when empty), and rows examined in context. */
  private readonly kept: ((string | null)[] | null)[];
  private readonly inContext: (Uint8Array | null)[];
  /** Rows with a value; context rows in order, each row's slot, and per slot and column presence and context values. */
  private readonly hasValue: Uint8Array;
  private readonly contextRows: number[] = [];
  private readonly slotOf: Int32Array;
  private contextPresent: Uint8Array = new Uint8Array(0);
  /** Per column siblings read (ROLE_CONTEXT, not read first): its values at context rows, by slot. */
  private contextValues: ((string | null)[] | null)[] = [];

  constructor(
    plan: SlabPlan,
    private readonly rows: number,
    /** The file row (0-based) of the slab's first row. */
    private readonly rowStart: number,
    private readonly sink: RecordSink,
    arrays: SlabArrays,
  ) {
    this.columns = plan.columns;
    this.first = plan.first;
    this.typedGeneric = plan.typedGeneric;
    this.counted = this.columns.map(() => 0);
    this.sendValues = this.columns.map(() => []);
    arrays.reset(rows);
    this.kept = arrays.kept;
    this.inContext = arrays.inContext;
    this.hasValue = arrays.hasValue;
    this.slotOf = arrays.slotOf;
  }

  /** Reads the slab's rows from each column's cursor (which then stands at the next slab). */
  async read(cursors: ColumnCursor[]): Promise<void> {
    const { columns, rows } = this;
    const width = columns.length;
    for (let c = 0; c < width; c++) {
      if (!this.first[c]) continue;
      const kept = this.kept[c] as (string | null)[];
      await (cursors[c] as ColumnCursor).take(rows, TEXT_ALWAYS, this.slotOf, (r, _holds, text) => {
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
        const rowsOf = this.inContext[c] as Uint8Array;
        for (let r = 0; r < rows; r++) if (kept[r] !== null) rowsOf[r] = 1;
      } else if (this.typedGeneric[c]) {
        const rowsOf = this.inContext[c] as Uint8Array;
        for (let t = 0; t < width; t++) {
          const type = columns[t] as Column;
          if (t === c || (type.role & ROLE_TYPE) === 0 || type.parent !== column.parent) continue;
          const typeValues = this.kept[t] as (string | null)[];
          for (let r = 0; r < rows; r++) {
            const v = typeValues[r];
            if (kept[r] !== null && v !== null && v !== undefined && this.sink.declaresKind(v)) rowsOf[r] = 1;
          }
        }
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
      await (cursors[c] as ColumnCursor).take(rows, need, this.slotOf, (r, holds, text) => {
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

  /** Hands the slab to the sink, field by field, each field's values in row order. */
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
    this.sink.recordField({ fields, position: this.rowStart + r + 1 }, index);
  }
}

/** What a column's cursor calls for each row with a non-empty value (slab row, may hold, text). */
type EachValue = (r: number, holds: boolean, text: string | null) => void;

/**
 * A column chunk read across the slabs of its row group: its page iterator, the page being read and
 * how far, and the chunk's dictionary entries judged once.
 */
class ColumnCursor {
  private page: ColumnPage | null = null;
  private pageRows = 0;
  private at = 0;
  private dictionary: DecodedArray | null = null;
  private dictionaryCodes = new Int8Array(0);
  private dictionaryTexts: (string | null)[] = [];
  private readonly scratch: FieldValue[] = [];

  constructor(
    private readonly column: Column,
    private readonly pages: AsyncGenerator<ColumnPage>,
  ) {}

  /**
   * The column's next `rows` rows, page by page; `each` gets the rows (0-based in the slab) with a
   * non-empty value in order, whether the value may hold a candidate (true unless `need.screened`),
   * and its text when `need` asks for it (else null; `slotOf` marks context rows): string pages make
   * a string only for those values.
   */
  async take(rows: number, need: TextNeed, slotOf: Int32Array, each: EachValue): Promise<void> {
    let r = 0;
    while (r < rows) {
      if (this.page === null || this.at >= this.pageRows) {
        const next = await this.pages.next();
        if (next.done) throw new PageReadError("parquet column chunk ended before its row group");
        this.page = next.value;
        this.pageRows = next.value.values ? next.value.values.length : next.value.raw.rows;
        this.at = 0;
        continue;
      }
      const to = Math.min(this.pageRows, this.at + rows - r);
      this.visit(this.page, this.at, to, r, need, slotOf, each);
      r += to - this.at;
      this.at = to;
      // A page read to its end is let go now, not when the next slab pulls the next page.
      if (to >= this.pageRows) this.page = null;
    }
  }

  /** Stops the page iterator (a row group left early). */
  async close(): Promise<void> {
    this.page = null;
    await this.pages.return(undefined);
  }

  /** Rows [from, to) of a page, the first being slab row `r`. */
  private visit(
    page: ColumnPage,
    from: number,
    to: number,
    r: number,
    need: TextNeed,
    slotOf: Int32Array,
    each: EachValue,
  ): void {
    const column = this.column;
    const { always, atContext, counted, screened } = need;
    const wants = (r: number, holds: boolean) =>
      always || (!counted && holds) || (atContext && slotOf[r] !== -1);
    if (page.values) {
      const values = page.values;
      for (let k = from; k < to; k++, r++) {
        const text = scalarText(values[k], column.name, this.scratch);
        if (text === null) continue;
        each(r, !screened || mayHoldCandidate(text), text);
      }
      return;
    }
    const raw = page.raw;
    const { kind, defined, view, bytes, valuesAt } = raw;
    // The page's rows are read once, in order: `next` / `nextAt` carry on from the last visit.
    if (kind === "dictionary") {
      // Per dictionary entry, once: its text, and 0 empty, 1 cannot hold a candidate, 2 may.
      if (page.raw.dictionary !== this.dictionary) {
        this.dictionary = page.raw.dictionary as DecodedArray;
        this.dictionaryCodes = new Int8Array(this.dictionary.length).fill(-1);
        this.dictionaryTexts = new Array(this.dictionary.length).fill(null);
      }
      const entries = this.dictionary as DecodedArray;
      const { dictionaryCodes, dictionaryTexts } = this;
      const keys = raw.keys;
      let next = raw.next;
      for (let k = from; k < to; k++, r++) {
        if (defined !== null && defined[k] === 0) continue;
        const key = keys[next++] as number;
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
      raw.next = next;
      return;
    }
    if (kind === "text") {
      // Each value: its 4-byte length, then its bytes (bounds checked when the page was read).
      let at = raw.nextAt;
      for (let k = from; k < to; k++, r++) {
        if (defined !== null && defined[k] === 0) continue;
        const start = at + 4;
        const end = start + view.getUint32(at, true);
        at = end;
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
      raw.nextAt = at;
      return;
    }
    // Plain numbers: text as scalarText makes it; only a value with nine digits or more and a
    // sign, point or exponent may hold a candidate, so smaller integers are judged unread.
    let next = raw.next;
    for (let k = from; k < to; k++, r++) {
      if (defined !== null && defined[k] === 0) continue;
      const i = next++;
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
      // (A safe int64 reads as its BigInt does: the same digits.)
      const text = big !== null ? big.toString() : numberText(number);
      each(r, !screened || mayHoldCandidate(text), text);
    }
    raw.next = next;
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
