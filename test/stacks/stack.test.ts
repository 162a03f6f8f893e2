// The stack as declared, run against a recording stub of the SST globals ($app, aws, sst, $resolve):
// the schedule, the report bucket's protections and the state machine's wiring (see ../shared/TESTING.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Recorded {
  type: string;
  name: string;
  args: Record<string, unknown>;
  opts: Record<string, unknown> | undefined;
}

/** A fake pulumi Output: a value with apply. */
const output = (value: unknown) => ({
  __value: value,
  apply: (fn: (v: unknown) => unknown) => output(fn(value)),
});
const unwrap = (v: unknown): unknown =>
  v && typeof v === "object" && "__value" in v ? (v as { __value: unknown }).__value : v;

const recorded: Recorded[] = [];
function namespace(path: string): unknown {
  // A class, so that `new` reaches the construct trap (an arrow function is not constructible).
  return new Proxy(class {}, {
    get: (_t, key: string) => namespace(`${path}.${key}`),
    construct: (_t, [name, args, opts]) => {
      recorded.push({ type: path, name, args: args ?? {}, opts });
      const id = `${path}:${name}`;
      return {
        arn: output(`arn:${id}`),
        id: output(id),
        name: output(name),
        bucket: output(`${name.toLowerCase()}-bucket`),
        nodes: { role: { name: output(`${name}-role`) }, schedule: { name: output(`${name}-schedule`) } },
      };
    },
  });
}

const globals = {
  $app: { name: "exposure-audit", stage: "prod" },
  aws: namespace("aws"),
  sst: namespace("sst"),
  $resolve: (values: unknown[]) => output(values.map(unwrap)),
};
const saved: Record<string, unknown> = {};
let outputs: Record<string, unknown>;
const find = (type: string, name?: string) =>
  recorded.filter((r) => r.type === type && (name === undefined || r.name === name));
const one = (type: string, name?: string) => {
  const all = find(type, name);
  expect(all, `${type} ${name ?? ""}`).toHaveLength(1);
  return all[0] as Recorded;
};

beforeAll(async () => {
  for (const [k, v] of Object.entries(globals)) {
    saved[k] = (globalThis as Record<string, unknown>)[k];
    (globalThis as Record<string, unknown>)[k] = v;
  }
  process.env.EXPOSURE_AUDIT_TARGETS = "s3://acme-prod-customers,s3://acme-qa-exports";
  // A computed path: the root type check does not follow it into stacks/ (tsconfig.sst.json does).
  const stacks = "../../stacks/index.ts";
  const { reportStack } = (await import(stacks)) as { reportStack: () => Record<string, unknown> };
  outputs = reportStack();
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) (globalThis as Record<string, unknown>)[k] = v;
  delete process.env.EXPOSURE_AUDIT_TARGETS;
});

