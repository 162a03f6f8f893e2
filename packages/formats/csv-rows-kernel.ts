// The WebAssembly loop over plain CSV rows (wasm/csv-rows.c), one instance per screened unit
// at a time (units of one thread interleave at chunk boundaries), reused through a small pool.
import { instantiateWasm, wasmBytes } from "../core/wasm.ts";
import { WASM_BASE64 } from "./wasm/csv-rows.wasm.ts";

/** Columns the kernel knows (MAX_COLUMNS in csv-rows.c); rows with more are read by the JS. */
export const KERNEL_COLUMNS = 1024;
/** Zero bytes before the lines (the cue test reads two bytes back) and after (16-byte SIMD loads). */
const BEFORE = 16;
const AFTER = 32;

interface Exports {
  memory: WebAssembly.Memory;
  __heap_base: { value: number };
  roles(): number;
  counts(): number;
  screened(): number;
  status(): number;
  batch(): number;
  reset(): void;
  countRows(buf: number, start: number, end: number, delimiter: number, maxLine: number): number;
}

/** Cell flags in the batch (CELL_* in csv-rows.c). */
export const CELL_COUNTED = 1;
export const CELL_VALUE = 2;
export const CELL_LICENCE = 3;
/** The batch holds at most this many words (BATCH_WORDS in csv-rows.c). */
const BATCH_WORDS = 65536;

/**
 * The rows with values of the last countRows call, one after another: the row's number in the call (1
 * for the first row read), its cell count m, then m cells as (column << 2 | CELL_* flag, start, end),
 * bounds from the loaded lines' start. A row holds its value cells, or with a licence cell every
 * non-empty cell.
 */
export interface KernelBatch {
  words: Int32Array;
  /** Words used. */
  length: number;
}

export class CsvRowsKernel {
  private readonly exports: Exports;
  private readonly input: number;
  private bytes: Uint8Array;
  private status = new Int32Array(0);
  private readonly rows: KernelBatch = { words: new Int32Array(0), length: 0 };

  constructor() {
    this.exports = instantiateWasm("csv-rows", WASM_BASE64).exports as unknown as Exports;
    this.input = this.exports.__heap_base.value + BEFORE;
    this.bytes = wasmBytes(this.exports.memory, this.input + AFTER);
    this.exports.reset();
  }

  /** Copies buf[start, end) (whole lines) into the kernel; offsets in countRows are then from start. */
  load(buf: Uint8Array, start: number, end: number): void {
    const need = this.input + (end - start) + AFTER;
    if (this.bytes.length < need || this.bytes.buffer !== this.exports.memory.buffer)
      this.bytes = wasmBytes(this.exports.memory, need);
    this.bytes.set(buf.subarray(start, end), this.input);
    this.bytes.fill(0, this.input + (end - start), need);
  }

  /** The roles of the first columns (the rest stay unknown: rows reaching them stop the kernel). */
  setRoles(roles: Int32Array): void {
    const view = new Int32Array(this.exports.memory.buffer, this.exports.roles(), KERNEL_COLUMNS);
    view.set(roles.subarray(0, Math.min(roles.length, KERNEL_COLUMNS)));
  }

  /**
   * Reads plain rows from offset `from` of the loaded lines up to `to`; returns where it stopped: at
   * `to`, when the batch is full (batchFull), before a row it does not read (unknownColumn says when an
   * unknown column stopped it). `rowsRead` counts the rows read, `batch` lists those with values.
   */
  countRows(from: number, to: number, delimiter: number, maxLine: number): number {
    const stop = this.exports.countRows(this.input, from, to, delimiter, maxLine);
    if (this.status.buffer !== this.exports.memory.buffer) this.views();
    return stop;
  }

  get rowsRead(): number {
    return this.status[0] as number;
  }

  /** Whether the last call stopped because its batch was full (it reads on when called again). */
  get batchFull(): boolean {
    return this.status[1] === 1;
  }

  get unknownColumn(): number {
    return this.status[2] as number;
  }

  /** The rows with values of the last call; null when there were none. */
  batch(): KernelBatch | null {
    if (this.status[4] === 0) return null;
    this.rows.length = this.status[3] as number;
    return this.rows;
  }

  /** Views of the kernel's status and batch (again after the memory grows). */
  private views(): void {
    const e = this.exports;
    const buffer = e.memory.buffer;
    this.status = new Int32Array(buffer, e.status(), 5);
    this.rows.words = new Int32Array(buffer, e.batch(), BATCH_WORDS);
  }

  /** Adds the kernel's column counts into `counts` (indexed by column) and returns its screened rows. */
  drain(counts: Float64Array): number {
    const view = new Float64Array(this.exports.memory.buffer, this.exports.counts(), KERNEL_COLUMNS);
    const n = Math.min(counts.length, KERNEL_COLUMNS);
    for (let k = 0; k < n; k++) counts[k] = (counts[k] as number) + (view[k] as number);
    const screened = this.exports.screened();
    this.exports.reset();
    return screened;
  }
}

const pool: CsvRowsKernel[] = [];

export function acquireKernel(): CsvRowsKernel {
  return pool.pop() ?? new CsvRowsKernel();
}

/** Back to the pool, drained (a unit abandoned mid-way simply never returns its kernel). */
export function releaseKernel(kernel: CsvRowsKernel): void {
  if (pool.length < 4) pool.push(kernel);
}
