// Each Lambda handler as it is deployed: bundled by esbuild into one ES module (as SST does for
// nodejs22.x) and imported from a directory far from the repository, so a module that reads a file
// beside its source at import (package.json, a template) fails here and not on a cold start.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { NODE_ESM_BUNDLE } from "../../packages/engine/phases/threads/worker-bundle.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const HANDLERS = ["plan", "scan", "seal", "finalize"];

let root: string | null = null;
afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

describe("the Lambda handlers, bundled", () => {
  it.each(HANDLERS)(
    "%s imports from its bundle alone and exports a handler",
    async (name) => {
      root ??= await mkdtemp(path.join(tmpdir(), "ea-bundle-"));
      const result = await build({
        entryPoints: [path.join(ROOT, "functions", `${name}.ts`)],
        absWorkingDir: ROOT,
        ...NODE_ESM_BUNDLE,
        target: "node22",
        write: false,
        logLevel: "silent",
      });
      const code = result.outputFiles[0]?.contents;
      expect(code).toBeDefined();
      const file = path.join(root, name, "deep", "inside", `${name}.mjs`);
      await import("node:fs/promises").then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
      await writeFile(file, code as Uint8Array);
      const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      expect(typeof module.handler).toBe("function");
    },
    60_000,
  );
});
