// The serverless flow with its real parts: the handlers called directly against s3rver (the demo lake
// seeded as buckets), a scan killed mid-batch and retried, and the state machine definition validated by
// asl-validator and run end to end by aws-local-stepfunctions with its Task states bound to the handlers.
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import aslValidator from "asl-validator";
import type { Context } from "aws-lambda";
import { StateMachine } from "aws-local-stepfunctions";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import type { PlanOutput } from "../../functions/batch-lists.ts";
import { type Finding, Summary } from "../../packages/core/index.ts";
import { seedDemoBuckets } from "../../packages/demo/seed-s3.ts";
import {
  type Batch,
  Batch as BatchSchema,
  decodeHandoff,
  PartialResult,
  partialName,
} from "../../packages/engine/phases/index.ts";
import { createRng, syntheticSsn } from "../../packages/synth/index.ts";
import { stateMachineDefinition } from "../../stacks/definition.ts";
import { inlineItemReaders, readItems } from "../helpers/item-reader.ts";
import { createBucket, type S3rverHandle, startS3rver } from "../helpers/s3rver.ts";

let s3: S3rverHandle;
let targets: string[];
const ENV_KEYS = [
  "REPORT_BUCKET",
  "AWS_LAMBDA_FUNCTION_NAME",
  "EXPOSURE_AUDIT_TARGETS",
  "EXPOSURE_AUDIT_S3_ENDPOINT",
  "EXPOSURE_AUDIT_BATCH_UNITS",
  "EXPOSURE_AUDIT_CONFIG",
];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

// Handlers read their settings when first invoked; the runtime is reset between bucket choices.
type Handlers = {
  plan: typeof import("../../functions/plan.ts").handler;
  scan: typeof import("../../functions/scan.ts").handler;
  seal: typeof import("../../functions/seal.ts").handler;
  finalize: typeof import("../../functions/finalize.ts").handler;
  reset: () => void;
};
let h: Handlers;
let stdout: MockInstance<typeof process.stdout.write>;
let stderr: MockInstance<typeof process.stderr.write>;

/** The Powertools JSON lines written since the spies were last cleared. */
const clearLogs = () => {
  stdout.mockClear();
  stderr.mockClear();
};
const logLines = () =>
  [...stdout.mock.calls, ...stderr.mock.calls]
    .map(([chunk]) => String(chunk))
    .join("")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function useReportBucket(bucket: string) {
  await createBucket(s3.client, bucket);
  process.env.REPORT_BUCKET = bucket;
  h.reset();
}

/** Under the default 30 s start margin, over the 15 s abandon margin: no unit starts, none is abandoned. */
const NO_TIME_TO_START = 20_000;
const lambdaContext = (remaining: () => number) =>
  ({ getRemainingTimeInMillis: remaining }) as unknown as Context;

beforeAll(async () => {
  // Powertools JSON logs: INFO lines go to stdout, ERROR lines to stderr.
  stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  s3 = await startS3rver();
  targets = await seedDemoBuckets(s3.client);
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    EXPOSURE_AUDIT_TARGETS: JSON.stringify(targets),
    EXPOSURE_AUDIT_S3_ENDPOINT: s3.endpoint,
    EXPOSURE_AUDIT_BATCH_UNITS: "2",
  });
  const runtime = await import("../../functions/runtime.ts");
  h = {
    plan: (await import("../../functions/plan.ts")).handler,
    scan: (await import("../../functions/scan.ts")).handler,
    seal: (await import("../../functions/seal.ts")).handler,
    finalize: (await import("../../functions/finalize.ts")).handler,
    reset: runtime.resetRuntime,
  };
}, 60_000);

afterAll(async () => {
  h?.reset();
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  await s3?.close();
  vi.restoreAllMocks();
});

