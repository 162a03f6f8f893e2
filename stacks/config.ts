// Per-stage settings of the nightly stack. Defaults here; a deploy overrides them through the
// environment (EXPOSURE_AUDIT_* variables read when `sst deploy` runs), so no stage needs a code change.

export interface StageConfig {
  /** Scan targets: `s3://bucket[/prefix]`. */
  targets: string[];
  /** EventBridge Scheduler expression and its time zone. */
  schedule: `cron(${string})` | `rate(${string})`;
  timezone: string;
  /** Schedule on or off (e.g. off in dev stages). */
  enabled: boolean;
  /** Scheduler retries when the state machine cannot be started… */
  retries: number;
  /** …for at most this long (Scheduler's MaximumEventAgeInSeconds, 60–86 400); then the DLQ. */
  retryWindowSeconds: number;
  /** Scanners at once per DISTRIBUTED Map. */
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  /** KMS keys of SSE-KMS targets: scanners may decrypt with these only. */
  targetKeyArns: string[];
  /** SSM SecureString parameter with the fingerprint key. */
  fingerprintParameter: string | null;
  /** Days partial results of abandoned runs are kept. */
  partialsExpireDays: number;
  /** Production stages keep the report bucket and key on removal. */
  retain: boolean;
  /** `exposure-audit.config.json` as deployed: the functions read it as the CLI does. */
  scannerConfig: string | null;
}

/** The s3:// targets a configuration file lists (its other keys are read by the functions). */
function configTargets(configText: string | null): string[] {
  if (!configText) return [];
  const config = JSON.parse(configText) as { targets?: Array<string | { uri: string }> };
  return (config.targets ?? [])
    .map((t) => (typeof t === "string" ? t : t.uri))
    .filter((t) => t.startsWith("s3://"));
}

export function stageConfig(
  stage: string,
  env: Record<string, string | undefined> = {},
  configText: string | null = null,
): StageConfig {
  const production = stage === "prod" || stage === "production";
  const list = (text: string | undefined) =>
    text
      ? text
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  return {
    // Targets decide the scanners' IAM grants, so they are fixed at deploy time: the variable, else the file.
    targets: env.EXPOSURE_AUDIT_TARGETS ? list(env.EXPOSURE_AUDIT_TARGETS) : configTargets(configText),
    schedule: (env.EXPOSURE_AUDIT_SCHEDULE as StageConfig["schedule"] | undefined) ?? "cron(0 2 * * ? *)",
    timezone: env.EXPOSURE_AUDIT_TIMEZONE ?? "America/New_York",
    enabled: env.EXPOSURE_AUDIT_SCHEDULE_ENABLED
      ? env.EXPOSURE_AUDIT_SCHEDULE_ENABLED === "true"
      : production,
    retries: 3,
    retryWindowSeconds: 3600,
    maxConcurrency: Number(env.EXPOSURE_AUDIT_MAX_CONCURRENCY ?? 40),
    toleratedFailurePercentage: Number(env.EXPOSURE_AUDIT_TOLERATED_FAILURE_PERCENTAGE ?? 5),
    targetKeyArns: list(env.EXPOSURE_AUDIT_TARGET_KMS_KEYS),
    fingerprintParameter: env.EXPOSURE_AUDIT_FINGERPRINT_PARAMETER ?? null,
    partialsExpireDays: 7,
    retain: production,
    scannerConfig: configText,
  };
}