describe("the stack as declared", () => {
  it("report bucket: SSE-KMS with its own key, versioning, public access blocked, TLS only, retained in prod", () => {
    const bucket = one("aws.s3.BucketV2");
    expect(bucket.opts).toMatchObject({ retainOnDelete: true });
    expect(bucket.args.forceDestroy).toBe(false);
    expect(one("aws.kms.Key").args).toMatchObject({ enableKeyRotation: true });
    expect(one("aws.kms.Key").opts).toMatchObject({ retainOnDelete: true });
    const sse = one("aws.s3.BucketServerSideEncryptionConfigurationV2").args as {
      rules: { applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId: unknown } }[];
    };
    expect(sse.rules[0]?.applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
    expect(unwrap(sse.rules[0]?.applyServerSideEncryptionByDefault.kmsMasterKeyId)).toBe(
      "arn:aws.kms.Key:ReportKey",
    );
    expect(one("aws.s3.BucketVersioningV2").args).toMatchObject({
      versioningConfiguration: { status: "Enabled" },
    });
    expect(one("aws.s3.BucketPublicAccessBlock").args).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const policy = JSON.parse(unwrap(one("aws.s3.BucketPolicy").args.policy) as string);
    expect(policy.Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const lifecycle = one("aws.s3.BucketLifecycleConfigurationV2").args as {
      rules: { filter: { prefix: string }; expiration?: { days: number } }[];
    };
    expect(lifecycle.rules.find((r) => r.filter.prefix === "partials/")?.expiration?.days).toBeGreaterThan(0);
  });

  it("functions: arm64 on nodejs22.x with chosen memory and timeouts; each role gets its own policy", () => {
    const fns = find("sst.aws.Function");
    expect(fns.map((f) => f.name).sort()).toEqual(["Finalize", "Plan", "Scan"]);
    for (const f of fns) expect(f.args).toMatchObject({ architecture: "arm64", runtime: "nodejs22.x" });
    expect(one("sst.aws.Function", "Scan").args).toMatchObject({ memory: "2048 MB", timeout: "15 minutes" });
    const scanPolicy = JSON.parse(unwrap(one("aws.iam.RolePolicy", "ScanPolicy").args.policy) as string);
    expect(JSON.stringify(scanPolicy)).toContain("arn:aws:s3:::acme-qa-exports/*");
    expect(JSON.stringify(scanPolicy)).not.toContain("/runs/");
    const finalizePolicy = JSON.parse(
      unwrap(one("aws.iam.RolePolicy", "FinalizePolicy").args.policy) as string,
    );
    expect(JSON.stringify(finalizePolicy)).toContain("/runs/*");
  });

  it("state machine: plan → DISTRIBUTED Maps with the continuation loop → finalize, bound to the functions", () => {
    const machine = one("aws.sfn.StateMachine");
    const definition = JSON.parse(unwrap(machine.args.definition) as string);
    expect(definition.StartAt).toBe("Plan");
    expect(definition.States.Plan.Resource).toBe("arn:sst.aws.Function:Plan");
    expect(definition.States.Plan.Next).toBe("ScanProduction");
    expect(definition.States.ScanProduction.ItemProcessor.ProcessorConfig.Mode).toBe("DISTRIBUTED");
    expect(definition.States.ScanProduction.MaxConcurrency).toBe(40);
    expect(definition.States.ScanProduction.ToleratedFailurePercentage).toBe(5);
    expect(definition.States.ScanProduction.Next).toBe("ScanOther");
    expect(definition.States.ScanOther.ItemProcessor.States.ScanOtherBatch.Resource).toBe(
      "arn:sst.aws.Function:Scan",
    );
    expect(definition.States.ScanOther.Next).toBe("Finalize");
    expect(definition.States.Finalize.Resource).toBe("arn:sst.aws.Function:Finalize");
    // The Maps read the plan's batch lists from the report bucket: the machine's role may read partials.
    expect(definition.States.ScanProduction.ItemReader.Resource).toBe("arn:aws:states:::s3:getObject");
    const machinePolicy = JSON.parse(
      unwrap(one("aws.iam.RolePolicy", "StateMachinePolicy").args.policy) as string,
    ) as { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };
    const reads = machinePolicy.Statement.find((st) => st.Sid === "ReadBatchLists");
    expect(reads).toMatchObject({
      Action: ["s3:GetObject"],
      Resource: ["arn:aws.s3.BucketV2:ReportBucket/partials/*"],
    });
    expect(machine.args.roleArn).toBeDefined();
    expect(outputs.stateMachine).toBeDefined();
  });

  it("schedule: EventBridge Scheduler (CronV2) nightly, with time zone, retries and a DLQ, starting the state machine", () => {
    const cron = one("sst.aws.CronV2");
    expect(cron.args).toMatchObject({
      schedule: "cron(0 2 * * ? *)",
      timezone: "America/New_York",
      enabled: true,
      retries: 3,
    });
    expect(unwrap(cron.args.dlq)).toBe("arn:aws.sqs.Queue:NightlyRunDeadLetters");
    expect(one("aws.sqs.Queue").args).toMatchObject({ sqsManagedSseEnabled: true });
    const transform = cron.args.transform as {
      schedule: (a: Record<string, unknown>) => void;
      role: (a: Record<string, unknown>) => void;
    };
    // The Schedule arguments CronV2 builds for a function target (SST 4.17.1, cron-v2.ts createSchedule),
    // through our transform: the same schedule, aimed at the state machine (a templated target).
    const schedule: Record<string, unknown> = {
      scheduleExpression: "cron(0 2 * * ? *)",
      scheduleExpressionTimezone: "America/New_York",
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        arn: "arn:sst.aws.Function:Plan",
        roleArn: "arn:NightlyScheduleRole",
        input: "{}",
        retryPolicy: { maximumRetryAttempts: 3 },
        deadLetterConfig: { arn: "arn:aws.sqs.Queue:NightlyRunDeadLetters" },
      },
    };
    transform.schedule(schedule);
    expect(schedule).toMatchObject({
      scheduleExpressionTimezone: "America/New_York",
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
    });
    expect(unwrap(schedule.target)).toEqual({
      arn: "arn:aws.sfn.StateMachine:NightlyRun",
      roleArn: "arn:NightlyScheduleRole",
      input: "{}",
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      deadLetterConfig: { arn: "arn:aws.sqs.Queue:NightlyRunDeadLetters" },
    });
    // The role CronV2 would let invoke the plan function may only start the state machine and dead-letter.
    const role: Record<string, unknown> = {
      inlinePolicies: [{ name: "inline", policy: "lambda:InvokeFunction on the plan" }],
    };
    transform.role(role);
    const inline = role.inlinePolicies as { policy: unknown }[];
    expect(inline).toHaveLength(1);
    const policy = JSON.parse(unwrap(inline[0]?.policy) as string) as {
      Statement: { Action: string[]; Resource: string[] }[];
    };
    expect(policy.Statement.map((st) => [st.Action, st.Resource])).toEqual([
      [["states:StartExecution"], ["arn:aws.sfn.StateMachine:NightlyRun"]],
      [["sqs:SendMessage"], ["arn:aws.sqs.Queue:NightlyRunDeadLetters"]],
    ]);
  });
});
