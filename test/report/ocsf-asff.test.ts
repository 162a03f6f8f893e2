// OCSF Detection Finding and ASFF outputs, each validated against the zod schema of the fields it emits.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../packages/core/schemas.ts";
import {
  AsffFile,
  asffFindings,
  InvalidReportInputError,
  OCSF_VERSION,
  OcsfFile,
  ocsfFindings,
  renderAsffJson,
  renderOcsfJson,
  withComparison,
} from "../../packages/report/index.ts";
import { makeFinding, makeSummary, sampleFindings } from "./fixtures.ts";

const ASFF = { awsAccountId: "123456789012", region: "eu-west-1" };

/** A second run: the first sample finding persists, the rest are new, and one older finding was resolved. */
function secondRun() {
  const findings = sampleFindings();
  const [persisting] = findings as [Finding];
  const resolved = makeFinding({ location: { object: "exports/old-dump.csv" }, severity: "high" });
  const summary = withComparison(makeSummary(findings), findings, {
    runId: "r-prev",
    finishedAt: "2025-02-28T02:00:00.000Z",
    findings: [persisting, resolved],
    trend: [],
  });
  return { findings, summary, persisting, resolved };
}

describe("findings.ocsf.json", () => {
  it("is a JSON array of valid OCSF 1.3 Detection Findings, one per finding", () => {
    const findings = sampleFindings();
    const events = OcsfFile.parse(JSON.parse(renderOcsfJson(findings, makeSummary(findings))));
    expect(events).toHaveLength(findings.length);
    for (const [i, e] of events.entries()) {
      const f = findings[i] as Finding;
      expect(e).toMatchObject({
        class_uid: 2004,
        category_uid: 2,
        activity_id: 1,
        type_uid: 200401,
        status: "New",
        metadata: { version: OCSF_VERSION, product: { name: "Exposure Audit" } },
        finding_info: { uid: f.id },
        remediation: { desc: f.remediation },
      });
      expect(e.time).toBe(Date.parse("2025-03-01T02:03:05.000Z"));
      expect(e.evidences?.[0]?.data.redacted_samples).toEqual(f.evidence);
    }
  });

  it("maps severity and confidence to OCSF ids", () => {
    const findings = sampleFindings();
    const events = ocsfFindings(findings, makeSummary(findings));
    const ids = Object.fromEntries(
      events.map((e, i) => [findings[i]?.severity, [e.severity_id, e.severity]]),
    );
    expect(ids).toEqual({
      critical: [5, "Critical"],
      high: [4, "High"],
      medium: [3, "Medium"],
      low: [2, "Low"],
      info: [1, "Informational"],
    });
    expect(events[0]).toMatchObject({ confidence_id: 3, confidence: "High" });
  });

  it("describes the object and its bucket as resources (S3 ARNs for s3:// stores)", () => {
    const [event] = ocsfFindings([makeFinding()], makeSummary([makeFinding()]));
    expect(event?.resources).toEqual([
      expect.objectContaining({
        uid: "arn:aws:s3:::acme-qa-exports/exports/customers.csv",
        type: "AWS::S3::Object",
        cloud_partition: "aws",
      }),
      expect.objectContaining({ uid: "arn:aws:s3:::acme-qa-exports", type: "AWS::S3::Bucket" }),
    ]);
    const local = makeFinding({
      location: { store: "file:///data/acme-qa", container: "acme-qa", object: "a/b.csv" },
    });
    const [fileEvent] = ocsfFindings([local], makeSummary([local]));
    expect(fileEvent?.resources[0]).toMatchObject({ uid: "file:///data/acme-qa/a/b.csv", type: "File" });
  });

  it("creates new findings, updates persisting ones and closes resolved ones", () => {
    const { findings, summary, persisting, resolved } = secondRun();
    const events = OcsfFile.parse(ocsfFindings(findings, summary));
    expect(events).toHaveLength(findings.length + 1);
    const byUid = new Map(events.map((e) => [e.finding_info.uid, e]));
    expect(byUid.get(persisting.id)).toMatchObject({
      activity_id: 2,
      activity_name: "Update",
      type_uid: 200402,
    });
    expect(byUid.get(findings[1]?.id ?? "")).toMatchObject({ activity_id: 1, type_uid: 200401 });
    expect(byUid.get(resolved.id)).toMatchObject({
      activity_id: 3,
      activity_name: "Close",
      type_uid: 200403,
      status_id: 4,
      status: "Resolved",
      severity_id: 4,
    });
    expect(byUid.get(resolved.id)?.evidences).toBeUndefined();
  });

  it("the schema rejects what OCSF forbids", () => {
    const [event] = ocsfFindings([makeFinding()], makeSummary([makeFinding()]));
    expect(OcsfFile.safeParse([{ ...event, type_uid: 200402 }]).success).toBe(false);
    expect(OcsfFile.safeParse([{ ...event, severity: "High" }]).success).toBe(false);
    expect(OcsfFile.safeParse([{ ...event, resources: [] }]).success).toBe(false);
    expect(OcsfFile.safeParse([{ ...event, raw_value: "x" }]).success).toBe(false);
  });
});

