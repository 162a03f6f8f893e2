// `findings.ocsf.json`: the findings as OCSF Detection Findings (class 2004, category 2 Findings), OCSF 1.3.0.
// Current findings are Create (new, or a first run) or Update (persisting) events with status New; findings
// resolved since the previous run are Close events with status Resolved. Evidence is the redacted samples only.
import { z } from "zod";
import type { ComparedFinding, Finding, Severity, Summary } from "../core/schemas.ts";
import {
  clip,
  DATA_TYPE_NAME,
  findingDescription,
  findingSubject,
  findingTitle,
  type ResourceRef,
  resolvedDescription,
  resourceRef,
} from "./finding-text.ts";
import { validFindings, validSummary } from "./validate.ts";

export const OCSF_VERSION = "1.3.0";
export const OCSF_CLASS_UID = 2004;
export const OCSF_CATEGORY_UID = 2;

const ACTIVITY = { 1: "Create", 2: "Update", 3: "Close" } as const;
const SEVERITY_ID: Record<Severity, 1 | 2 | 3 | 4 | 5> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME = { 1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical" } as const;
const CONFIDENCE_ID = { low: 1, medium: 2, high: 3 } as const;
const CONFIDENCE_NAME = { 1: "Low", 2: "Medium", 3: "High" } as const;

const name = (values: Record<number, string>) => z.enum(Object.values(values) as [string, ...string[]]);

const OcsfResource = z.strictObject({
  uid: z.string().min(1),
  name: z.string(),
  type: z.string().min(1),
  cloud_partition: z.literal("aws").optional(),
  group: z.strictObject({ name: z.string() }).optional(),
  data: z.record(z.string(), z.string()).optional(),
});

/** The fields this writer emits, with the OCSF rules they must keep (required attributes, enum pairs). */
export const OcsfDetectionFinding = z
  .strictObject({
    class_uid: z.literal(OCSF_CLASS_UID),
    class_name: z.literal("Detection Finding"),
    category_uid: z.literal(OCSF_CATEGORY_UID),
    category_name: z.literal("Findings"),
    activity_id: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    activity_name: name(ACTIVITY),
    type_uid: z.number().int(),
    type_name: z.string(),
    time: z.number().int().positive().describe("Epoch milliseconds: when the run finished."),
    severity_id: z.number().int().min(1).max(5),
    severity: name(SEVERITY_NAME),
    status_id: z.union([z.literal(1), z.literal(4)]),
    status: z.enum(["New", "Resolved"]),
    confidence_id: z.number().int().min(1).max(3).optional(),
    confidence: name(CONFIDENCE_NAME).optional(),
    message: z.string(),
    metadata: z.strictObject({
      version: z.literal(OCSF_VERSION),
      product: z.strictObject({ name: z.string(), vendor_name: z.string(), version: z.string() }),
      correlation_uid: z.string().describe("The run id."),
      log_name: z.literal("findings.ocsf.json"),
    }),
    finding_info: z.strictObject({
      uid: z.string().regex(/^[0-9a-f]{24}$/),
      title: z.string().min(1),
      desc: z.string(),
      types: z.array(z.string()).min(1),
      analytic: z.strictObject({ name: z.string(), type_id: z.literal(1), type: z.literal("Rule") }),
    }),
    resources: z.array(OcsfResource).min(1),
    evidences: z
      .array(
        z.strictObject({
          data: z.strictObject({
            field: z.string().nullable(),
            redacted_samples: z.array(z.string().max(64)).max(5),
            match_count: z.number().int().nonnegative(),
            value_count: z.number().int().nonnegative(),
          }),
        }),
      )
      .optional(),
    remediation: z.strictObject({ desc: z.string() }).optional(),
    unmapped: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()])),
  })
  .refine((e) => e.type_uid === e.class_uid * 100 + e.activity_id, {
    message: "type_uid != class_uid*100+activity_id",
  })
  .refine((e) => e.activity_name === ACTIVITY[e.activity_id], { message: "activity_name does not match" })
  .refine((e) => e.severity === SEVERITY_NAME[e.severity_id as 1], { message: "severity does not match" })
  .refine((e) => e.type_name === `Detection Finding: ${e.activity_name}`, {
    message: "type_name does not match",
  });
export type OcsfDetectionFinding = z.infer<typeof OcsfDetectionFinding>;

export const OcsfFile = z.array(OcsfDetectionFinding);

