// SNAPPY pages decompressed in WebAssembly (wasm/snappy.c) into an array the caller reuses from page to
// page: no new array per page. A page is promoted to the old generation when it outlives a few
// scavenges (a column's page stays while the slabs read through it), so a new array per page piles
// up as garbage until a full collection; a column's reused array does not. One module memory per
// thread serves every column (the page is copied out of it, as hysnappy copies it).
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

let shared: { exports: SnappyExports; base: number } | null = null;

/** Decompresses `compressed` into `out` (exactly `out.length` bytes); throws on corrupt input. */
export function snappyInto(compressed: Uint8Array, out: Uint8Array): Uint8Array {
  if (shared === null) {
    const exports = instantiateWasm("snappy", WASM_BASE64).exports as unknown as SnappyExports;
    // 16-byte aligned: the output area first (SIMD copies), the compressed page after it.
    shared = { exports, base: (exports.__heap_base.value + 15) & ~15 };
  }
  const { exports, base } = shared;
  const size = out.length;
  const input = base + size;
  const memory = wasmBytes(exports.memory, input + compressed.length);
  memory.set(compressed, input);
  const status = exports.uncompress(input, compressed.length, base, size);
  if (status !== 0) throw new Error(`snappy: ${ERRORS[status] ?? `error ${status}`}`);
  out.set(memory.subarray(base, base + size));
  return out;
}