async function readFindings(bucket: string, prefix: string): Promise<Finding[]> {
  const { GetObjectCommand } = await import("@aws-sdk/client-s3");
  const out = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}findings.jsonl` }));
  const text = (await out.Body?.transformToString()) ?? "";
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Finding);
}

/** The batches the plan wrote for the Maps (production first), read as the ItemReader reads them. */
async function plannedBatches(planned: PlanOutput): Promise<Batch[]> {
  const read = readItems(s3.client);
  const lists = [planned.production, planned.other];
  const batches = (await Promise.all(lists.map((l) => read({ Bucket: planned.bucket, Key: l.key })))).flat();
  return batches.map((b) => BatchSchema.parse(b));
}

/**
 * s3rver (3.7.1, FilesystemStore.putObject) answers a PUT once the body has passed its hashing stream,
 * before the file write finishes: a GET right after an overwrite can read a truncated object (real S3
 * is read-after-write consistent). Wait until the overwritten handoff reads back whole.
 */
async function untilWhole(bucket: string, key: string) {
  const { GetObjectCommand } = await import("@aws-sdk/client-s3");
  for (let attempt = 0; attempt < 100; attempt++) {
    const out = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array(0);
    try {
      return decodeHandoff(bytes, key);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`${key} never read back whole`);
}

/** The Maps' order: every production batch, the seal, then the other batches. */
async function scanRun(planned: PlanOutput, scanOne: (batch: Batch) => Promise<void>) {
  const batches = await plannedBatches(planned);
  for (const batch of batches.filter((b) => b.production)) await scanOne(batch);
  await h.seal({ runId: planned.runId });
  await untilWhole(planned.bucket, `partials/${planned.runId}/production-handoff.bin`);
  for (const batch of batches.filter((b) => !b.production)) await scanOne(batch);
}

const scanToTheEnd = async (batch: Batch) => {
  let next: Batch | null = batch;
  while (next) next = (await h.scan({ batch: next })).batch;
};

const criticalQa = (findings: Finding[]) =>
  findings.some(
    (f) =>
      f.location.store === "s3://acme-qa-exports" && f.severity === "critical" && f.realData === "confirmed",
  );

let baseline: Finding[] | undefined;

describe("handlers against s3rver", () => {
  it("plan → scan (loop) → finalize writes the report and latest.json; qa-exports copies are critical", async () => {
    await useReportBucket("reports-direct");
    const planned = await h.plan({});
    expect(planned.production.batches).toBeGreaterThan(0);
    await scanRun(planned, scanToTheEnd);
    const done = await h.finalize({ runId: planned.runId });
    baseline = await readFindings("reports-direct", done.prefix);
    expect(baseline.length).toBe(done.findings);
    expect(criticalQa(baseline)).toBe(true);
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: "reports-direct" }));
    const keys = (listed.Contents ?? []).map((c) => c.Key);
    expect(keys).toContain("latest.json");
    expect(keys.some((k) => k?.startsWith("partials/"))).toBe(false);
    const summaryOut = await import("@aws-sdk/client-s3").then(({ GetObjectCommand }) =>
      s3.client.send(new GetObjectCommand({ Bucket: "reports-direct", Key: `${done.prefix}summary.json` })),
    );
    const summary = Summary.parse(JSON.parse((await summaryOut.Body?.transformToString()) ?? "{}"));
    expect(summary.totals.nonProductionWithRealData).toContain("s3://acme-qa-exports");
  });

  it("reads the configuration file as the CLI does: targets, explicit environments, excludes", async () => {
    await useReportBucket("reports-configured");
    const previousTargets = process.env.EXPOSURE_AUDIT_TARGETS;
    delete process.env.EXPOSURE_AUDIT_TARGETS;
    process.env.EXPOSURE_AUDIT_CONFIG = JSON.stringify({
      targets: ["s3://acme-prod-customers", "s3://acme-uat-logs"],
      environments: { "s3://acme-uat-logs": "production" },
      exclude: ["*.gz"],
    });
    h.reset();
    try {
      const planned = await h.plan({});
      await scanRun(planned, scanToTheEnd);
      const done = await h.finalize({ runId: planned.runId });
      const { GetObjectCommand } = await import("@aws-sdk/client-s3");
      const out = await s3.client.send(
        new GetObjectCommand({ Bucket: "reports-configured", Key: `${done.prefix}summary.json` }),
      );
      const summary = Summary.parse(JSON.parse((await out.Body?.transformToString()) ?? "{}"));
      expect(summary.stores.map((st) => st.store).sort()).toEqual([
        "s3://acme-prod-customers",
        "s3://acme-uat-logs",
      ]);
      expect(summary.stores.find((st) => st.store === "s3://acme-uat-logs")).toMatchObject({
        environment: "production",
        environmentRule: "config",
      });
      const gz = summary.coverage.units.filter((u) => u.object.endsWith(".gz"));
      expect(gz.length).toBeGreaterThan(0);
      for (const unit of gz) expect(unit).toMatchObject({ status: "skipped", reason: "excluded" });
    } finally {
      delete process.env.EXPOSURE_AUDIT_CONFIG;
      process.env.EXPOSURE_AUDIT_TARGETS = previousTargets;
      h.reset();
    }
  });

  it("a scan killed mid-batch and retried adds no duplicate findings", async () => {
    await useReportBucket("reports-killed");
    const planned = await h.plan({});
    const batches = await plannedBatches(planned);
    await scanRun(planned, async (batch) => {
      // First attempt: the deadline cuts it after one unit, then the container dies (continuation lost).
      let calls = 0;
      const first = await h.scan(
        { batch },
        lambdaContext(() => (calls++ < 1 ? 60_000 : NO_TIME_TO_START)),
      );
      if (!first.done) expect(first.batch?.units.length).toBe(batch.units.length - 1);
      // Step Functions retries the whole batch: same partial key, overwritten.
      await scanToTheEnd(batch);
    });
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    const one = batches[0] as Batch;
    const partial = await s3.client.send(
      new GetObjectCommand({
        Bucket: "reports-killed",
        Key: `partials/${planned.runId}/${partialName(one.batchId)}`,
      }),
    );
    expect(
      PartialResult.parse(JSON.parse((await partial.Body?.transformToString()) ?? "")).units,
    ).toHaveLength(one.units.length);
    const done = await h.finalize({ runId: planned.runId });
    const findings = await readFindings("reports-killed", done.prefix);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    const shape = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.severity} ${f.matchCount}`).sort();
    expect(shape(findings)).toEqual(shape(baseline ?? []));
  });
});

