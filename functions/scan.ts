// Scan one batch into its partial result (keyed by the batch id: a retry overwrites, never adds). Stops
// before the Lambda deadline and returns the rest as a continuation for the state machine's loop: the
// output `{done, batch}` is the Map item's next input (see stacks/definition.ts).
import type { Context } from "aws-lambda";
import { z } from "zod";
import {
  Batch,
  openBatchRealData,
  readBatchPartials,
  scanBatch,
  writePartial,
} from "../packages/engine/phases/index.ts";
import { getRuntime, logger, metrics } from "./runtime.ts";

export const ScanEvent = z.object({ batch: Batch }).passthrough();

export const handler = async (event: unknown, context?: Context) => {
  const { batch } = ScanEvent.parse(event);
  if (context) logger.addContext(context);
  const { settings, scan, s3, reportStore, fingerprints } = await getRuntime();
  const realData = await openBatchRealData(batch, fingerprints, null, new Date(), () =>
    readBatchPartials(reportStore, batch.runId),
  );
  const outcome = await scanBatch(batch, {
    targetOptions: { s3Client: s3 },
    limits: scan.limits,
    select: scan.select,
    realData,
    ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
    ...(settings.EXPOSURE_AUDIT_DEADLINE_MARGIN_MS !== undefined
      ? { marginMs: settings.EXPOSURE_AUDIT_DEADLINE_MARGIN_MS }
      : {}),
  });
  await writePartial(reportStore, outcome.partial);
  const bytes = outcome.partial.units.reduce((n, u) => n + u.coverage.bytesRead, 0);
  logger.info("scanned", {
    runId: batch.runId,
    batchId: batch.batchId,
    units: outcome.partial.units.length,
    bytes,
    done: outcome.done,
  });
  metrics.addMetric("UnitsScanned", "Count", outcome.partial.units.length);
  metrics.addMetric("BytesRead", "Bytes", bytes);
  metrics.publishStoredMetrics();
  return { done: outcome.done, batch: outcome.continuation };
};
