// The stack's IAM policies, evaluated offline with @cloud-copilot/iam-simulate: the scanner reads its
// targets and its partials, cannot write a target nor read or write a report; only finalize writes reports.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { describe, expect, it } from "vitest";
import {
  finalizePolicy,
  type PolicyDocument,
  planPolicy,
  scannerPolicy,
  schedulerPolicy,
  sealPolicy,
  stateMachinePolicy,
} from "../../stacks/policies.ts";

const ACCOUNT = "123456789012";
const REPORTS = "arn:aws:s3:::exposure-audit-prod-reports";
const inputs = {
  targets: ["s3://acme-prod-customers", "s3://acme-qa-exports/exports"],
  reportBucketArn: REPORTS,
  reportKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/report`,
  targetKeyArns: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/targets`],
  fingerprintParameterArn: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/exposure-audit/key`,
};

async function allowed(
  policy: PolicyDocument,
  action: string,
  resource: string,
  context = {},
): Promise<boolean> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/exposure-audit`,
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: context,
      },
      identityPolicies: [{ name: "stack", policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  // A KMS key also needs its key policy to agree: that is the key owner's; here the role's side counts.
  if (action.startsWith("kms:") && result.resultType === "single") {
    const analysis = result.result.analysis as { identityAnalysis?: { result?: string } };
    return analysis.identityAnalysis?.result === "Allowed";
  }
  return result.overallResult === "Allowed";
}

describe("scanner role", () => {
  const policy = scannerPolicy(inputs);
  it("reads the targets: list, get, posture, KMS decrypt", async () => {
    expect(await allowed(policy, "s3:ListBucket", "arn:aws:s3:::acme-prod-customers")).toBe(true);
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-prod-customers/customers/a.csv")).toBe(
      true,
    );
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-qa-exports/exports/x.csv")).toBe(true);
    expect(await allowed(policy, "s3:GetBucketTagging", "arn:aws:s3:::acme-qa-exports")).toBe(true);
    expect(await allowed(policy, "s3:GetEncryptionConfiguration", "arn:aws:s3:::acme-qa-exports")).toBe(true);
    expect(
      await allowed(policy, "kms:Decrypt", inputs.targetKeyArns[0] as string, {
        "kms:ViaService": "s3.us-east-1.amazonaws.com",
      }),
    ).toBe(true);
  });
  it("cannot read outside the configured prefixes or other buckets", async () => {
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-qa-exports/other/x.csv")).toBe(false);
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::someone-elses-bucket/x.csv")).toBe(false);
    expect(await allowed(policy, "kms:Decrypt", `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`)).toBe(false);
  });
  it("cannot write or delete targets", async () => {
    for (const action of ["s3:PutObject", "s3:DeleteObject"]) {
      expect(await allowed(policy, action, "arn:aws:s3:::acme-prod-customers/customers/a.csv")).toBe(false);
    }
    expect(await allowed(policy, "s3:PutBucketPolicy", "arn:aws:s3:::acme-prod-customers")).toBe(false);
  });
  it("writes partials only; cannot read or write reports", async () => {
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/partials/run-1/batches/ab.json`)).toBe(true);
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/partials/run-1/batches/ab.json`)).toBe(true);
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/runs/2026-11-24/run-1/findings.jsonl`)).toBe(
      false,
    );
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/runs/2026-11-24/run-1/summary.json`)).toBe(
      false,
    );
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/latest.json`)).toBe(false);
    expect(await allowed(policy, "s3:ListBucket", REPORTS, { "s3:prefix": "runs/" })).toBe(false);
    expect(await allowed(policy, "s3:ListBucket", REPORTS, { "s3:prefix": "partials/run-1/" })).toBe(true);
  });
  it("reads the kept production fingerprints, and cannot change them", async () => {
    const shard = `${REPORTS}/state/fingerprints/0123456789abcdef/US_SSN/shard-000.bin`;
    expect(await allowed(policy, "s3:GetObject", shard)).toBe(true);
    expect(await allowed(policy, "s3:PutObject", shard)).toBe(false);
    expect(await allowed(policy, "s3:DeleteObject", shard)).toBe(false);
  });
});

describe("seal role", () => {
  const policy = sealPolicy(inputs);
  it("reads the run's batch partials and writes the production handoff", async () => {
    expect(await allowed(policy, "s3:ListBucket", REPORTS, { "s3:prefix": "partials/run-1/batches/" })).toBe(
      true,
    );
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/partials/run-1/batches/ab.json`)).toBe(true);
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/partials/run-1/production-handoff.bin`)).toBe(
      true,
    );
  });
  it("writes nothing else: no batch partial, plan, report, state; reads no plan, report, target or key", async () => {
    for (const key of [
      "partials/run-1/batches/ab.json",
      "partials/run-1/plan.json",
      "partials/run-1/batches-other.json",
      "runs/2026-11-24/run-1/summary.json",
      "latest.json",
      "state/fingerprints/x/US_SSN/shard-000.bin",
    ])
      expect(await allowed(policy, "s3:PutObject", `${REPORTS}/${key}`), key).toBe(false);
    expect(await allowed(policy, "s3:DeleteObject", `${REPORTS}/partials/run-1/batches/ab.json`)).toBe(false);
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/partials/run-1/plan.json`)).toBe(false);
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/runs/2026-11-24/run-1/findings.jsonl`)).toBe(
      false,
    );
    expect(
      await allowed(policy, "s3:GetObject", `${REPORTS}/state/fingerprints/x/US_SSN/shard-000.bin`),
    ).toBe(false);
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-prod-customers/customers/a.csv")).toBe(
      false,
    );
    expect(await allowed(policy, "s3:ListBucket", REPORTS, { "s3:prefix": "runs/" })).toBe(false);
    expect(await allowed(policy, "ssm:GetParameter", inputs.fingerprintParameterArn)).toBe(false);
  });
});

const machineInputs = {
  functionArns: ["plan", "scan", "seal", "finalize"].map(
    (f) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${f}`,
  ),
  stateMachineArn: "arn:aws:states:*:*:stateMachine:exposure-audit-prod-nightly",
  reportBucketArn: REPORTS,
  reportKeyArn: inputs.reportKeyArn,
};

