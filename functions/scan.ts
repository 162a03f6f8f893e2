// Scan one batch into its partial result (keyed by the batch id: a retry overwrites, never adds). Stops
// before the Lambda deadline (units in progress are abandoned when it gets close) and returns the rest
// as a continuation for the state machine's loop: the output `{done, batch}` is the Map item's next
// input (see stacks/definition.ts).
import type { Context } from "aws-lambda";
import { z } from "zod";
import {
  Batch,
  cachedHandoff,
  loadHandoff,
  openBatchRealData,
  scanBatch,
  writePartial,
} from "../packages/engine/phases/index.ts";
import { getRuntime, invocation, logger, metrics } from "./runtime.ts";

export const ScanEvent = z.object({ batch: Batch }).passthrough();

/** The sealed production handoff, read once per container per run (see SealProduction). */
const handoffOf = cachedHandoff(async (runId) => {
  const handoff = await loadHandoff((await getRuntime()).reportStore, runId);
  if (!handoff) logger.warn("no production handoff: non-production batches scanned without it", { runId });
  return handoff;
});

export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { batch } = ScanEvent.parse(event);
  let units = 0;
  let bytes = 0;
  return invocation(
    "scan",
    { runId: batch.runId, batchId: batch.batchId },
    async () => {
      const { settings, scan, s3, reportStore, fingerprints } = await getRuntime();
      const realData = await openBatchRealData(batch, fingerprints, null, new Date(), () =>
        handoffOf(batch.runId),
      );
      let outcome: Awaited<ReturnType<typeof scanBatch>>;
      try {
        outcome = await scanBatch(batch, {
          targetOptions: { s3Client: s3 },
          limits: scan.limits,
          select: scan.select,
          realData,
          ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
          ...(settings.EXPOSURE_AUDIT_DEADLINE_MARGIN_MS !== undefined
            ? { marginMs: settings.EXPOSURE_AUDIT_DEADLINE_MARGIN_MS }
            : {}),
        });
      } finally {
        realData.dispose(); // the key's midstates do not outlive the batch in a warm container
      }
      await writePartial(reportStore, outcome.partial);
      units = outcome.partial.units.length;
      bytes = outcome.partial.units.reduce((n, u) => n + u.coverage.bytesRead, 0);
      metrics.addMetric("UnitsScanned", "Count", units);
      metrics.addMetric("BytesRead", "Bytes", bytes);
      metrics.publishStoredMetrics();
      return { done: outcome.done, batch: outcome.continuation };
    },
    (out) => ({
      units,
      bytes,
      done: out.done,
      ...(out.batch ? { continuation: out.batch.batchId, unitsLeft: out.batch.units.length } : {}),
    }),
  );
};
