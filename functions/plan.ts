// Plan: list the configured targets, decide environments, cut the work into batches by bytes, keep the
// plan in the report bucket for finalize, and write the batch lists the state machine's Map states read
// (see batch-lists.ts): the plan's output is a few pointers, whatever the size of the run.
// Objects unchanged since the run that read them (the scan state in the bucket's state/ area) are not
// batched: they are carried, recorded in the plan, not in the state machine's input. `full: true` in the
// execution input reads everything.
import type { Context } from "aws-lambda";
import { z } from "zod";
import { planRun, scanStateStorage } from "../packages/engine/phases/index.ts";
import { putPartial } from "../packages/report/index.ts";
import { fitBatches, type PlanOutput, writeBatchLists } from "./batch-lists.ts";
import { getRuntime, invocation, logger, metrics } from "./runtime.ts";

export const PlanEvent = z
  .object({ runId: z.string().optional(), full: z.boolean().optional() })
  .passthrough();

export const handler = async (event: unknown, context?: Context): Promise<PlanOutput> => {
  if (context) logger.addContext(context);
  const input = PlanEvent.parse(event ?? {});
  const ids = input.runId ? { runId: input.runId } : {};
  let stores = 0;
  let carried = 0;
  return invocation(
    "plan",
    ids,
    async () => {
      const { settings, scan, s3, reportStore, fingerprints } = await getRuntime();
      const planned = await planRun({
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
        ...(settings.EXPOSURE_AUDIT_BATCH_BYTES
          ? { maxBatchBytes: settings.EXPOSURE_AUDIT_BATCH_BYTES }
          : {}),
        ...(settings.EXPOSURE_AUDIT_BATCH_UNITS
          ? { maxBatchUnits: settings.EXPOSURE_AUDIT_BATCH_UNITS }
          : {}),
      });
      // Finalize orders units by the plan's batches: it must see the same batches as the Maps.
      const plan = { ...planned, batches: fitBatches(planned.batches) };
      stores = plan.stores.length;
      await putPartial(reportStore, plan.runId, "plan.json", JSON.stringify(plan));
      const output = await writeBatchLists(reportStore, settings.REPORT_BUCKET, plan);
      carried = plan.carried.reduce((n, c) => n + c.units.length, 0);
      metrics.addMetric("Batches", "Count", plan.batches.length);
      metrics.addMetric("UnitsCarried", "Count", carried);
      metrics.publishStoredMetrics();
      return output;
    },
    (output) => ({
      runId: output.runId,
      stores,
      carried,
      productionBatches: output.production.batches,
      otherBatches: output.other.batches,
    }),
  );
};
