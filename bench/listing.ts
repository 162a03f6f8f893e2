// Sequential vs fanned-out S3 listing, measured through s3rver behind a loopback proxy that holds
// every ListObjectsV2 request for --list-delay-ms (S3's LIST latency stands in for it: s3rver
// itself answers from local disk). Folders sit at the root: s3rver names a common prefix only for a
// folder holding objects directly (S3 names every one). Run with the OpenSSL legacy provider (s3rver's tokens):
//   NODE_OPTIONS=--openssl-legacy-provider npx tsx bench/listing.ts [--objects N] [--folders N]
//     [--page-size N] [--list-delay-ms N] [--concurrency N]
import { performance } from "node:perf_hooks";
import { type ListingOptions, S3Source } from "../packages/connectors/s3/index.ts";
import { startFaultProxy } from "../test/helpers/fault-proxy.ts";
import { createBucket, putObject, startS3rver } from "../test/helpers/s3rver.ts";

const args = new Map<string, number>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i] as string, Number(process.argv[i + 1]));
const objects = args.get("--objects") ?? 2000;
const folders = args.get("--folders") ?? 40;
const pageSize = args.get("--page-size") ?? 20;
const delayMs = args.get("--list-delay-ms") ?? 100;
const concurrency = args.get("--concurrency") ?? 16;

const BUCKET = "bench-listing";
const s3 = await startS3rver();
await createBucket(s3.client, BUCKET);
const keys = Array.from(
  { length: objects },
  (_, i) => `day=${String(i % folders).padStart(4, "0")}/part-${String(i).padStart(6, "0")}.csv`,
);
const queue = [...keys];
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift())
      await putObject(s3.client, BUCKET, key, "x\n");
  }),
);
const proxy = await startFaultProxy(s3.endpoint, [
  {
    name: "latency",
    when: (r) => r.query.get("list-type") === "2",
    fault: { kind: "before", run: () => new Promise((resolve) => setTimeout(resolve, delayMs)) },
    times: Number.POSITIVE_INFINITY,
  },
]);
const client = s3.clientFor(proxy.endpoint);

async function measure(name: string, listing: ListingOptions): Promise<string[]> {
  const before = proxy.log.length;
  const started = performance.now();
  const listed: string[] = [];
  for await (const unit of new S3Source({ client, uri: `s3://${BUCKET}`, pageSize, listing }).list())
    listed.push(unit.key);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${name.padEnd(12)} ${listed.length} objects, ${proxy.log.length - before} LIST requests, ${seconds.toFixed(2)} s\n`,
  );
  return listed;
}

process.stdout.write(
  `${objects} objects in ${folders} folders, pages of ${pageSize}, ${delayMs} ms added per LIST, concurrency ${concurrency}\n`,
);
const sequential = await measure("sequential", { sequentialPages: Number.MAX_SAFE_INTEGER });
const fannedOut = await measure("fanned out", { concurrency });
const same = sequential.length === fannedOut.length && sequential.every((k, i) => k === fannedOut[i]);
process.stdout.write(`same objects in the same order: ${same}\n`);
await proxy.close();
await s3.close();
if (!same) process.exitCode = 1;
