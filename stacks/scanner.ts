// The functions (arm64) and the state machine: plan → DISTRIBUTED Map (production) → DISTRIBUTED Map
// (other stores) → finalize. Each function's role gets exactly the policy of stacks/policies.ts.
//
// Memory and timeout:
// - scan: 1769 MB is one full vCPU on Lambda; the scanner is single-threaded and CPU-bound (see the
//   README's measured MB/s), so 2048 MB buys a whole core plus headroom for parquet pages and gunzip
//   buffers. 15 minutes (the maximum) with a 60 s deadline margin: a batch that does not fit returns a
//   continuation, so the timeout bounds a batch, never the run.
// - plan: listing is I/O bound: 1024 MB, 10 minutes for buckets with millions of keys.
// - finalize: holds every partial's statistics and the production fingerprints (10 bytes each): 3008 MB,
//   15 minutes.
import type { StageConfig } from "./config.ts";
import { stateMachineDefinition } from "./definition.ts";
import {
  finalizePolicy,
  type PolicyInputs,
  planPolicy,
  scannerPolicy,
  stateMachinePolicy,
} from "./policies.ts";

export interface ScannerInputs {
  config: StageConfig;
  bucket: aws.s3.BucketV2;
  key: aws.kms.Key;
}

export function scanner({ config, bucket, key }: ScannerInputs) {
  const environment = {
    REPORT_BUCKET: bucket.bucket,
    EXPOSURE_AUDIT_TARGETS: JSON.stringify(config.targets),
    ...(config.scannerConfig ? { EXPOSURE_AUDIT_CONFIG: config.scannerConfig } : {}),
    EXPOSURE_AUDIT_DEADLINE_MARGIN_MS: "60000",
    POWERTOOLS_SERVICE_NAME: "exposure-audit",
    POWERTOOLS_METRICS_NAMESPACE: "ExposureAudit",
    ...(config.fingerprintParameter
      ? { EXPOSURE_AUDIT_FINGERPRINT_PARAMETER: config.fingerprintParameter }
      : {}),
  };
  const common = { runtime: "nodejs22.x" as const, architecture: "arm64" as const, environment };
  const plan = new sst.aws.Function("Plan", {
    ...common,
    handler: "functions/plan.handler",
    memory: "1024 MB",
    timeout: "10 minutes",
  });
  const scan = new sst.aws.Function("Scan", {
    ...common,
    handler: "functions/scan.handler",
    memory: "2048 MB",
    timeout: "15 minutes",
  });
  const finalize = new sst.aws.Function("Finalize", {
    ...common,
    handler: "functions/finalize.handler",
    memory: "3008 MB",
    timeout: "15 minutes",
  });

  const inputs = $resolve([bucket.arn, key.arn]).apply(
    ([reportBucketArn, reportKeyArn]): PolicyInputs => ({
      targets: config.targets,
      reportBucketArn,
      reportKeyArn,
      targetKeyArns: config.targetKeyArns,
      ...(config.fingerprintParameter
        ? {
            fingerprintParameterArn: `arn:aws:ssm:*:*:parameter/${config.fingerprintParameter.replace(/^\//, "")}`,
          }
        : {}),
    }),
  );
  const attach = (name: string, fn: sst.aws.Function, policy: (i: PolicyInputs) => unknown) =>
    new aws.iam.RolePolicy(name, {
      role: fn.nodes.role?.name ?? "",
      policy: inputs.apply((i) => JSON.stringify(policy(i))),
    });
  attach("PlanPolicy", plan, planPolicy);
  attach("ScanPolicy", scan, scannerPolicy);
  attach("FinalizePolicy", finalize, finalizePolicy);

  const name = `${$app.name}-${$app.stage}-nightly`;
  const machineArnPattern = `arn:aws:states:*:*:stateMachine:${name}`;
  const role = new aws.iam.Role("StateMachineRole", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  new aws.iam.RolePolicy("StateMachinePolicy", {
    role: role.name,
    policy: $resolve([plan.arn, scan.arn, finalize.arn, bucket.arn, key.arn]).apply(
      ([planArn, scanArn, finalizeArn, reportBucketArn, reportKeyArn]) =>
        JSON.stringify(
          stateMachinePolicy({
            functionArns: [planArn, scanArn, finalizeArn],
            stateMachineArn: machineArnPattern,
            reportBucketArn,
            reportKeyArn,
          }),
        ),
    ),
  });
  const machine = new aws.sfn.StateMachine("NightlyRun", {
    name,
    roleArn: role.arn,
    type: "STANDARD",
    definition: $resolve([plan.arn, scan.arn, finalize.arn]).apply(([planArn, scanArn, finalizeArn]) =>
      JSON.stringify(
        stateMachineDefinition({
          planArn,
          scanArn,
          finalizeArn,
          maxConcurrency: config.maxConcurrency,
          toleratedFailurePercentage: config.toleratedFailurePercentage,
        }),
      ),
    ),
  });
  return { plan, scan, finalize, machine };
}