describe("the fingerprint key on Lambda", () => {
  it("a handler in a Lambda container without a kept key refuses to run, naming the setting", async () => {
    // Each container would make its own key, so no copy could ever be confirmed across containers.
    await useReportBucket("reports-no-key");
    process.env.AWS_LAMBDA_FUNCTION_NAME = "exposure-audit-scan";
    try {
      const failure = (await h.plan({}).then(
        () => null,
        (e: unknown) => e,
      )) as Error;
      expect(failure?.name).toBe("UsageError");
      expect(failure.message).toMatch(/EXPOSURE_AUDIT_FINGERPRINT_PARAMETER is not set/);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      h.reset();
    }
  });
});

describe("handler logs", () => {
  it("each handler logs structured start and end lines with the run id (and batch id), no plaintext", async () => {
    await useReportBucket("reports-logs");
    clearLogs();
    const planned = await h.plan({});
    const batches = await plannedBatches(planned);
    await scanRun(planned, async (batch) => {
      await h.scan({ batch });
    });
    await h.finalize({ runId: planned.runId });
    const lines = logLines();
    const messages = (step: string) => lines.filter((l) => String(l.message).startsWith(`${step} `));
    expect(messages("plan").map((l) => [l.message, l.level])).toEqual([
      ["plan started", "INFO"],
      ["plan finished", "INFO"],
    ]);
    expect(messages("plan")[1]).toMatchObject({
      runId: planned.runId,
      productionBatches: planned.production.batches,
    });
    for (const batch of batches) {
      const ofBatch = messages("scan").filter((l) => l.batchId === batch.batchId);
      expect(ofBatch.map((l) => l.message)).toEqual(["scan started", "scan finished"]);
      for (const l of ofBatch) expect(l.runId).toBe(planned.runId);
    }
    expect(messages("seal").map((l) => [l.message, l.runId])).toEqual([
      ["seal started", planned.runId],
      ["seal finished", planned.runId],
    ]);
    expect(messages("seal")[1]).toMatchObject({ partials: planned.production.batches });
    expect(messages("finalize").map((l) => [l.message, l.runId])).toEqual([
      ["finalize started", planned.runId],
      ["finalize finished", planned.runId],
    ]);
    // The demo buckets are full of SSNs: none reaches a log line.
    expect(JSON.stringify(lines)).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/);
  });

  it("a failure leaves as a named error without the data it choked on, in the log and to Step Functions", async () => {
    await useReportBucket("reports-log-failure");
    const planned = await h.plan({});
    // A plan.json damaged into text holding an SSN: JSON.parse's own message would quote it.
    const planted = syntheticSsn(createRng(6611));
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    await s3.client.send(
      new PutObjectCommand({
        Bucket: "reports-log-failure",
        Key: `partials/${planned.runId}/plan.json`,
        Body: `s${planted}`, // short enough for V8 to quote it whole
      }),
    );
    clearLogs();
    const failure = (await h.finalize({ runId: planned.runId }).then(
      () => null,
      (e: unknown) => e,
    )) as Error;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe("SyntaxError");
    expect(`${failure.message} ${failure.stack}`).not.toContain(planted);
    const lines = logLines();
    expect(lines.find((l) => l.message === "finalize failed")).toMatchObject({
      level: "ERROR",
      runId: planned.runId,
      error: { name: "SyntaxError" },
    });
    expect(JSON.stringify(lines)).not.toContain(planted);
    expect(JSON.stringify(lines)).not.toContain(planted.replaceAll("-", ""));
  });
});