function resources(location: ComparedFinding["location"]): z.infer<typeof OcsfResource>[] {
  const ref: ResourceRef = resourceRef(location);
  const aws = ref.kind === "s3" ? { cloud_partition: "aws" as const } : {};
  return [
    {
      uid: ref.objectId,
      name: location.object,
      type: ref.kind === "s3" ? "AWS::S3::Object" : "File",
      ...aws,
      group: { name: location.container },
      data: { field: location.field ?? "(free text)", store: location.store },
    },
    {
      uid: ref.storeId,
      name: location.container,
      type: ref.kind === "s3" ? "AWS::S3::Bucket" : "Directory",
      ...aws,
    },
  ];
}

type Base = Pick<
  OcsfDetectionFinding,
  | "class_uid"
  | "class_name"
  | "category_uid"
  | "category_name"
  | "activity_id"
  | "activity_name"
  | "type_uid"
  | "type_name"
  | "time"
  | "severity_id"
  | "severity"
  | "metadata"
  | "resources"
>;

function base(summary: Summary, activity: 1 | 2 | 3, f: ComparedFinding): Base {
  const severityId = SEVERITY_ID[f.severity];
  return {
    class_uid: OCSF_CLASS_UID,
    class_name: "Detection Finding" as const,
    category_uid: OCSF_CATEGORY_UID,
    category_name: "Findings" as const,
    activity_id: activity,
    activity_name: ACTIVITY[activity],
    type_uid: OCSF_CLASS_UID * 100 + activity,
    type_name: `Detection Finding: ${ACTIVITY[activity]}`,
    time: Date.parse(summary.finishedAt),
    severity_id: severityId,
    severity: SEVERITY_NAME[severityId],
    metadata: {
      version: OCSF_VERSION,
      product: { name: "Exposure Audit", vendor_name: "Exposure Audit", version: summary.version },
      correlation_uid: summary.runId,
      log_name: "findings.ocsf.json" as const,
    },
    resources: resources(f.location),
  };
}

const analytic = (f: ComparedFinding) => ({
  name: `${f.dataType} detector`,
  type_id: 1 as const,
  type: "Rule" as const,
});

export function ocsfFinding(f: Finding, summary: Summary, isNew: boolean): OcsfDetectionFinding {
  const title = findingTitle(f);
  const confidenceId = CONFIDENCE_ID[f.confidence];
  return {
    ...base(summary, isNew ? 1 : 2, f),
    status_id: 1,
    status: "New",
    confidence_id: confidenceId,
    confidence: CONFIDENCE_NAME[confidenceId],
    message: clip(title, 1024),
    finding_info: {
      uid: f.id,
      title,
      desc: findingDescription(f),
      types: [f.dataType, DATA_TYPE_NAME[f.dataType]],
      analytic: analytic(f),
    },
    evidences: [
      {
        data: {
          field: f.location.field,
          redacted_samples: [...f.evidence],
          match_count: f.matchCount,
          value_count: f.valueCount,
        },
      },
    ],
    remediation: { desc: f.remediation },
    unmapped: {
      data_type: f.dataType,
      exposure: f.exposure,
      environment: f.environment,
      environment_rule: f.environmentRule,
      environment_detail: f.environmentDetail,
      real_data: f.realData,
      real_data_reasons: [...f.realDataReasons],
      severity_reasons: [...f.severityReasons],
      format: f.format,
      protection: f.protection ? `${f.protection.weak ? "weak: " : ""}${f.protection.note}` : null,
    },
  };
}

export function ocsfResolved(f: ComparedFinding, summary: Summary): OcsfDetectionFinding {
  const title = `Resolved: ${findingSubject(f)}`;
  return {
    ...base(summary, 3, f),
    status_id: 4,
    status: "Resolved",
    message: clip(title, 1024),
    finding_info: {
      uid: f.id,
      title,
      desc: resolvedDescription(f, summary.runId),
      types: [f.dataType, DATA_TYPE_NAME[f.dataType]],
      analytic: analytic(f),
    },
    unmapped: { data_type: f.dataType, previous_run_id: summary.comparison.previousRunId },
  };
}

/** The OCSF events of a run: one per finding, then one Close per finding resolved since the previous run. */
export function ocsfFindings(findings: readonly Finding[], summary: Summary): OcsfDetectionFinding[] {
  const s = validSummary(summary);
  const fresh = new Set(s.comparison.new.map((f) => f.id));
  const first = s.comparison.previousRunId === null;
  return [
    ...validFindings(findings).map((f) => ocsfFinding(f, s, first || fresh.has(f.id))),
    ...s.comparison.resolved.map((f) => ocsfResolved(f, s)),
  ];
}

/** `findings.ocsf.json`: a JSON array of OCSF Detection Finding events, two-space indented, final newline. */
export function renderOcsfJson(findings: readonly Finding[], summary: Summary): string {
  return `${JSON.stringify(ocsfFindings(findings, summary), null, 2)}\n`;
}
