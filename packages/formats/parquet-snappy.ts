// SNAPPY pages of one column decompressed into the same memory page after page (wasm/snappy.c): no new
// array per page. A page is promoted to the old generation when it outlives a few scavenges (a column's
// page stays while the slabs read through it), so new arrays per page pile up as garbage until a full
// collection; one reused memory per column does not.
import { instantiateWasm, wasmBytes } from "../core/wasm.ts";
import { WASM_BASE64 } from "./wasm/snappy.wasm.ts";

interface SnappyExports {
  memory: WebAssembly.Memory;
  __heap_base: { value: number };
  uncompress(input: number, inputLength: number, output: number, outputLength: number): number;
}

const ERRORS: Record<number, string> = {
  [-1]: "length header does not match the page size",
  [-2]: "input truncated",
  [-3]: "back-reference before the start",
  [-4]: "output overflows the page size",
  [-5]: "output shorter than the page size",
};

export class SnappyPages {
  private readonly exports: SnappyExports;
  private readonly base: number;

  constructor() {
    this.exports = instantiateWasm("snappy", WASM_BASE64).exports as unknown as SnappyExports;
    // 16-byte aligned: the output area first (SIMD copies), the compressed page after it.
    this.base = (this.exports.__heap_base.value + 15) & ~15;
  }

  /**
   * The page decompressed: a view of this decompressor's memory, valid until its next call (the page
   * is read before the next one is decompressed). Throws on corrupt input.
   */
  uncompress(compressed: Uint8Array, size: number): Uint8Array {
    const input = this.base + size;
    const memory = wasmBytes(this.exports.memory, input + compressed.length);
    memory.set(compressed, input);
    const status = this.exports.uncompress(input, compressed.length, this.base, size);
    if (status !== 0) throw new Error(`snappy: ${ERRORS[status] ?? `error ${status}`}`);
    return memory.subarray(this.base, this.base + size);
  }
}