describe("the production handoff between the Maps", () => {
  it("a damaged handoff fails the non-production scan with its named error (Step Functions retries it), and the reseal fixes it", async () => {
    await useReportBucket("reports-handoff");
    const planned = await h.plan({});
    const batches = await plannedBatches(planned);
    for (const batch of batches.filter((b) => b.production)) await scanToTheEnd(batch);
    await h.seal({ runId: planned.runId });
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    await s3.client.send(
      new PutObjectCommand({
        Bucket: "reports-handoff",
        Key: `partials/${planned.runId}/production-handoff.bin`,
        Body: "not a handoff at all",
      }),
    );
    const other = batches.find((b) => !b.production) as Batch;
    const failure = (await h.scan({ batch: other }).then(
      () => null,
      (e: unknown) => e,
    )) as Error;
    expect(failure?.name).toBe("ProductionHandoffError");
    expect(failure.message).toMatch(/production handoff .*production-handoff\.bin: not a production handoff/);
    // The failed load is not cached: once sealed again, the retry scans with the production set.
    await h.seal({ runId: planned.runId });
    await untilWhole("reports-handoff", `partials/${planned.runId}/production-handoff.bin`);
    for (const batch of batches.filter((b) => !b.production)) await scanToTheEnd(batch);
    const done = await h.finalize({ runId: planned.runId });
    expect(criticalQa(await readFindings("reports-handoff", done.prefix))).toBe(true);
  });
});

