// IAM policy documents of the stack, as pure functions of ARNs: the stack attaches them, the tests
// evaluate them with @cloud-copilot/iam-simulate. No `s3:*`, no `Resource: "*"` for data access.
import { HANDOFF_NAME } from "../packages/engine/phases/handoff.ts";

export interface Statement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: string;
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

export interface PolicyInputs {
  /** Target buckets, with an optional prefix: `acme-prod-customers` or `acme-qa-exports/exports`. */
  targets: readonly string[];
  reportBucketArn: string;
  reportKeyArn: string;
  /** KMS keys the targets' objects are encrypted with (SSE-KMS targets only). */
  targetKeyArns?: readonly string[];
  /** The SSM parameter holding the fingerprint key. */
  fingerprintParameterArn?: string;
}

const POSTURE_READS = [
  "s3:GetBucketTagging",
  "s3:GetEncryptionConfiguration",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetBucketPolicyStatus",
  "s3:GetBucketVersioning",
  "s3:GetBucketLocation",
];

function split(target: string): { bucket: string; prefix: string } {
  const t = target.replace(/^s3:\/\//, "");
  const slash = t.indexOf("/");
  return slash === -1
    ? { bucket: t, prefix: "" }
    : { bucket: t.slice(0, slash), prefix: t.slice(slash + 1).replace(/\/?$/, "/") };
}

const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

function targetStatements(inputs: PolicyInputs, objects: boolean): Statement[] {
  const parts = inputs.targets.map(split);
  const buckets = [...new Set(parts.map((p) => bucketArn(p.bucket)))];
  const out: Statement[] = [
    { Sid: "ListTargets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: buckets },
    { Sid: "TargetPosture", Effect: "Allow", Action: POSTURE_READS, Resource: buckets },
  ];
  if (objects) {
    out.push({
      Sid: "ReadTargetObjects",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: parts.map((p) => `${bucketArn(p.bucket)}/${p.prefix}*`),
    });
    if (inputs.targetKeyArns?.length) {
      out.push({
        Sid: "DecryptTargets",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [...inputs.targetKeyArns],
        Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      });
    }
  }
  return out;
}

function reportKey(inputs: PolicyInputs): Statement {
  return {
    Sid: "ReportKey",
    Effect: "Allow",
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: [inputs.reportKeyArn],
  };
}

function fingerprintKey(inputs: PolicyInputs): Statement[] {
  return inputs.fingerprintParameterArn
    ? [
        {
          Sid: "FingerprintKey",
          Effect: "Allow",
          Action: ["ssm:GetParameter"],
          Resource: [inputs.fingerprintParameterArn],
        },
      ]
    : [];
}

function partials(inputs: PolicyInputs, actions: string[]): Statement[] {
  return [
    {
      Sid: "ListPartials",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [inputs.reportBucketArn],
      Condition: { StringLike: { "s3:prefix": ["partials/*"] } },
    },
    { Sid: "Partials", Effect: "Allow", Action: actions, Resource: [`${inputs.reportBucketArn}/partials/*`] },
  ];
}

/** Plan: lists targets and reads their posture; reads the scan state (never writes it, never reads a
 * fingerprint); writes the plan and the carried objects' results among the partials. */
export function planPolicy(inputs: PolicyInputs): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      ...targetStatements(inputs, false),
      ...partials(inputs, ["s3:PutObject"]),
      {
        Sid: "ReadScanState",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [`${inputs.reportBucketArn}/state/scan/*`],
      },
      reportKey(inputs),
      // The scan state is only valid under the key it was made with: the plan compares key ids.
      ...fingerprintKey(inputs),
    ],
  };
}

/** Scan: reads target objects; reads and writes partial results only (never a report, never a target). */
export function scannerPolicy(inputs: PolicyInputs): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      ...targetStatements(inputs, true),
      ...partials(inputs, ["s3:GetObject", "s3:PutObject"]),
      // Production fingerprints kept between runs, looked up (never written) while scanning.
      {
        Sid: "ReadState",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [`${inputs.reportBucketArn}/state/*`],
      },
      reportKey(inputs),
      ...fingerprintKey(inputs),
    ],
  };
}

/**
 * Seal production: reads the run's batch partials (the production ones are all there is by then) and
 * writes the one production handoff. No target, no state, no key: it merges fingerprints already keyed.
 */
export function sealPolicy(inputs: PolicyInputs): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ListBatchPartials",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [inputs.reportBucketArn],
        Condition: { StringLike: { "s3:prefix": ["partials/*/batches/*"] } },
      },
      {
        Sid: "ReadBatchPartials",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [`${inputs.reportBucketArn}/partials/*/batches/*`],
      },
      {
        Sid: "WriteHandoff",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: [`${inputs.reportBucketArn}/partials/*/${HANDOFF_NAME}`],
      },
      reportKey(inputs),
    ],
  };
}

/** Finalize: the only writer of reports (runs/…, latest.json); reads and deletes partials. */
export function finalizePolicy(inputs: PolicyInputs): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "ListReports", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [inputs.reportBucketArn] },
      {
        Sid: "Reports",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [`${inputs.reportBucketArn}/runs/*`, `${inputs.reportBucketArn}/latest.json`],
      },
      {
        Sid: "State",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [`${inputs.reportBucketArn}/state/*`],
      },
      {
        Sid: "Partials",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:DeleteObject"],
        Resource: [`${inputs.reportBucketArn}/partials/*`],
      },
      reportKey(inputs),
      ...fingerprintKey(inputs),
    ],
  };
}

/** The report bucket's own policy: TLS only. */
export function reportBucketPolicy(reportBucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*"],
        Resource: [reportBucketArn, `${reportBucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

export interface StateMachinePolicyInputs {
  functionArns: readonly string[];
  stateMachineArn: string;
  reportBucketArn: string;
  reportKeyArn: string;
}

/**
 * The state machine: invokes the three functions, runs its own DISTRIBUTED Map child executions, and
 * reads the plan's batch lists under `partials/` (the Maps' S3 ItemReader runs as this role, and the
 * bucket's objects are encrypted with the report key). Nothing else of the report bucket, no target.
 */
export function stateMachinePolicy(inputs: StateMachinePolicyInputs): PolicyDocument {
  const { functionArns, stateMachineArn } = inputs;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeFunctions",
        Effect: "Allow",
        Action: ["lambda:InvokeFunction"],
        Resource: functionArns.flatMap((arn) => [arn, `${arn}:*`]),
      },
      {
        Sid: "DistributedMap",
        Effect: "Allow",
        Action: ["states:StartExecution", "states:DescribeExecution", "states:StopExecution"],
        Resource: [stateMachineArn, `${stateMachineArn.replace(":stateMachine:", ":execution:")}:*`],
      },
      {
        Sid: "ReadBatchLists",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [`${inputs.reportBucketArn}/partials/*`],
      },
      {
        Sid: "DecryptBatchLists",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [inputs.reportKeyArn],
        Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
      },
    ],
  };
}

/** The schedule's execution role: start the nightly run, and dead-letter a start that kept failing. */
export function schedulerPolicy(stateMachineArn: string, deadLetterQueueArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "StartNightlyRun",
        Effect: "Allow",
        Action: ["states:StartExecution"],
        Resource: [stateMachineArn],
      },
      { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [deadLetterQueueArn] },
    ],
  };
}
