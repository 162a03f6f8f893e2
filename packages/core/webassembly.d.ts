// The part of the WebAssembly JS API that core/wasm.ts uses: the ES2023 lib and @types/node 20 do not
// declare it (it lives in the DOM lib), and Node 20 and 22 both provide it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
