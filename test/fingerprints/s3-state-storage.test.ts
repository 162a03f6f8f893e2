// Fingerprint state in a report bucket, through the real SDK against s3rver on 127.0.0.1: the nightly
// stack keeps production fingerprints there between runs.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import { runScan } from "../../packages/engine/index.ts";
import { KEY_ENV_VAR, keyFromEnvironment } from "../../packages/fingerprints/index.ts";
import { S3StateStorage } from "../../packages/fingerprints/s3-state-storage.ts";
import { createBucket, type S3rverHandle, startS3rver } from "../helpers/s3rver.ts";

const BUCKET = "exposure-audit-state-test";
let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver();
  await createBucket(s3.client, BUCKET);
});
afterAll(async () => {
  await s3?.close();
});

describe("S3StateStorage", () => {
  it("reads nothing where nothing was written, then round-trips bytes under state/, and deletes", async () => {
    const storage = new S3StateStorage({ client: s3.client, bucket: BUCKET });
    expect(await storage.get("fingerprints/x/manifest.json")).toBeNull();
    const bytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 31) % 256);
    await storage.put("fingerprints/x/shard-000.bin", bytes);
    expect(Buffer.from((await storage.get("fingerprints/x/shard-000.bin")) ?? [])).toEqual(
      Buffer.from(bytes),
    );
    await storage.delete("fingerprints/x/shard-000.bin");
    expect(await storage.get("fingerprints/x/shard-000.bin")).toBeNull();
  });

  it("keeps production fingerprints between runs: a later run of the QA store alone confirms the copies", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ea-s3-state-"));
    const { stores } = await generateDemoLake(dir);
    const prod = stores.find((s) => s.endsWith("acme-prod-customers")) as string;
    const qa = stores.find((s) => s.endsWith("acme-qa-exports")) as string;
    const key = keyFromEnvironment({ [KEY_ENV_VAR]: "ab".repeat(32) });
    if (!key) throw new Error("test key not accepted");
    const fingerprints = () => ({
      keyProvider: key,
      storage: new S3StateStorage({ client: s3.client, bucket: BUCKET, prefix: "run-state/" }),
    });
    await runScan({ targets: [prod], fingerprints: fingerprints() });
    const { findings } = await runScan({ targets: [qa], fingerprints: fingerprints() });
    const plaintext = findings.filter((f) => f.exposure === "plaintext");
    expect(plaintext.length).toBeGreaterThan(0);
    for (const f of plaintext) expect(f.realData).toBe("confirmed");
  });
});
