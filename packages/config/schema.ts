// The configuration file (exposure-audit.config.json or .ts): one zod schema, strict, so a misspelt
// key is an error that names it rather than a setting silently ignored. The CLI's flags override it;
// the nightly stack reads the same file.
import { z } from "zod";

const ConfiguredEnvironment = z.enum(["production", "non-production"]);
const AccountId = z.string().regex(/^\d{12}$/, "an AWS account id is 12 digits");

export const TargetConfig = z.union([
  z.string().min(1),
  z.strictObject({
    uri: z.string().min(1).describe("s3://bucket[/prefix] or a local directory."),
    environment: ConfiguredEnvironment.optional().describe("Explicit environment of this store."),
    account: AccountId.optional().describe("Account that owns the bucket, for the account map."),
  }),
]);
export type TargetConfig = z.infer<typeof TargetConfig>;

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    targets: z.array(TargetConfig).optional().describe("What to scan when the command line names nothing."),
    reportDir: z.string().min(1).optional().describe("Where runs are written (--report-dir overrides)."),
    environments: z
      .record(z.string().min(1), ConfiguredEnvironment)
      .optional()
      .describe("Explicit environment by store URI, bucket or directory name, or a glob of either."),
    accounts: z
      .record(AccountId, ConfiguredEnvironment)
      .optional()
      .describe("Environment by AWS account id."),
    include: z.array(z.string().min(1)).optional().describe("Key globs to scan (default: all)."),
    exclude: z.array(z.string().min(1)).optional().describe("Key globs never read (recorded as excluded)."),
    full: z
      .boolean()
      .optional()
      .describe("Read every object on every run, ignoring the scan state of earlier runs (as --full)."),
    limits: z
      .strictObject({
        maxObjectMb: z
          .number()
          .positive()
          .optional()
          .describe("Per-object byte cap; larger objects are sampled."),
        concurrency: z.number().int().min(1).max(256).optional().describe("Objects scanned at once."),
        workers: z
          .number()
          .int()
          .min(1)
          .max(256)
          .optional()
          .describe(
            "Worker threads scanning batches and parts of large objects (default: the machine's cores).",
          ),
        maxCompressionRatio: z.number().positive().optional(),
        maxLineMb: z.number().positive().optional(),
        attempts: z
          .number()
          .int()
          .min(1)
          .max(10)
          .optional()
          .describe("Reads of one object when its bytes stop arriving."),
      })
      .optional(),
    sampling: z
      .strictObject({
        ranges: z
          .number()
          .int()
          .min(0)
          .max(256)
          .optional()
          .describe("Spread ranges after the head (0: head only)."),
      })
      .optional(),
    s3: z
      .strictObject({
        endpointUrl: z.url().optional().describe("S3-compatible endpoint (path-style), as --endpoint-url."),
        region: z.string().min(1).optional(),
        profile: z.string().min(1).optional(),
        maxAttempts: z.number().int().min(1).max(20).optional(),
        retryMode: z.enum(["standard", "adaptive"]).optional(),
      })
      .optional(),
  })
  .describe("exposure-audit configuration");

/** The configuration as written (what a `.ts` config exports). */
export type ExposureAuditConfig = z.input<typeof ConfigSchema>;
export type Config = z.infer<typeof ConfigSchema>;

/** Typed helper for `exposure-audit.config.ts`: `export default defineConfig({ … })`. */
export const defineConfig = (config: ExposureAuditConfig): ExposureAuditConfig => config;