// The fingerprint key parameter is read through aws-sdk-client-mock: a MOCK of the SSM client (no local
// server offers SSM). Everything else is real: s3rver, the handlers, the state in the report bucket.
describe("incremental runs through the handlers, with a kept key", () => {
  async function execute(event: Record<string, unknown> = {}) {
    const planned = await h.plan(event);
    const batches = await plannedBatches(planned);
    const scanAll = async (list: Batch[]) => {
      for (const batch of list) {
        let next: Batch | null = batch;
        while (next) next = (await h.scan({ batch: next })).batch;
      }
    };
    await scanAll(batches.filter((b) => b.production));
    await h.seal({ runId: planned.runId });
    await scanAll(batches.filter((b) => !b.production));
    const done = await h.finalize({ runId: planned.runId });
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    const out = await s3.client.send(
      new GetObjectCommand({ Bucket: "reports-incremental", Key: `${done.prefix}summary.json` }),
    );
    const summary = Summary.parse(JSON.parse((await out.Body?.transformToString()) ?? "{}"));
    return { batches, summary, findings: await readFindings("reports-incremental", done.prefix) };
  }

  it("plan carries unchanged objects (not in the payload), finalize keeps the report complete; full reads all", async () => {
    const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
    const { mockClient } = await import("aws-sdk-client-mock");
    const ssm = mockClient(SSMClient);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "4e".repeat(32) } });
    process.env.EXPOSURE_AUDIT_FINGERPRINT_PARAMETER = "/exposure-audit/fingerprint-key";
    await useReportBucket("reports-incremental");
    try {
      const first = await execute();
      expect(first.summary.incremental).toMatchObject({ stateKept: true, carried: 0 });
      const second = await execute();
      const listed = second.summary.coverage.listed;
      expect(second.batches).toEqual([]);
      expect(second.summary.incremental).toMatchObject({ carried: listed, rescanned: 0 });
      const shape = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.severity} ${f.realData}`).sort();
      expect(shape(second.findings)).toEqual(shape(first.findings));
      expect(criticalQa(second.findings)).toBe(true);
      expect(second.summary.comparison.findings).toMatchObject({ new: 0, resolved: 0, unverified: 0 });
      const full = await execute({ full: true });
      expect(full.summary.incremental).toMatchObject({ carried: 0, rescanned: listed });
      expect(shape(full.findings)).toEqual(shape(first.findings));
    } finally {
      ssm.restore();
      delete process.env.EXPOSURE_AUDIT_FINGERPRINT_PARAMETER;
      h.reset();
    }
  }, 60_000);
});

describe("the state machine", () => {
  const definition = stateMachineDefinition({
    planArn: "arn:aws:lambda:us-east-1:123456789012:function:plan",
    scanArn: "arn:aws:lambda:us-east-1:123456789012:function:scan",
    sealArn: "arn:aws:lambda:us-east-1:123456789012:function:seal",
    finalizeArn: "arn:aws:lambda:us-east-1:123456789012:function:finalize",
    maxConcurrency: 3,
  });

  it("passes asl-validator, with its Maps reading their batches through an S3 ItemReader", () => {
    const { isValid, errors } = aslValidator(definition);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
    for (const [name, list] of [
      ["ScanProduction", "$.production"],
      ["ScanOther", "$.other"],
    ] as const) {
      const map = definition.States[name];
      expect(map).not.toHaveProperty("ItemsPath");
      expect(map.ItemReader).toEqual({
        Resource: "arn:aws:states:::s3:getObject",
        ReaderConfig: { InputType: "JSON" },
        Parameters: { "Bucket.$": "$.bucket", "Key.$": `${list}.key` },
      });
      expect(map.ItemSelector).toEqual({ "batch.$": "$$.Map.Item.Value" });
    }
  });

  it("runs end to end in aws-local-stepfunctions with its Task states bound to the real handlers", async () => {
    await useReportBucket("reports-sfn");
    let scans = 0;
    let deadlineCuts = 0;
    // The interpreter cannot run an ItemReader: each Map's reader becomes a Task GETting the list.
    const runnable = inlineItemReaders(definition);
    expect(runnable.readers).toEqual(["ScanProductionItemReader", "ScanOtherItemReader"]);
    const read = readItems(s3.client);
    let itemsRead = 0;
    const readList = async (input: unknown) => {
      const items = await read(input);
      itemsRead += items.length;
      return items as never; // JSON parsed from the bucket: the interpreter's JSONValue
    };
    const machine = new StateMachine(runnable.definition as never, {
      validationOptions: { checkPaths: false },
    });
    let planned: PlanOutput | undefined;
    let sealed: { runId: string; stores: number; fingerprints: number } | undefined;
    const execution = machine.run(
      {},
      {
        overrides: {
          taskResourceLocalHandlers: {
            Plan: async (input: unknown) => {
              planned = await h.plan(input);
              return planned;
            },
            ScanProductionItemReader: readList,
            SealProduction: async (input: unknown) => {
              sealed = await h.seal(input);
              await untilWhole("reports-sfn", `partials/${sealed.runId}/production-handoff.bin`);
              return sealed;
            },
            ScanOtherItemReader: readList,
            // Every other invocation has time for one unit only: the continuation loop runs.
            ScanProductionBatch: (input: unknown) => scanTask(input),
            ScanOtherBatch: (input: unknown) => scanTask(input),
            Finalize: (input: unknown) => h.finalize(input),
          },
        },
      },
    );
    async function scanTask(input: unknown) {
      const cut = scans++ % 2 === 0;
      let calls = 0;
      const out = await h.scan(
        input,
        lambdaContext(() => (cut && calls++ >= 1 ? NO_TIME_TO_START : 60_000)),
      );
      if (!out.done) deadlineCuts++;
      return out;
    }
    const result = (await execution.result) as { prefix: string; critical: number };
    expect(deadlineCuts).toBeGreaterThan(0);
    // The state payload carried pointers only; the Maps read every planned batch from the bucket.
    expect(JSON.stringify(planned).length).toBeLessThan(1024);
    expect(itemsRead).toBe((planned?.production.batches ?? 0) + (planned?.other.batches ?? 0));
    expect(itemsRead).toBeGreaterThan(2);
    expect(result.critical).toBeGreaterThan(0);
    // Production was sealed once, between the Maps, into one handoff the other scans read.
    expect(sealed?.stores).toBeGreaterThan(0);
    expect(sealed?.fingerprints).toBeGreaterThan(0);
    const findings = await readFindings("reports-sfn", result.prefix);
    expect(criticalQa(findings)).toBe(true);
    const shape = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.severity} ${f.matchCount}`).sort();
    expect(shape(findings)).toEqual(shape(baseline ?? findings));
  }, 60_000);
});
