// The demo data lake as buckets on an S3-compatible server (s3rver for `npm start` and the tests).
import { CreateBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { buildDemoLake, DEMO_STORE_NAMES } from "./generate-lake.ts";

/** Creates one bucket per demo store and uploads its files; returns the `s3://` targets. */
export async function seedDemoBuckets(client: S3Client, seed = 7): Promise<string[]> {
  const lake = buildDemoLake(seed);
  const limit = pLimit(16);
  const puts: Promise<unknown>[] = [];
  for (const name of DEMO_STORE_NAMES) {
    await client.send(new CreateBucketCommand({ Bucket: name }));
    for (const [key, content] of Object.entries(lake[name])) {
      const body = typeof content === "string" ? Buffer.from(content) : content;
      puts.push(
        limit(() =>
          client.send(
            new PutObjectCommand({ Bucket: name, Key: key, Body: body, ContentLength: body.byteLength }),
          ),
        ),
      );
    }
  }
  await Promise.all(puts);
  return DEMO_STORE_NAMES.map((name) => `s3://${name}`);
}
