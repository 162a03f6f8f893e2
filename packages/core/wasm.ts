// WebAssembly modules of the hot loops (packages/*/wasm/*.c, built by `npm run build:wasm` into
// base64 modules beside their source): compiled once per thread, instantiated synchronously, so the
// same code runs under tsx, in worker threads and in the Lambda bundle without loaders or files.

const modules = new Map<string, WebAssembly.Module>();

/** A fresh instance of a module given as base64 (its exports are the C functions and `memory`). */
export function instantiateWasm(name: string, base64: string): WebAssembly.Instance {
  let module = modules.get(name);
  if (!module) {
    module = new WebAssembly.Module(Buffer.from(base64, "base64"));
    modules.set(name, module);
  }
  return new WebAssembly.Instance(module, {});
}

/** Grows `memory` so that it holds at least `bytes`, and returns its current buffer as bytes. */
export function wasmBytes(memory: WebAssembly.Memory, bytes: number): Uint8Array {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
  return new Uint8Array(memory.buffer);
}