describe("state machine role", () => {
  const policy = stateMachinePolicy(machineInputs);
  it("invokes the functions and runs its own Map children", async () => {
    expect(await allowed(policy, "lambda:InvokeFunction", machineInputs.functionArns[1] as string)).toBe(
      true,
    );
    expect(
      await allowed(
        policy,
        "lambda:InvokeFunction",
        `arn:aws:lambda:us-east-1:${ACCOUNT}:function:someone-else`,
      ),
    ).toBe(false);
    expect(
      await allowed(
        policy,
        "states:StartExecution",
        `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:exposure-audit-prod-nightly`,
      ),
    ).toBe(true);
  });
  it("reads the plan's batch lists (ItemReader), decrypting with the report key through S3", async () => {
    const list = `${REPORTS}/partials/2026-11-24T0200Z-abcdef/batches-production.json`;
    expect(await allowed(policy, "s3:GetObject", list)).toBe(true);
    expect(
      await allowed(policy, "kms:Decrypt", inputs.reportKeyArn, {
        "kms:ViaService": "s3.us-east-1.amazonaws.com",
      }),
    ).toBe(true);
    expect(await allowed(policy, "kms:Decrypt", inputs.reportKeyArn)).toBe(false);
    expect(await allowed(policy, "kms:Decrypt", inputs.targetKeyArns[0] as string)).toBe(false);
  });
  it("cannot write partials, read reports or state, nor touch targets", async () => {
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/partials/run-1/batches-other.json`)).toBe(false);
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/runs/2026-11-24/run-1/findings.jsonl`)).toBe(
      false,
    );
    expect(await allowed(policy, "s3:GetObject", `${REPORTS}/latest.json`)).toBe(false);
    expect(
      await allowed(policy, "s3:GetObject", `${REPORTS}/state/fingerprints/x/US_SSN/shard-000.bin`),
    ).toBe(false);
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-prod-customers/customers/a.csv")).toBe(
      false,
    );
    expect(await allowed(policy, "s3:ListBucket", "arn:aws:s3:::acme-prod-customers")).toBe(false);
  });
});

