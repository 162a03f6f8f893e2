// `findings.asff.json`: the findings in AWS Security Hub's finding format (ASFF, schema 2018-10-08), ready for
// BatchImportFindings (at most 100 per call). ASFF needs the account and region the findings are imported into,
// so it is written only when those are given. Resolved findings are sent ARCHIVED.
import { z } from "zod";
import type { ComparedFinding, Finding, Severity, Summary } from "../core/schemas.ts";
import { InvalidReportInputError } from "./errors.ts";
import {
  clip,
  findingDescription,
  findingSubject,
  findingTitle,
  resolvedDescription,
  resourceRef,
} from "./finding-text.ts";
import { validFindings, validSummary } from "./validate.ts";

export const ASFF_SCHEMA_VERSION = "2018-10-08";

export interface AsffOptions {
  /** The 12-digit account the findings are imported into (and the scanner runs in). */
  awsAccountId: string;
  /** The Security Hub region, e.g. us-east-1. */
  region: string;
  /** The partition: aws, aws-cn, aws-us-gov. */
  partition?: string;
}

export const AsffOptionsSchema = z.object({
  awsAccountId: z.string().regex(/^\d{12}$/, "an AWS account id has 12 digits"),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "a region looks like us-east-1"),
  partition: z.enum(["aws", "aws-cn", "aws-us-gov"]).default("aws"),
});

const LABEL: Record<Severity, "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFORMATIONAL"> = {
  critical: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
  info: "INFORMATIONAL",
};
const CONFIDENCE = { high: 90, medium: 60, low: 30 } as const;

const text = (max: number) => z.string().min(1).max(max).regex(/\S/);
const Timestamp = z.iso.datetime();

const AsffResource = z.strictObject({
  Type: z.enum(["AwsS3Object", "AwsS3Bucket", "Other"]),
  Id: text(512),
  Partition: z.enum(["aws", "aws-cn", "aws-us-gov"]),
  Region: z.string(),
  Details: z.strictObject({ Other: z.record(z.string().max(128), z.string().max(1024)) }).optional(),
});

/** The ASFF attributes this writer emits, with Security Hub's documented limits. */
export const AsffFinding = z.strictObject({
  SchemaVersion: z.literal(ASFF_SCHEMA_VERSION),
  Id: text(512),
  ProductArn: z.string().regex(/^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/),
  GeneratorId: text(512),
  AwsAccountId: z.string().regex(/^\d{12}$/),
  Types: z
    .array(z.string().regex(/^Sensitive Data Identifications\/PII\/[A-Z_]+$/))
    .min(1)
    .max(50),
  CreatedAt: Timestamp,
  UpdatedAt: Timestamp,
  LastObservedAt: Timestamp.optional(),
  Severity: z.strictObject({
    Label: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]),
    Original: z.string(),
  }),
  Confidence: z.number().int().min(0).max(100).optional(),
  Title: text(256),
  Description: text(1024),
  Remediation: z.strictObject({ Recommendation: z.strictObject({ Text: text(512) }) }).optional(),
  ProductFields: z
    .record(z.string().max(128), z.string().max(2048))
    .refine((r) => Object.keys(r).length <= 50),
  Resources: z.array(AsffResource).min(1).max(32),
  RecordState: z.enum(["ACTIVE", "ARCHIVED"]),
});
export type AsffFinding = z.infer<typeof AsffFinding>;

export const AsffFile = z.array(AsffFinding);

function resources(location: ComparedFinding["location"], o: Required<AsffOptions>) {
  const ref = resourceRef(location);
  const field = { field: clip(location.field ?? "(free text)", 1024) };
  if (ref.kind === "s3")
    return [
      {
        Type: "AwsS3Object" as const,
        Id: clip(ref.objectId, 512),
        Partition: o.partition as "aws",
        Region: o.region,
        Details: { Other: field },
      },
      { Type: "AwsS3Bucket" as const, Id: ref.storeId, Partition: o.partition as "aws", Region: o.region },
    ];
  return [
    {
      Type: "Other" as const,
      Id: clip(ref.objectId, 512),
      Partition: o.partition as "aws",
      Region: o.region,
      Details: { Other: { ...field, store: clip(location.store, 1024) } },
    },
  ];
}

