// Single-core scanner throughput on a generated ~100 MB customer CSV (ids, names, emails, SSNs, license
// numbers and states, 1 in 4 rows with an SSN-shaped value): the figure the README's cost estimate uses.
// Run: npm run bench:scan  (prints MB/s; the file is generated under the OS temp directory, then removed).
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LocalDirectorySource } from "../packages/connectors/index.ts";
import { DEFAULT_READ_LIMITS } from "../packages/core/index.ts";
import { scanUnit } from "../packages/engine/scan-unit.ts";
import { createRng, syntheticLicense, syntheticSsn } from "../packages/synth/index.ts";

const TARGET_BYTES = Number(process.env.BENCH_MB ?? 100) * 1024 ** 2;
const dir = await mkdtemp(path.join(tmpdir(), "ea-bench-"));
try {
  const file = path.join(dir, "customers.csv");
  const out = createWriteStream(file);
  const rng = createRng(1);
  out.write("id,name,email,ssn,dl_number,dl_state,notes\n");
  let written = 0;
  for (let i = 0; written < TARGET_BYTES; i++) {
    const ssn = i % 4 === 0 ? syntheticSsn(rng) : "";
    const line = `${i},Customer ${i},customer${i}@example.com,${ssn},${i % 8 === 0 ? syntheticLicense(rng, "CA") : ""},CA,order ${i * 7} shipped\n`;
    written += line.length;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  const size = (await stat(file)).size;
  const source = new LocalDirectorySource(dir);
  const started = performance.now();
  const scan = await scanUnit(source, "bench", { key: "customers.csv", size }, DEFAULT_READ_LIMITS);
  const seconds = (performance.now() - started) / 1000;
  const mb = size / 1e6;
  process.stdout.write(
    `${mb.toFixed(0)} MB, ${scan.coverage.records} records, ${seconds.toFixed(2)} s: ${(mb / seconds).toFixed(1)} MB/s on one core\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
