// A batch worker thread: scans the batches it is sent with scanBatch (the code the scan Lambda runs)
// and replies with their partial results. Sources, the S3 client and the fingerprint key are built
// once per worker from the settings in workerData.
import { parentPort, workerData } from "node:worker_threads";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Source } from "../../../connectors/index.ts";
import type { ReadLimits } from "../../../core/index.ts";
import { FingerprintKey, type KeyProvider } from "../../../fingerprints/index.ts";
import { RealDataAssessment } from "../../real-data.ts";
import { sourcesFor } from "../../targets.ts";
import { scanBatch } from "../scan-batch.ts";
import { BatchJob, type BatchReply, WorkerSettings } from "./protocol.ts";

const settings = WorkerSettings.parse(workerData);
const key = FingerprintKey.fromThread(settings.key.material);
const keyProvider: KeyProvider = {
  source: settings.key.source,
  persistent: settings.key.persistent,
  load: async () => key,
};
const sources = new Map<string, Promise<Source>>();
let s3Client: Promise<S3Client> | null = null;

function clientFor(): Promise<S3Client> {
  s3Client ??= import("../../../connectors/s3/client.ts").then((m) =>
    m.createS3Client(settings.s3 ?? undefined),
  );
  return s3Client;
}

function sourceFor(target: string): Promise<Source> {
  let source = sources.get(target);
  if (!source) {
    source = (async () => {
      const needsS3 = /^s3:\/\//i.test(target);
      const built = await sourcesFor([target], {
        ...(needsS3 ? { s3Client: await clientFor() } : {}),
        ...(settings.accountIds ? { accountIds: settings.accountIds } : {}),
        ...(settings.s3PageSize ? { s3PageSize: settings.s3PageSize } : {}),
      });
      return built[0] as Source;
    })();
    sources.set(target, source);
  }
  return source;
}

async function run(job: BatchJob): Promise<BatchReply> {
  const realData = await RealDataAssessment.open(
    {
      keyProvider,
      ...(settings.fingerprints.keep ? {} : { storage: null }),
      keepKeyed: settings.fingerprints.keepKeyed,
      ...(settings.fingerprints.maxAgeDays !== undefined
        ? { maxAgeDays: settings.fingerprints.maxAgeDays }
        : {}),
      ...(settings.fingerprints.maxShardEntries !== undefined
        ? { maxShardEntries: settings.fingerprints.maxShardEntries }
        : {}),
    },
    settings.stateDir,
    new Date(job.now),
  );
  if (!job.batch.production && job.production) {
    realData.seedSealed(job.production.stores, new Map(job.production.pairs));
  }
  try {
    const outcome = await scanBatch(job.batch, {
      source: await sourceFor(job.batch.target),
      limits: settings.limits as Partial<ReadLimits> | undefined,
      select: settings.select,
      unit: settings.unit,
      realData,
      concurrency: settings.concurrency,
    });
    return { id: job.id, ok: true, partial: outcome.partial };
  } finally {
    realData.dispose();
  }
}

parentPort?.on("message", async (message: unknown) => {
  const job = BatchJob.parse(message);
  let reply: BatchReply;
  try {
    reply = await run(job);
  } catch (error) {
    // The same error the in-process pipeline would throw, by name and message (our errors never quote input).
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id: job.id, ok: false, error: { name: e.name, message: e.message.slice(0, 2000) } };
  }
  parentPort?.postMessage(reply);
});
