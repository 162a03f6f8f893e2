// `exposure-audit scan`: configuration + flags → clients → runScan. No logic beyond wiring.
import type { S3Client } from "@aws-sdk/client-s3";
import { type CommandLineSettings, loadConfig, resolveSettings } from "../config/index.ts";
import type { S3ClientOptions } from "../connectors/s3/client.ts";
import { isS3Uri } from "../connectors/s3/uri.ts";
import { UsageError } from "../core/index.ts";
import { runScan, type ScanProgress, type ScanResult } from "../engine/index.ts";
import { defaultWorkers } from "../engine/phases/index.ts";
import { stateDirectory } from "../engine/state-location.ts";
import { chooseKeyProvider } from "../fingerprints/index.ts";
import {
  LocalDirectoryReportStore,
  parseS3Location,
  type ReportStore,
  S3BucketReportStore,
} from "../report/index.ts";

export interface ScanFlags extends Omit<CommandLineSettings, "targets"> {
  config?: string;
  reportBucket?: string;
  awsAccountId?: string;
  fingerprintKeyFile?: string;
  fingerprintMaxAgeDays: number;
}

export async function scanCommand(
  targets: string[],
  flags: ScanFlags,
  onProgress?: (progress: ScanProgress) => void,
): Promise<ScanResult> {
  const { config, ...cli } = flags;
  if (cli.endpointUrl !== undefined && !URL.canParse(cli.endpointUrl)) {
    throw new UsageError(`--endpoint-url ${cli.endpointUrl} is not a URL`);
  }
  const { reportBucket, awsAccountId, fingerprintKeyFile, fingerprintMaxAgeDays, ...locations } = cli;
  const settings = resolveSettings(await loadConfig(config), { ...locations, targets });
  checkReportFlags(settings.reportDir, reportBucket, awsAccountId, settings.s3.region);
  const needsS3 = settings.targets.some(isS3Uri) || reportBucket !== undefined;
  const s3Client = needsS3 ? await buildS3Client(settings.s3) : undefined;
  try {
    const options: Parameters<typeof runScan>[0] = {
      targets: settings.targets,
      reportStore: reportStoreFor(settings.reportDir, reportBucket, s3Client),
      // A local report directory also keeps the state (fingerprints, generated key) between runs.
      reportDir: settings.reportDir,
      report: awsAccountId ? { asff: { awsAccountId, region: settings.s3.region ?? "" } } : undefined,
      fingerprints: {
        keyProvider: chooseKeyProvider({
          keyFile: fingerprintKeyFile,
          env: process.env,
          stateDir: settings.reportDir ? stateDirectory(settings.reportDir) : undefined,
        }),
        maxAgeDays: fingerprintMaxAgeDays,
      },
      limits: settings.limits,
      ...(settings.concurrency ? { concurrency: settings.concurrency } : {}),
      workers: settings.workers ?? defaultWorkers(),
      ...(onProgress ? { onProgress } : {}),
      // Worker threads build their own clients from the same options.
      targetOptions: {
        ...(s3Client ? { s3Client, s3ClientOptions: settings.s3 } : {}),
        accountIds: settings.accountIds,
      },
      environments: settings.environments,
      select: settings.select,
      full: settings.full,
      unit: {
        ...(settings.sampleRanges !== undefined ? { sampleRanges: settings.sampleRanges } : {}),
        ...(settings.attempts !== undefined ? { attempts: settings.attempts } : {}),
      },
    };
    return await runScan(options);
  } finally {
    s3Client?.destroy();
  }
}

/** Exactly one report location; ASFF findings need an account and a region. */
function checkReportFlags(
  reportDir: string | undefined,
  reportBucket: string | undefined,
  awsAccountId: string | undefined,
  region: string | undefined,
): void {
  if (Boolean(reportDir) === Boolean(reportBucket)) {
    throw new UsageError(
      "give exactly one of --report-dir <dir> (or reportDir in the config) or --report-bucket s3://bucket/prefix",
    );
  }
  if (awsAccountId && !/^\d{12}$/.test(awsAccountId)) {
    throw new UsageError("--aws-account-id must be a 12-digit AWS account id");
  }
  if (awsAccountId && !region) throw new UsageError("--aws-account-id needs --region");
}

function reportStoreFor(
  reportDir: string | undefined,
  reportBucket: string | undefined,
  client: S3Client | undefined,
): ReportStore {
  if (reportDir) return new LocalDirectoryReportStore(reportDir);
  const { bucket, prefix } = parseS3Location(reportBucket ?? "");
  return new S3BucketReportStore({ client: client as S3Client, bucket, prefix });
}

async function buildS3Client(options: S3ClientOptions) {
  // The SDK warns on Node 20 about its releases of 2027; this package pins its SDK in the lock file.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { createS3Client } = await import("../connectors/s3/client.ts");
  const client: S3Client = createS3Client(options);
  try {
    await client.config.region();
  } catch {
    client.destroy();
    throw new UsageError("no AWS region: pass --region, set AWS_REGION, or give the profile a region");
  }
  try {
    await client.config.credentials();
  } catch (error) {
    client.destroy();
    const why = (error as Error)?.message?.split("\n")[0] ?? "unknown";
    throw new UsageError(`no AWS credentials (${why.slice(0, 200)}): configure a profile or the environment`);
  }
  return client;
}
