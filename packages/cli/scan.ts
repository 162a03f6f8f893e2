// `exposure-audit scan`: configuration + flags → clients → runScan. No logic beyond wiring.
import type { S3Client } from "@aws-sdk/client-s3";
import { type CommandLineSettings, loadConfig, resolveSettings } from "../config/index.ts";
import type { S3ClientOptions } from "../connectors/s3/client.ts";
import { isS3Uri } from "../connectors/s3/uri.ts";
import { UsageError } from "../core/index.ts";
import { runScan, type ScanProgress, type ScanResult } from "../engine/index.ts";

export interface ScanFlags extends Omit<CommandLineSettings, "targets"> {
  config?: string;
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
  const settings = resolveSettings(await loadConfig(config), { ...cli, targets });
  if (!settings.reportDir) throw new UsageError("missing --report-dir (or reportDir in the config)");
  const s3Client = settings.targets.some(isS3Uri) ? await buildS3Client(settings.s3) : undefined;
  try {
    return await runScan({
      targets: settings.targets,
      reportDir: settings.reportDir,
      limits: settings.limits,
      ...(settings.concurrency ? { concurrency: settings.concurrency } : {}),
      ...(onProgress ? { onProgress } : {}),
      targetOptions: { ...(s3Client ? { s3Client } : {}), accountIds: settings.accountIds },
      environments: settings.environments,
      select: settings.select,
      unit: {
        ...(settings.sampleRanges !== undefined ? { sampleRanges: settings.sampleRanges } : {}),
        ...(settings.attempts !== undefined ? { attempts: settings.attempts } : {}),
      },
    });
  } finally {
    s3Client?.destroy();
  }
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
