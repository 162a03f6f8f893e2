// Serves a directory of stores through s3rver, for scanning a corpus with --endpoint-url by hand:
//   npm run s3:serve -- <dir>      (each subdirectory of <dir> becomes a bucket of the same name)
// then, in another shell, with the printed environment:
//   exposure-audit scan s3://<bucket>… --endpoint-url http://127.0.0.1:<port> --report-dir out
import { readdir } from "node:fs/promises";
import path from "node:path";
import { parseS3Uri } from "../../packages/connectors/s3/uri.ts";
import { S3RVER_ENV, startS3rver, uploadDirectory } from "./s3rver.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write("usage: npm run s3:serve -- <dir of stores>\n");
  process.exit(2);
}
const stores = (await readdir(dir, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
for (const name of stores) parseS3Uri(`s3://${name}`); // every directory name must be a valid bucket name
const s3 = await startS3rver();
for (const name of stores) {
  const files = await uploadDirectory(s3.client, name, path.join(dir, name));
  process.stdout.write(`s3://${name}  ${files.length} objects\n`);
}
const env = Object.entries(S3RVER_ENV)
  .map(([k, v]) => `${k}=${v}`)
  .join(" ");
process.stdout.write(
  `\nserving at ${s3.endpoint} (Ctrl-C to stop); scan with:\n  ${env} npx exposure-audit scan ${stores.map((s) => `s3://${s}`).join(" ")} --endpoint-url ${s3.endpoint} --report-dir out\n`,
);
const stop = () => void s3.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
