// Finalize: merge the run's partial results, assess, write the report under runs/<date>/<run-id>/ and
// latest.json, write the scan state for the next run's plan, delete the partials.
import type { Context } from "aws-lambda";
import { z } from "zod";
import { ExposureAuditError } from "../packages/core/index.ts";
import {
  finalizeRun,
  readBatchPartials,
  scanStateStorage,
  WorkPlan,
} from "../packages/engine/phases/index.ts";
import { partialsPrefix } from "../packages/report/index.ts";
import { getRuntime, invocation, logger, metrics } from "./runtime.ts";

export const FinalizeEvent = z.object({ runId: z.string() }).passthrough();

export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { runId } = FinalizeEvent.parse(event);
  return invocation(
    "finalize",
    { runId },
    async () => {
      const { reportStore, fingerprints } = await getRuntime();
      const planText = await reportStore.get(`${partialsPrefix(runId)}plan.json`);
      if (!planText) throw new ExposureAuditError(`run ${runId} has no plan`);
      const plan = WorkPlan.parse(JSON.parse(planText));
      const partials = await readBatchPartials(reportStore, runId);
      const result = await finalizeRun({
        plan,
        partials,
        reportStore,
        fingerprints,
        scanState: scanStateStorage(reportStore),
      });
      const s = result.summary.totals.bySeverity;
      metrics.addMetric("Findings", "Count", result.findings.length);
      metrics.addMetric("CriticalFindings", "Count", s.critical);
      metrics.publishStoredMetrics();
      return {
        runId,
        prefix: result.prefix,
        findings: result.findings.length,
        critical: s.critical,
        nonProductionWithRealData: result.summary.totals.nonProductionWithRealData,
      };
    },
    (out) => ({ findings: out.findings, critical: out.critical, prefix: out.prefix }),
  );
};
