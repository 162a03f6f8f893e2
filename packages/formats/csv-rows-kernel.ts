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
  cellFlags(): number;
  cellStarts(): number;
  cellEnds(): number;
  reset(): void;
  countRows(buf: number, start: number, end: number, delimiter: number, maxLine: number): number;
}

/** Cell flags of a row with values (CELL_* in csv-rows.c). */
export const CELL_EMPTY = 0;
export const CELL_VALUE = 2;
export const CELL_LICENCE = 3;

/** The cells of the row the kernel stopped after: flags, and bounds from the loaded lines' start. */
export interface KernelRow {
  count: number;
  flags: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

export class CsvRowsKernel {
  private readonly exports: Exports;
  private readonly input: number;
  private bytes: Uint8Array;
  private status = new Int32Array(0);
  private row: KernelRow = {
    count: 0,
    flags: new Uint8Array(0),
    starts: new Int32Array(0),
    ends: new Int32Array(0),
  };

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
   * Reads plain rows from offset `from` of the loaded lines up to `to`; returns where it stopped: after
   * a row with values for the sink (rowWithValues), before a row it does not read (unknownColumn says
   * when an unknown column stopped it), or at `to`. `rowsRead` counts the rows read.
   */
  countRows(from: number, to: number, delimiter: number, maxLine: number): number {
    const stop = this.exports.countRows(this.input, from, to, delimiter, maxLine);
    if (this.status.buffer !== this.exports.memory.buffer) this.views();
    return stop;
  }

  get rowsRead(): number {
    return this.status[0] as number;
  }

  /** The row the last call stopped after, when it holds values for the sink. */
  rowWithValues(): KernelRow | null {
    if (this.status[1] !== 1) return null;
    this.row.count = this.status[3] as number;
    return this.row;
  }

  get unknownColumn(): number {
    return this.status[2] as number;
  }

  /** Views of the kernel's status and cell table (again after the memory grows). */
  private views(): void {
    const e = this.exports;
    const buffer = e.memory.buffer;
    this.status = new Int32Array(buffer, e.status(), 4);
    this.row = {
      count: 0,
      flags: new Uint8Array(buffer, e.cellFlags(), KERNEL_COLUMNS),
      starts: new Int32Array(buffer, e.cellStarts(), KERNEL_COLUMNS),
      ends: new Int32Array(buffer, e.cellEnds(), KERNEL_COLUMNS),
    };
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
