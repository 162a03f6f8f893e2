// `npm run schema`: writes schemas/*.schema.json at the repo root from the zod schemas.
// `npm run schema -- --check`: exits 1 when the committed files differ from freshly generated ones.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { jsonSchemaFiles } from "../../report/json-schema.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const outDir = join(root, "schemas");
const check = process.argv.includes("--check");

let stale = 0;
await mkdir(outDir, { recursive: true });
for (const [name, text] of Object.entries(jsonSchemaFiles())) {
  const path = join(outDir, name);
  const current = await readFile(path, "utf8").catch(() => null);
  if (current === text) continue;
  if (check) {
    stale++;
    console.error(`${relative(root, path)} is out of date: run npm run schema`);
  } else {
    await writeFile(path, text, "utf8");
    console.log(`wrote ${relative(root, path)}`);
  }
}
if (stale > 0) process.exitCode = 1;
