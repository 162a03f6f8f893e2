// The Map states' items live in the report bucket, not in the state machine's payload: Step Functions
// caps a state's input and output at 256 KiB, and a run over millions of objects plans thousands of
// batches. The plan writes one JSON array of batches per phase under partials/<runId>/ (what a
// DISTRIBUTED Map's ItemReader reads with `InputType: JSON`) and returns only their keys and counts.
import { z } from "zod";
import { type Batch, Phase, type WorkPlan } from "../packages/engine/phases/index.ts";
import { putPartial, type ReportStore } from "../packages/report/index.ts";

/**
 * A Map item (one batch) becomes a child execution's input, and the scan's continuation its output:
 * both under Step Functions' 256 KiB. Batches are cut by units and bytes of data, not by the size of
 * their key list, so a batch whose JSON exceeds this is split (long keys: 1 000 units of 1 KiB keys).
 */
export const MAX_ITEM_BYTES = 192 * 1024;

export const BatchList = z.object({
  /** Key in the report bucket of the JSON array of batches. */
  key: z.string(),
  batches: z.number().int().nonnegative(),
});
export type BatchList = z.infer<typeof BatchList>;

/** What the plan hands the state machine: pointers, a few hundred bytes whatever the run's size. */
export const PlanOutput = z.object({
  runId: z.string(),
  bucket: z.string(),
  production: BatchList,
  other: BatchList,
});
export type PlanOutput = z.infer<typeof PlanOutput>;

export const batchListName = (phase: Phase) => `batches-${phase}.json`;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Splits every batch whose JSON exceeds `maxBytes` into consecutive pieces `<id>.0`, `<id>.1`, … */
export function fitBatches(batches: readonly Batch[], maxBytes = MAX_ITEM_BYTES): Batch[] {
  const out: Batch[] = [];
  for (const batch of batches) {
    if (jsonBytes({ batch }) <= maxBytes) {
      out.push(batch);
      continue;
    }
    const overhead = jsonBytes({ batch: { ...batch, batchId: `${batch.batchId}.000000`, units: [] } });
    const start = out.length;
    let units: Batch["units"] = [];
    let size = overhead;
    const close = () => {
      out.push({
        ...batch,
        batchId: `${batch.batchId}.${out.length - start}`,
        units,
        bytes: units.reduce((n, u) => n + (u.size ?? 0), 0),
      });
      units = [];
      size = overhead;
    };
    for (const unit of batch.units) {
      const more = jsonBytes(unit) + 1;
      if (units.length > 0 && size + more > maxBytes) close();
      units.push(unit);
      size += more;
    }
    if (units.length > 0) close();
  }
  return out;
}

/** Writes the plan's batch lists, one per phase, and returns the pointers for the state machine. */
export async function writeBatchLists(
  store: ReportStore,
  bucket: string,
  plan: WorkPlan,
): Promise<PlanOutput> {
  const list = async (phase: Phase): Promise<BatchList> => {
    const batches = plan.batches.filter((b) => b.phase === phase);
    const key = await putPartial(store, plan.runId, batchListName(phase), JSON.stringify(batches));
    return { key, batches: batches.length };
  };
  return PlanOutput.parse({
    runId: plan.runId,
    bucket,
    production: await list(Phase.enum.production),
    other: await list(Phase.enum.other),
  });
}