describe("findings.asff.json", () => {
  it("is a JSON array of valid ASFF findings with stable ids, one per finding", () => {
    const findings = sampleFindings();
    const list = AsffFile.parse(JSON.parse(renderAsffJson(findings, makeSummary(findings), ASFF)));
    expect(list).toHaveLength(findings.length);
    for (const [i, a] of list.entries()) {
      const f = findings[i] as Finding;
      expect(a).toMatchObject({
        SchemaVersion: "2018-10-08",
        Id: `exposure-audit/${f.id}`,
        ProductArn: "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default",
        AwsAccountId: "123456789012",
        Types: [`Sensitive Data Identifications/PII/${f.dataType}`],
        RecordState: "ACTIVE",
        CreatedAt: "2025-03-01T02:00:00.000Z",
        UpdatedAt: "2025-03-01T02:03:05.000Z",
      });
      expect(a.ProductFields["exposure-audit/evidence"]).toBe(f.evidence.join("; ") || "none");
    }
    expect(list.map((a) => a.Severity.Label)).toEqual(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]);
    expect(list[0]?.Resources.map((r) => [r.Type, r.Id])).toEqual([
      ["AwsS3Object", "arn:aws:s3:::acme-qa-exports/exports/customers.csv"],
      ["AwsS3Bucket", "arn:aws:s3:::acme-qa-exports"],
    ]);
  });

  it("archives findings resolved since the previous run", () => {
    const { findings, summary, resolved } = secondRun();
    const list = AsffFile.parse(asffFindings(findings, summary, ASFF));
    const archived = list.filter((a) => a.RecordState === "ARCHIVED");
    expect(archived.map((a) => a.Id)).toEqual([`exposure-audit/${resolved.id}`]);
  });

  it("keeps Security Hub's length limits for long keys and field names", () => {
    const long = makeFinding({
      location: { object: `${"deep/".repeat(200)}x.csv`, field: "f".repeat(3000) },
    });
    const [a] = AsffFile.parse(asffFindings([long], makeSummary([long]), ASFF));
    expect(a?.Title.length).toBeLessThanOrEqual(256);
    expect(a?.Description.length).toBeLessThanOrEqual(1024);
    expect(a?.Resources[0]?.Id.length).toBeLessThanOrEqual(512);
  });

  it("refuses an account id or region that is not one", () => {
    const findings = [makeFinding()];
    for (const bad of [
      { awsAccountId: "12345", region: "us-east-1" },
      { awsAccountId: "123456789012", region: "mars" },
    ])
      expect(() => asffFindings(findings, makeSummary(findings), bad)).toThrow(InvalidReportInputError);
  });
});
