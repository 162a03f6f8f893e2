// The bench's measuring child (child.ts) as one JavaScript file, bundled by esbuild as the Lambda
// handlers and the worker threads are: its CPU and peak RSS are the scanner's, without tsx (its
// loader thread and transpiled-module caches add ~45 MB and the loading CPU of a development run;
// `--tsx` on the bench measures that way instead). Bundled once per bench process into a private
// temporary directory, removed at exit.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { NODE_ESM_BUNDLE } from "../packages/engine/phases/threads/worker-bundle.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

let bundled: string | null = null;

function bundle(): string {
  if (bundled) return bundled;
  const dir = mkdtempSync(path.join(os.tmpdir(), "exposure-audit-bench-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "child.mjs");
  buildSync({
    entryPoints: [path.join(HERE, "child.ts")],
    absWorkingDir: path.dirname(HERE),
    ...NODE_ESM_BUNDLE,
    target: "node20",
    outfile: file,
    logLevel: "error",
  });
  bundled = file;
  return file;
}

/** The node arguments that run child.ts: its bundle, or (tsx) the TypeScript through tsx. */
export function childArgs(tsx: boolean): string[] {
  return tsx ? ["--import", "tsx", path.join(HERE, "child.ts")] : [bundle()];
}
