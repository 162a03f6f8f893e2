// `npx tsx bench/payload-sizes.ts [--objects 1000000] [--key-bytes 60]`
//
// What the serverless plan hands Step Functions for a run over many objects: the plan is cut with the
// stack's defaults (512 MiB or 1 000 units per batch), oversized batches split (functions/batch-lists.ts),
// and the batch lists written to a local report store. Prints the plan's output (the state payload),
// the largest Map item (a child execution's input) against the 256 KiB limit, and the size of the batch
// lists the ItemReader reads. No AWS, no data read: the listing is synthetic.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fitBatches, writeBatchLists } from "../functions/batch-lists.ts";
import type { Source } from "../packages/connectors/index.ts";
import { planRun } from "../packages/engine/phases/index.ts";
import { LocalDirectoryReportStore } from "../packages/report/index.ts";

const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "1000000" },
    "key-bytes": { type: "string", default: "60" },
  },
});
const objects = Number(values.objects);
const keyBytes = Number(values["key-bytes"]);

function listing(store: string, count: number): Source {
  return {
    describe: async () => ({ store, container: store.split("/").pop() as string, tags: {}, posture: {} }),
    async *list() {
      for (let i = 0; i < count; i++) {
        const tail = `/part-${String(i).padStart(9, "0")}.csv.gz`;
        const key = `exports/${"k".repeat(Math.max(0, keyBytes - tail.length - 8))}${tail}`;
        yield {
          key,
          size: 100 * 1024,
          storageClass: "STANDARD",
          etag: `"${i.toString(16).padStart(32, "0")}"`,
        };
      }
    },
    open: () => {
      throw new Error("not read");
    },
  };
}

const half = Math.floor(objects / 2);
const targets = ["s3://acme-prod-customers", "s3://acme-qa-exports"];
const started = Date.now();
const planned = await planRun({
  targets,
  sources: [listing(targets[0] as string, half), listing(targets[1] as string, objects - half)],
  environments: {
    stores: { [targets[0] as string]: "production", [targets[1] as string]: "non-production" },
  },
});
const plan = { ...planned, batches: fitBatches(planned.batches) };
const dir = await mkdtemp(path.join(tmpdir(), "payload-sizes-"));
try {
  const store = new LocalDirectoryReportStore(dir);
  const output = await writeBatchLists(store, "exposure-audit-prod-reports", plan);
  const itemBytes = plan.batches.map((batch) => Buffer.byteLength(JSON.stringify({ batch })));
  const inline = Buffer.byteLength(
    JSON.stringify({
      production: plan.batches.filter((b) => b.phase === "production").map((batch) => ({ batch })),
    }),
  );
  const size = async (key: string) => (await stat(path.join(dir, key))).size;
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const mib = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MiB`;
  console.log(`objects ${objects} (keys ~${keyBytes} bytes), batches ${plan.batches.length}`);
  console.log(`plan output (state payload): ${Buffer.byteLength(JSON.stringify(output))} bytes`);
  console.log(`largest Map item: ${kib(Math.max(...itemBytes))} (limit 256 KiB; split above 192 KiB)`);
  console.log(
    `batch lists: production ${mib(await size(output.production.key))}, other ${mib(await size(output.other.key))}`,
  );
  console.log(`the production batches inline, as before: ${mib(inline)}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
