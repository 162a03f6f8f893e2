// Writes the scanner's outputs on the labeled corpus and the demo lake, minus run ids, times and
// absolute paths, so two versions of the engine can be compared with `diff` (findings and counts
// must not change when the hot path does). Usage: tsx bench/snapshot-outputs.ts <out.json>
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateDemoLake } from "../packages/demo/generate-lake.ts";
import { runScan } from "../packages/engine/index.ts";
import { generateLabeledCorpus } from "../test/corpus/generate.ts";

const out = process.argv[2];
if (!out) throw new Error("usage: tsx bench/snapshot-outputs.ts <out.json>");

const root = await mkdtemp(path.join(tmpdir(), "snapshot-"));
try {
  const corpus = path.join(root, "corpus");
  await generateLabeledCorpus(corpus);
  const { stores } = await generateDemoLake(path.join(root, "lake"));
  const snapshot: Record<string, unknown> = {};
  for (const [name, targets] of [
    ["corpus", [corpus]],
    ["demo", stores],
  ] as const) {
    const { findings, summary } = await runScan({ targets: [...targets], concurrency: 1 });
    const strip = (s: string) => s.split(root).join("<root>");
    snapshot[name] = {
      // ids hash the absolute store path, which differs per temp directory.
      findings: findings.map(({ id: _id, ...f }) => JSON.parse(strip(JSON.stringify(f)))),
      coverage: JSON.parse(strip(JSON.stringify(summary.coverage))),
    };
  }
  await writeFile(out, `${JSON.stringify(snapshot, null, 1)}\n`);
  console.log(`snapshot written to ${out}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
