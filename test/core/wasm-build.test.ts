// The committed WebAssembly modules are what their C sources build to (clang + lld: .ci/run installs them).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildModule, wasmSources } from "../../packages/core/scripts/build-wasm.ts";

const sources = wasmSources();

describe.skipIf(sources.length === 0)("packages/*/wasm", () => {
  it.each(sources.map((s) => [s.slice(s.indexOf("packages")), s]))(
    "%s matches its committed build",
    (_, source) => {
      const committed = readFileSync(source.replace(/\.c$/, ".wasm.ts"), "utf8");
      expect(buildModule(source)).toBe(committed);
    },
  );
});