describe("schedule role", () => {
  const machine = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:exposure-audit-prod-nightly`;
  const dlq = `arn:aws:sqs:us-east-1:${ACCOUNT}:nightly-dead-letters`;
  const policy = schedulerPolicy(machine, dlq);
  it("starts the nightly state machine and dead-letters to its queue, nothing else", async () => {
    expect(await allowed(policy, "states:StartExecution", machine)).toBe(true);
    expect(await allowed(policy, "sqs:SendMessage", dlq)).toBe(true);
    expect(
      await allowed(
        policy,
        "states:StartExecution",
        `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:other`,
      ),
    ).toBe(false);
    expect(await allowed(policy, "states:DeleteStateMachine", machine)).toBe(false);
    expect(
      await allowed(policy, "lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:plan`),
    ).toBe(false);
  });
});

describe("plan and finalize roles", () => {
  it("plan lists targets and writes the plan, reads no object", async () => {
    const policy = planPolicy(inputs);
    expect(await allowed(policy, "s3:ListBucket", "arn:aws:s3:::acme-qa-exports")).toBe(true);
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-qa-exports/exports/x.csv")).toBe(false);
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/partials/run-1/plan.json`)).toBe(true);
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/latest.json`)).toBe(false);
  });
  it("plan reads the scan state, cannot write it, and cannot read the fingerprints", async () => {
    const policy = planPolicy(inputs);
    const state = `${REPORTS}/state/scan/0123456789abcdef0123456789abcdef.json`;
    expect(await allowed(policy, "s3:GetObject", state)).toBe(true);
    expect(await allowed(policy, "s3:PutObject", state)).toBe(false);
    expect(await allowed(policy, "s3:DeleteObject", state)).toBe(false);
    const shard = `${REPORTS}/state/fingerprints/0123456789abcdef/US_SSN/shard-000.bin`;
    expect(await allowed(policy, "s3:GetObject", shard)).toBe(false);
    expect(await allowed(policy, "ssm:GetParameter", inputs.fingerprintParameterArn)).toBe(true);
  });
  it("finalize writes the scan state; the scanner only reads the state area", async () => {
    const state = `${REPORTS}/state/scan/0123456789abcdef0123456789abcdef.json`;
    expect(await allowed(finalizePolicy(inputs), "s3:PutObject", state)).toBe(true);
    expect(await allowed(scannerPolicy(inputs), "s3:PutObject", state)).toBe(false);
  });
  it("finalize writes reports and latest.json, and cannot touch targets", async () => {
    const policy = finalizePolicy(inputs);
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/runs/2026-11-24/run-1/report.html`)).toBe(true);
    expect(await allowed(policy, "s3:PutObject", `${REPORTS}/latest.json`)).toBe(true);
    expect(await allowed(policy, "s3:DeleteObject", `${REPORTS}/partials/run-1/plan.json`)).toBe(true);
    expect(await allowed(policy, "s3:DeleteObject", `${REPORTS}/runs/2026-11-24/run-1/report.html`)).toBe(
      false,
    );
    expect(await allowed(policy, "s3:GetObject", "arn:aws:s3:::acme-prod-customers/customers/a.csv")).toBe(
      false,
    );
    const shard = `${REPORTS}/state/fingerprints/0123456789abcdef/US_SSN/shard-000.bin`;
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
      expect(await allowed(policy, action, shard)).toBe(true);
    }
  });
  it("no data-access statement uses s3:* or Resource *", () => {
    const docs = [
      planPolicy(inputs),
      scannerPolicy(inputs),
      sealPolicy(inputs),
      finalizePolicy(inputs),
      stateMachinePolicy(machineInputs),
    ];
    for (const doc of docs) {
      for (const s of doc.Statement) {
        expect(s.Action).not.toContain("s3:*");
        expect(s.Resource).not.toContain("*");
      }
    }
  });
});
