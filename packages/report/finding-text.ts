// Plain-text titles, descriptions and resource ids of findings, shared by the OCSF and ASFF writers.
import type { ComparedFinding, DataType, Finding } from "../core/schemas.ts";

export const DATA_TYPE_NAME: Record<DataType, string> = {
  US_SSN: "US Social Security numbers",
  US_DRIVERS_LICENSE: "US driver's-license numbers",
};

const fieldText = (field: string | null) => (field === null ? "free text" : `field "${field}"`);

/** e.g. `US Social Security numbers in field "ssn"`. */
export function findingSubject(f: Pick<Finding, "dataType" | "location">): string {
  return `${DATA_TYPE_NAME[f.dataType]} in ${fieldText(f.location.field)}`;
}

/** e.g. `Plaintext US Social Security numbers in field "ssn"`, or `Protected (hashed) …`. */
export function findingTitle(f: Pick<Finding, "dataType" | "exposure" | "location">): string {
  const how = f.exposure === "plaintext" ? "Plaintext" : `Protected (${f.exposure})`;
  return `${how} ${findingSubject(f)}`;
}

/** One paragraph: where, how many, environment, real-data verdict. Never a value. */
export function findingDescription(f: Finding): string {
  return (
    `${f.matchCount} of ${f.valueCount} values in ${fieldText(f.location.field)} of ${f.location.object} ` +
    `(${f.format}) in ${f.location.store} hold ${DATA_TYPE_NAME[f.dataType]} (${f.exposure}). ` +
    `Environment: ${f.environment} (${f.environmentRule}: ${f.environmentDetail}). ` +
    `Real data: ${f.realData}${f.realDataReasons.length > 0 ? ` (${f.realDataReasons.join("; ")})` : ""}. ` +
    `Severity ${f.severity}: ${f.severityReasons.join("; ")}.`
  );
}

/** The description of a finding gone since the previous run. */
export function resolvedDescription(f: ComparedFinding, runId: string): string {
  return `No longer found in ${fieldText(f.location.field)} of ${f.location.object} in ${f.location.store}: resolved by run ${runId}.`;
}

export interface ResourceRef {
  /** `s3` for S3 stores, `file` for local directories, `other` for anything else. */
  kind: "s3" | "file" | "other";
  storeId: string;
  objectId: string;
  bucket: string | null;
}

/**
 * Identifiers of a finding's store and object: S3 ARNs for `s3://` stores (the object is its key),
 * else the store URI and the store URI joined with the object path.
 */
export function resourceRef(location: { store: string; container: string; object: string }): ResourceRef {
  const s3 = /^s3:\/\/([^/]+)/.exec(location.store);
  if (s3?.[1])
    return {
      kind: "s3",
      bucket: s3[1],
      storeId: `arn:aws:s3:::${s3[1]}`,
      objectId: `arn:aws:s3:::${s3[1]}/${location.object}`,
    };
  const kind = location.store.startsWith("file://") || location.store.startsWith("/") ? "file" : "other";
  return {
    kind,
    bucket: null,
    storeId: location.store,
    objectId: `${location.store.replace(/\/+$/, "")}/${location.object}`,
  };
}

/** Cuts text to `max` characters, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
