// A real S3-compatible server (s3rver) on 127.0.0.1 and a free port, in a temporary directory.
// ListObjectsV2 pagination needs the OpenSSL legacy provider on Node ≥ 17: vitest.config.ts passes
// `--openssl-legacy-provider` to the test workers (see ../shared/TESTING.md).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { createS3Client } from "../../packages/connectors/s3/index.ts";
import { listFiles } from "../corpus/files.ts";

/** Credentials s3rver accepts; a child process gets them through its environment. */
export const S3RVER_ENV = {
  AWS_ACCESS_KEY_ID: "S3RVER",
  AWS_SECRET_ACCESS_KEY: "S3RVER",
  AWS_REGION: "us-east-1",
  // Hermetic: never read the developer's ~/.aws files or the instance metadata service.
  AWS_CONFIG_FILE: "/nonexistent/aws-config",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
} as const;

export interface S3rverHandle {
  endpoint: string;
  client: S3Client;
  /** A client for another endpoint (e.g. a fault proxy in front of this server). */
  clientFor(endpoint: string, options?: { maxAttempts?: number }): S3Client;
  close(): Promise<void>;
}

export function testClient(endpoint: string, options: { maxAttempts?: number } = {}): S3Client {
  return createS3Client({
    endpointUrl: endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    maxAttempts: options.maxAttempts ?? 3,
    retryMode: "standard",
  });
}

export async function startS3rver(): Promise<S3rverHandle> {
  if (
    !process.execArgv.includes("--openssl-legacy-provider") &&
    !/openssl-legacy-provider/.test(process.env.NODE_OPTIONS ?? "")
  ) {
    throw new Error(
      "s3rver pagination needs --openssl-legacy-provider in this process (see vitest.config.ts)",
    );
  }
  const directory = await mkdtemp(path.join(tmpdir(), "s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  const clientFor = (url: string, options?: { maxAttempts?: number }) => {
    const client = testClient(url, options);
    clients.push(client);
    return client;
  };
  const client = clientFor(endpoint);
  return {
    endpoint,
    client,
    clientFor,
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: string | Uint8Array,
): Promise<void> {
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: length }));
}

/** Uploads every file under `dir` to `bucket` (created first), keys relative to `dir`. */
export async function uploadDirectory(client: S3Client, bucket: string, dir: string): Promise<string[]> {
  await createBucket(client, bucket);
  const files = await listFiles(dir);
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      await putObject(client, bucket, file, await readFile(path.join(dir, file)));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return files;
}