type Common = Pick<
  AsffFinding,
  | "SchemaVersion"
  | "Id"
  | "ProductArn"
  | "GeneratorId"
  | "AwsAccountId"
  | "Types"
  | "CreatedAt"
  | "UpdatedAt"
  | "Severity"
  | "Resources"
>;

function common(f: ComparedFinding, summary: Summary, o: Required<AsffOptions>): Common {
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    // Stable across runs, so Security Hub updates one finding instead of adding a new one each night.
    Id: `exposure-audit/${f.id}`,
    ProductArn: `arn:${o.partition}:securityhub:${o.region}:${o.awsAccountId}:product/${o.awsAccountId}/default`,
    GeneratorId: `exposure-audit/${f.dataType}`,
    AwsAccountId: o.awsAccountId,
    Types: [`Sensitive Data Identifications/PII/${f.dataType}`],
    CreatedAt: summary.startedAt,
    UpdatedAt: summary.finishedAt,
    Severity: { Label: LABEL[f.severity], Original: f.severity },
    Resources: resources(f.location, o),
  };
}

export function asffFinding(f: Finding, summary: Summary, o: Required<AsffOptions>): AsffFinding {
  return {
    ...common(f, summary, o),
    LastObservedAt: summary.finishedAt,
    Confidence: CONFIDENCE[f.confidence],
    Title: clip(findingTitle(f), 256),
    Description: clip(findingDescription(f), 1024),
    Remediation: { Recommendation: { Text: clip(f.remediation, 512) } },
    ProductFields: {
      "exposure-audit/runId": summary.runId,
      "exposure-audit/dataType": f.dataType,
      "exposure-audit/exposure": f.exposure,
      "exposure-audit/environment": f.environment,
      "exposure-audit/environmentRule": f.environmentRule,
      "exposure-audit/realData": f.realData,
      "exposure-audit/realDataReasons": clip(f.realDataReasons.join("; ") || "none", 2048),
      "exposure-audit/field": clip(f.location.field ?? "(free text)", 2048),
      "exposure-audit/matchCount": String(f.matchCount),
      "exposure-audit/valueCount": String(f.valueCount),
      "exposure-audit/evidence": clip(f.evidence.join("; ") || "none", 2048),
    },
    RecordState: "ACTIVE",
  };
}

export function asffResolved(f: ComparedFinding, summary: Summary, o: Required<AsffOptions>): AsffFinding {
  return {
    ...common(f, summary, o),
    Title: clip(`Resolved: ${findingSubject(f)}`, 256),
    Description: clip(resolvedDescription(f, summary.runId), 1024),
    ProductFields: { "exposure-audit/runId": summary.runId, "exposure-audit/dataType": f.dataType },
    RecordState: "ARCHIVED",
  };
}

/** The ASFF findings of a run: every current finding ACTIVE, every finding resolved since the previous run ARCHIVED. */
export function asffFindings(
  findings: readonly Finding[],
  summary: Summary,
  options: AsffOptions,
): AsffFinding[] {
  const parsed = AsffOptionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidReportInputError("ASFF options", z.prettifyError(parsed.error));
  const o = parsed.data as Required<AsffOptions>;
  const s = validSummary(summary);
  return [
    ...validFindings(findings).map((f) => asffFinding(f, s, o)),
    ...s.comparison.resolved.map((f) => asffResolved(f, s, o)),
  ];
}

/** `findings.asff.json`: a JSON array of ASFF findings, two-space indented, final newline. */
export function renderAsffJson(findings: readonly Finding[], summary: Summary, options: AsffOptions): string {
  return `${JSON.stringify(asffFindings(findings, summary, options), null, 2)}\n`;
}
