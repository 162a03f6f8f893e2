// The batch worker as one JavaScript file. esbuild bundles batch-worker.ts and everything it imports
// (the WebAssembly modules are base64 TS modules, so plain code): a thread starts by loading one file,
// not by registering tsx and transpiling every module through a loader-hooks thread of its own.
// The file is cached in a private directory under os.tmpdir(), named by the hash of its inputs'
// contents (listed in a manifest written beside it): a process whose sources are unchanged reuses it
// without bundling. Bundled once per process at most; nothing here runs unless threads are used
// (never on Lambda), and esbuild is imported by a computed name so Lambda bundles leave it out.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Esbuild from "esbuild";
import { z } from "zod";

export class WorkerBundleError extends Error {
  override name = "WorkerBundleError";
}

export interface WorkerBundle {
  /** The bundled entry, for `new Worker(url)`. */
  url: URL;
  /** True when this process bundled it; false when an unchanged cached bundle was reused. */
  built: boolean;
}

/** Bumped when the build options change, so older cached bundles are not reused. */
const BUNDLE_FORMAT = 1;
const ESBUILD = "esbuild";
// esbuild's ESM output turns CommonJS require() calls of bundled packages into __require, which needs
// a real require in scope.
const REQUIRE_SHIM = `import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);`;

/** How every bundle of the project is built to run on Node (threads, bench children, tests of the handlers). */
export const NODE_ESM_BUNDLE = {
  bundle: true,
  platform: "node",
  format: "esm",
  banner: { js: REQUIRE_SHIM },
} as const satisfies Esbuild.BuildOptions;

const Manifest = z.object({ format: z.literal(BUNDLE_FORMAT), inputs: z.array(z.string()).min(1) });

let pending: Promise<WorkerBundle> | null = null;

/** The bundled batch worker entry: bundled (or found in the cache) once per process. */
export function batchWorkerBundle(): Promise<WorkerBundle> {
  pending ??= buildWorkerBundle(bundleDirectory()).catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** The directory of cached bundles: this user's, created 0700, refused when anyone else could write it. */
export function bundleDirectory(): string {
  return path.join(os.tmpdir(), `exposure-audit-workers-${process.getuid?.() ?? "user"}`);
}

/** The bundle in `directory`: reused when its inputs are unchanged, else bundled and cached there. */
export async function buildWorkerBundle(directory: string): Promise<WorkerBundle> {
  try {
    return await loadOrBuild(directory);
  } catch (error) {
    if (error instanceof WorkerBundleError) throw error;
    throw new WorkerBundleError(`could not bundle the worker thread entry: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function loadOrBuild(directory: string): Promise<WorkerBundle> {
  // Resolved here, not at import: a CommonJS bundle of this module has no import.meta.url.
  const entry = fileURLToPath(new URL("./batch-worker.ts", import.meta.url));
  const root = path.resolve(path.dirname(entry), "../../../..");
  const esbuild = (await import(ESBUILD)) as typeof Esbuild;
  const dir = await privateDirectory(directory);
  const optionsKey = sha256(JSON.stringify([BUNDLE_FORMAT, esbuild.version, entry])).slice(0, 16);
  const manifestFile = path.join(dir, `batch-worker-${optionsKey}.json`);

  const cached = await readManifest(manifestFile);
  if (cached) {
    const hash = hashInputs(root, optionsKey, cached.inputs, null);
    const file = hash && bundleFile(dir, hash);
    if (file && (await isFile(file))) {
      const now = new Date();
      await utimes(file, now, now); // in use: not pruned
      return { url: pathToFileURL(file), built: false };
    }
  }

  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    ...NODE_ESM_BUNDLE,
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles?.[0]?.contents;
  if (!code) throw new WorkerBundleError("bundling the worker thread entry produced no output");
  // The lock file too: a package update can change which file an unchanged import resolves to.
  const inputs = [...Object.keys(result.metafile.inputs), "package-lock.json"].sort();
  // Not cached when an input changed while it was bundled: the hash would not describe the bundle.
  const hash = hashInputs(root, optionsKey, inputs, started);
  if (!hash) {
    const once = path.join(dir, `batch-worker-${process.pid}-${randomBytes(6).toString("hex")}.mjs`);
    await writeAtomically(once, code);
    return { url: pathToFileURL(once), built: true };
  }
  const file = bundleFile(dir, hash);
  await writeAtomically(file, code);
  await writeAtomically(manifestFile, JSON.stringify({ format: BUNDLE_FORMAT, inputs }));
  await pruneUnused(dir);
  return { url: pathToFileURL(file), built: true };
}

/** Bundles of other sources, and leftovers of interrupted writes, unused for this long are deleted. */
const UNUSED_MS = 7 * 24 * 3600 * 1000;

async function pruneUnused(dir: string): Promise<void> {
  const cutoff = Date.now() - UNUSED_MS;
  for (const name of await readdir(dir)) {
    if (!/^batch-worker-.*\.(mjs|tmp)$/.test(name)) continue;
    const file = path.join(dir, name);
    const info = await lstat(file).catch(() => null);
    if (info && info.mtimeMs < cutoff) await rm(file, { force: true });
  }
}

const bundleFile = (dir: string, hash: string) => path.join(dir, `batch-worker-${hash.slice(0, 32)}.mjs`);
const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

async function privateDirectory(dir: string): Promise<string> {
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const info = await lstat(dir);
  const uid = process.getuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o077) !== 0) {
    throw new WorkerBundleError(
      `${dir} is not a directory only this user can write (refusing to load worker code from it)`,
    );
  }
  return dir;
}

async function readManifest(file: string): Promise<z.infer<typeof Manifest> | null> {
  try {
    return Manifest.parse(JSON.parse(await readFile(file, "utf8")));
  } catch {
    return null; // missing or unreadable: bundle anew
  }
}

/**
 * One hash over the build options and every input's path and contents (so a bundle's name says how
 * and from what it was built); null when an input cannot be read, or (with `since`)
 * was modified at or after `since` (ms). Read synchronously: ~800 small files, once per process, where
 * a promise per file costs ten times the CPU.
 */
function hashInputs(root: string, options: string, inputs: string[], since: number | null): string | null {
  const hash = createHash("sha256").update(`${options}\0`);
  for (const input of inputs) {
    const file = path.resolve(root, input);
    try {
      if (since !== null && statSync(file).mtimeMs >= since) return null;
      hash.update(`${input}\0${sha256(readFileSync(file))}\0`);
    } catch {
      return null;
    }
  }
  return hash.digest("hex");
}

async function isFile(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => null))?.isFile() ?? false;
}

/** Written under a unique name, then renamed: readers see the whole file or none. */
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, data, { mode: 0o600, flag: "wx" });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
