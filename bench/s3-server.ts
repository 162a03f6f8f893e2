// The bench's S3 endpoint: s3rver on 127.0.0.1 in a process of its own, so its CPU is not the
// scanner's (run.ts counts it separately). Started by run.ts with --openssl-legacy-provider:
//   s3-server.ts <bucket> <prefix>=<dir> [<prefix>=<dir>…]
// uploads every file under each dir to s3://<bucket>/<prefix>/<relative path>, prints one JSON line
// {"endpoint": …, "objects": n}, then answers each "cpu" line on stdin with {"cpuSeconds": x} (user +
// system of this process since it started) and exits when stdin closes.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { listFiles } from "../test/corpus/files.ts";
import { createBucket, startS3rver } from "../test/helpers/s3rver.ts";

const UPLOADS_AT_ONCE = 8;

const [bucket, ...mounts] = process.argv.slice(2);
if (!bucket || mounts.length === 0) {
  process.stderr.write("usage: s3-server.ts <bucket> <prefix>=<dir>…\n");
  process.exit(2);
}
const s3 = await startS3rver();
await createBucket(s3.client, bucket);
const uploads: { key: string; file: string }[] = [];
for (const mount of mounts) {
  const [prefix, dir] = mount.split("=") as [string, string | undefined];
  if (!dir) throw new Error(`expected <prefix>=<dir>, got ${mount}`);
  for (const rel of await listFiles(dir))
    uploads.push({ key: `${prefix}/${rel}`, file: path.join(dir, rel) });
}
let uploaded = 0;
const upload = async () => {
  for (let next = uploads.pop(); next !== undefined; next = uploads.pop()) {
    const { size } = await stat(next.file);
    // Streamed with its length: the whole file is never held in memory.
    await s3.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: next.key,
        Body: createReadStream(next.file, { highWaterMark: 1024 * 1024 }),
        ContentLength: size,
      }),
    );
    uploaded++;
  }
};
await Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, upload));
process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint, objects: uploaded })}\n`);

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() !== "cpu") return;
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
});
lines.on("close", () => void s3.close().then(() => process.exit(0)));
