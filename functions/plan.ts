// Plan: list the configured targets, decide environments, cut the work into batches by bytes, keep the
// plan in the report bucket for finalize, and hand the batches to the state machine's Map states.
// Objects unchanged since the run that read them (the scan state in the bucket's state/ area) are not
// batched: they are carried, recorded in the plan, not in the state machine's payload. `full: true` in
// the execution input reads everything.
import type { Context } from "aws-lambda";
import { z } from "zod";
import { planRun, scanStateStorage } from "../packages/engine/phases/index.ts";
import { putPartial } from "../packages/report/index.ts";
import { getRuntime, logger, metrics } from "./runtime.ts";

export const PlanEvent = z
  .object({ runId: z.string().optional(), full: z.boolean().optional() })
  .passthrough();

export const handler = async (event: unknown, context?: Context) => {
  const input = PlanEvent.parse(event ?? {});
  if (context) logger.addContext(context);
  const { settings, scan, s3, reportStore, fingerprints } = await getRuntime();
  const plan = await planRun({
    targets: scan.targets,
    targetOptions: { s3Client: s3, accountIds: scan.accountIds },
    environments: scan.environments,
    // What the scan function reads with: the scan state is only valid for the same settings.
    limits: scan.limits,
    select: scan.select,
    reportStore,
    scanState: scanStateStorage(reportStore),
    ...(fingerprints.keyProvider ? { keyProvider: fingerprints.keyProvider } : {}),
    full: input.full ?? scan.full,
    ...(input.runId ? { runId: input.runId } : {}),
    ...(settings.EXPOSURE_AUDIT_BATCH_BYTES ? { maxBatchBytes: settings.EXPOSURE_AUDIT_BATCH_BYTES } : {}),
    ...(settings.EXPOSURE_AUDIT_BATCH_UNITS ? { maxBatchUnits: settings.EXPOSURE_AUDIT_BATCH_UNITS } : {}),
  });
  await putPartial(reportStore, plan.runId, "plan.json", JSON.stringify(plan));
  const carried = plan.carried.reduce((n, c) => n + c.units.length, 0);
  logger.info("planned", {
    runId: plan.runId,
    stores: plan.stores.length,
    batches: plan.batches.length,
    carried,
  });
  metrics.addMetric("Batches", "Count", plan.batches.length);
  metrics.addMetric("UnitsCarried", "Count", carried);
  metrics.publishStoredMetrics();
  return {
    runId: plan.runId,
    production: plan.batches.filter((b) => b.phase === "production").map((batch) => ({ batch })),
    other: plan.batches.filter((b) => b.phase === "other").map((batch) => ({ batch })),
  };
};
