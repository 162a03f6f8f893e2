// What every handler shares, built once per container (lazily, never at import time): settings from the
// environment (set by stacks/scanner.ts), the S3 client, the report store, the fingerprint key, logs
// and metrics.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { parseConfig, resolveSettings, type ScanSettings } from "../packages/config/index.ts";
import { createS3Client } from "../packages/connectors/s3/index.ts";
import { ExposureAuditError, UsageError } from "../packages/core/index.ts";
import { onceKey } from "../packages/engine/phases/index.ts";
import type { FingerprintOptions } from "../packages/engine/real-data.ts";
import { EphemeralKeyProvider, type KeyProvider } from "../packages/fingerprints/index.ts";
import { S3StateStorage } from "../packages/fingerprints/s3-state-storage.ts";
import { type ReportStore, S3BucketReportStore } from "../packages/report/index.ts";

export const Settings = z.object({
  /** The report bucket (partials, runs, latest.json). */
  REPORT_BUCKET: z.string().min(3),
  /** JSON array of targets, e.g. ["s3://acme-prod-customers","s3://acme-qa-exports"]; else the config's. */
  EXPOSURE_AUDIT_TARGETS: z
    .string()
    .transform((text) => z.array(z.string().min(1)).parse(JSON.parse(text)))
    .optional(),
  /** The configuration file's content (JSON, as `exposure-audit.config.json`): environments, account
   * map, include/exclude, limits, sampling — the same file the CLI reads. */
  EXPOSURE_AUDIT_CONFIG: z.string().optional(),
  /** SSM SecureString parameter holding the fingerprint key; without it a key per run (nothing kept). */
  EXPOSURE_AUDIT_FINGERPRINT_PARAMETER: z.string().optional(),
  /** Set by Lambda itself: the handlers run in a Lambda container. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
  /** An S3-compatible endpoint (local runs and tests only). */
  EXPOSURE_AUDIT_S3_ENDPOINT: z.string().url().optional(),
  EXPOSURE_AUDIT_BATCH_BYTES: z.coerce.number().int().positive().optional(),
  EXPOSURE_AUDIT_BATCH_UNITS: z.coerce.number().int().positive().optional(),
  /** Milliseconds kept free before the Lambda deadline: no unit starts later. */
  EXPOSURE_AUDIT_DEADLINE_MARGIN_MS: z.coerce.number().int().nonnegative().optional(),
});
export type Settings = z.infer<typeof Settings>;

export const logger = new Logger({ serviceName: "exposure-audit" });
export const metrics = new Metrics({ namespace: "ExposureAudit", serviceName: "exposure-audit" });

interface Runtime {
  settings: Settings;
  /** The configuration resolved as the CLI resolves it: targets, environments, selection, limits. */
  scan: ScanSettings;
  s3: S3Client;
  reportStore: ReportStore;
  fingerprints: FingerprintOptions;
}

let runtime: Runtime | null = null;

/** The container's runtime, built on the first invocation. */
export async function getRuntime(): Promise<Runtime> {
  if (runtime) return runtime;
  const settings = Settings.parse(process.env);
  const config = settings.EXPOSURE_AUDIT_CONFIG
    ? {
        file: "/var/task/exposure-audit.config.json",
        config: parseConfig(JSON.parse(settings.EXPOSURE_AUDIT_CONFIG), "EXPOSURE_AUDIT_CONFIG"),
      }
    : null;
  const scan = resolveSettings(config, { targets: settings.EXPOSURE_AUDIT_TARGETS ?? [] });
  const s3 = createS3Client(
    settings.EXPOSURE_AUDIT_S3_ENDPOINT ? { endpointUrl: settings.EXPOSURE_AUDIT_S3_ENDPOINT } : {},
  );
  if (!settings.EXPOSURE_AUDIT_FINGERPRINT_PARAMETER && settings.AWS_LAMBDA_FUNCTION_NAME) {
    // Every container would make its own key: production fingerprints made in one scan container could
    // never match a copy looked up in another, and every copy would silently read as unconfirmed.
    throw new UsageError(
      "EXPOSURE_AUDIT_FINGERPRINT_PARAMETER is not set: on Lambda the fingerprint key must be shared by every container. Create an SSM SecureString parameter holding ≥ 32 random bytes (hex or base64) and deploy with its name (README: Deploy).",
    );
  }
  let provider: KeyProvider = new EphemeralKeyProvider();
  if (settings.EXPOSURE_AUDIT_FINGERPRINT_PARAMETER) {
    const { SSMClient } = await import("@aws-sdk/client-ssm");
    const { SsmKeyProvider } = await import("../packages/fingerprints/aws-key-providers.ts");
    provider = new SsmKeyProvider({
      client: new SSMClient({}),
      name: settings.EXPOSURE_AUDIT_FINGERPRINT_PARAMETER,
    });
  }
  runtime = {
    settings,
    scan,
    s3,
    reportStore: new S3BucketReportStore({ client: s3, bucket: settings.REPORT_BUCKET }),
    // With a kept key (SSM), production fingerprints persist in the report bucket's state/ area; with a
    // key per run they would be worthless later, so they only confirm copies within the run.
    fingerprints: {
      keyProvider: onceKey(provider),
      storage: provider.persistent
        ? new S3StateStorage({ client: s3, bucket: settings.REPORT_BUCKET })
        : null,
      // Incremental runs need each field's keyed fingerprints in the scan state: only under a kept key.
      keepKeyed: provider.persistent,
    },
  };
  return runtime;
}

/** Tests: forget the container's runtime (a new "cold start"). */
export function resetRuntime(): void {
  runtime?.s3.destroy();
  runtime = null;
}

/** Identifies an invocation in every log line it writes. */
export interface InvocationIds {
  runId?: string;
  batchId?: string;
}

/**
 * An error as it may leave a handler (logs, the Lambda runtime's error report, Step Functions' execution
 * history): our own errors' messages never carry scanned values; any other error (a JSON.parse message
 * quotes its input, a library may quote a value) is reduced to its name.
 */
export function safeError(error: unknown): Error {
  const name = error instanceof Error ? error.name : "Error";
  const message =
    error instanceof ExposureAuditError
      ? error.message
      : `${name} (details withheld: may quote scanned data)`;
  const safe = new Error(message);
  safe.name = name;
  return safe;
}

/**
 * Runs a handler's work between structured `<step> started` and `<step> finished` log lines carrying
 * the run and batch ids; a failure is logged as `<step> failed` and rethrown as its safeError.
 */
export async function invocation<T>(
  step: string,
  ids: InvocationIds,
  work: () => Promise<T>,
  summary: (result: T) => Record<string, unknown>,
): Promise<T> {
  const started = Date.now();
  logger.info(`${step} started`, { ...ids });
  try {
    const result = await work();
    logger.info(`${step} finished`, { ...ids, ...summary(result), durationMs: Date.now() - started });
    return result;
  } catch (error) {
    const safe = safeError(error);
    logger.error(`${step} failed`, { ...ids, error: { name: safe.name, message: safe.message } });
    throw safe;
  }
}
