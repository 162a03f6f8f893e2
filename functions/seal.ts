// Seal production: between the production Map and the non-production Map, merge the production
// partials' fingerprints once into one handoff object that every non-production scan loads (once per
// container) instead of reading every partial of the run. Its own function: its role reads partials
// and writes the handoff only, and its memory is sized for the merge (see stacks/scanner.ts).
import type { Context } from "aws-lambda";
import { z } from "zod";
import { sealProduction } from "../packages/engine/phases/index.ts";
import { getRuntime, invocation, logger, metrics } from "./runtime.ts";

export const SealEvent = z.object({ runId: z.string() }).passthrough();

export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { runId } = SealEvent.parse(event);
  return invocation(
    "seal",
    { runId },
    async () => {
      const { reportStore } = await getRuntime();
      const handoff = await sealProduction(reportStore, runId);
      const fingerprints = [...handoff.pairs.values()].reduce((n, p) => n + p.length / 2, 0);
      metrics.addMetric("ProductionFingerprints", "Count", fingerprints);
      metrics.publishStoredMetrics();
      return { runId, stores: handoff.stores.length, partials: handoff.partials, fingerprints };
    },
    (out) => ({ stores: out.stores, partials: out.partials, fingerprints: out.fingerprints }),
  );
};
