// Plan: list the configured targets, decide environments, cut the work into batches by bytes, keep the
// plan in the report bucket for finalize, and write the batch lists the state machine's Map states read
// (see batch-lists.ts): the plan's output is a few pointers, whatever the size of the run.
import type { Context } from "aws-lambda";
import { z } from "zod";
import { planRun } from "../packages/engine/phases/index.ts";
import { putPartial } from "../packages/report/index.ts";
import { fitBatches, type PlanOutput, writeBatchLists } from "./batch-lists.ts";
import { getRuntime, logger, metrics } from "./runtime.ts";

export const PlanEvent = z.object({ runId: z.string().optional() }).passthrough();

export const handler = async (event: unknown, context?: Context): Promise<PlanOutput> => {
  const input = PlanEvent.parse(event ?? {});
  if (context) logger.addContext(context);
  logger.info("plan started", { ...(input.runId ? { runId: input.runId } : {}) });
  const { settings, scan, s3, reportStore } = await getRuntime();
  const planned = await planRun({
    targets: scan.targets,
    targetOptions: { s3Client: s3, accountIds: scan.accountIds },
    environments: scan.environments,
    ...(input.runId ? { runId: input.runId } : {}),
    ...(settings.EXPOSURE_AUDIT_BATCH_BYTES ? { maxBatchBytes: settings.EXPOSURE_AUDIT_BATCH_BYTES } : {}),
    ...(settings.EXPOSURE_AUDIT_BATCH_UNITS ? { maxBatchUnits: settings.EXPOSURE_AUDIT_BATCH_UNITS } : {}),
  });
  // Finalize orders units by the plan's batches: it must see the same batches as the Maps.
  const plan = { ...planned, batches: fitBatches(planned.batches) };
  await putPartial(reportStore, plan.runId, "plan.json", JSON.stringify(plan));
  const output = await writeBatchLists(reportStore, settings.REPORT_BUCKET, plan);
  logger.info("planned", {
    runId: plan.runId,
    stores: plan.stores.length,
    productionBatches: output.production.batches,
    otherBatches: output.other.batches,
  });
  metrics.addMetric("Batches", "Count", plan.batches.length);
  metrics.publishStoredMetrics();
  return output;
};
