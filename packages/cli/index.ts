// The `exposure-audit` command. Exit 0 when the run completed (findings or not), 2 on usage or config errors.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { SourceError } from "../connectors/index.ts";
import { ExposureAuditError, UsageError } from "../core/index.ts";
import { runScan } from "../engine/index.ts";
import { stateDirectory } from "../engine/state-location.ts";
import { SCANNER_VERSION } from "../engine/version.ts";
import { chooseKeyProvider, KEY_ENV_VAR } from "../fingerprints/index.ts";
import {
  LocalDirectoryReportStore,
  parseS3Location,
  type ReportStore,
  S3BucketReportStore,
} from "../report/index.ts";
import { runDemo } from "./demo.ts";
import { headline } from "./headline.ts";
import { progressLine } from "./progress.ts";
import { reportBucketClient } from "./report-bucket-client.ts";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function positiveInt(name: string) {
  return (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

const KEY_ENV = KEY_ENV_VAR;

interface ScanCliOptions {
  reportDir?: string;
  reportBucket?: string;
  endpointUrl?: string;
  region?: string;
  awsAccountId?: string;
  concurrency: number;
  maxObjectMb?: number;
  fingerprintKeyFile?: string;
  fingerprintMaxAgeDays: number;
}

/** Exactly one report location: a directory, or a report bucket reached through an S3 client built here. */
function reportStoreFor(opts: ScanCliOptions): ReportStore {
  if (Boolean(opts.reportDir) === Boolean(opts.reportBucket))
    throw new UsageError("give exactly one of --report-dir <dir> or --report-bucket s3://bucket/prefix");
  if (opts.awsAccountId && !/^\d{12}$/.test(opts.awsAccountId))
    throw new UsageError("--aws-account-id must be a 12-digit AWS account id");
  if (opts.awsAccountId && !opts.region) throw new UsageError("--aws-account-id needs --region");
  if (opts.reportDir) return new LocalDirectoryReportStore(opts.reportDir);
  const { bucket, prefix } = parseS3Location(opts.reportBucket ?? "");
  return new S3BucketReportStore({ client: reportBucketClient(opts), bucket, prefix });
}

function buildProgram(): Command {
  const program = new Command("exposure-audit")
    .description("Finds plaintext SSN and driver's-license fields in data stores.")
    .version(SCANNER_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith("error:") ? "" : s) });

  program
    .command("scan")
    .description("scan one or more targets (local directories) and write a report")
    .argument("<target...>", "local directories to scan")
    .option("--report-dir <dir>", "directory the report is written to")
    .option("--report-bucket <s3-uri>", "report bucket the report is written to, e.g. s3://bucket/prefix")
    .option("--endpoint-url <url>", "S3-compatible endpoint for the report bucket")
    .option("--region <region>", "AWS region (report bucket, and the ASFF findings)")
    .option(
      "--aws-account-id <id>",
      "also write findings.asff.json for Security Hub in this account (needs --region)",
    )
    .option("--concurrency <n>", "objects scanned at once", positiveInt("--concurrency"), 4)
    .option("--max-object-mb <n>", "cap on bytes read from one object (MiB)", positiveInt("--max-object-mb"))
    .option(
      "--fingerprint-key-file <file>",
      `file holding the fingerprint key (hex or base64, ≥ 32 bytes, mode 0600); default: $${KEY_ENV}, else <report-dir>/state/fingerprint.key, generated if missing`,
    )
    .option(
      "--fingerprint-max-age-days <n>",
      "drop production fingerprints not seen for this many days",
      positiveInt("--fingerprint-max-age-days"),
      90,
    )
    .action(async (targets: string[], opts: ScanCliOptions) => {
      const reportStore = reportStoreFor(opts);
      const progress = progressLine();
      const result = await runScan({
        targets,
        reportStore,
        // A local report directory also keeps the state (fingerprints, generated key) between runs.
        reportDir: opts.reportDir,
        report: opts.awsAccountId
          ? { asff: { awsAccountId: opts.awsAccountId, region: opts.region ?? "" } }
          : undefined,
        concurrency: opts.concurrency,
        limits: opts.maxObjectMb ? { maxBytes: opts.maxObjectMb * 1024 ** 2 } : undefined,
        onProgress: progress.update,
        fingerprints: {
          keyProvider: chooseKeyProvider({
            keyFile: opts.fingerprintKeyFile,
            env: process.env,
            stateDir: opts.reportDir ? stateDirectory(opts.reportDir) : undefined,
          }),
          maxAgeDays: opts.fingerprintMaxAgeDays,
        },
      });
      progress.done();
      process.stdout.write(`${headline(result)}\n`);
    });

  program
    .command("demo")
    .description("generate the demo data lake, scan it and write the report to ./reports")
    .option("--report-dir <dir>", "directory the report is written to", "reports")
    .action(async (opts: { reportDir: string }) => {
      const result = await runDemo(opts.reportDir);
      process.stdout.write(`${headline(result)}\n`);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK; // --help, --version
      process.stderr.write(`exposure-audit: ${error.message.replace(/^error: /, "")}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof SourceError) {
      process.stderr.write(`exposure-audit: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // Unknown errors may quote scanned input: print only their kind.
    const kind = error instanceof ExposureAuditError ? error.message : (error as Error)?.name;
    process.stderr.write(`exposure-audit: run failed (${kind ?? "unknown error"})\n`);
    return EXIT_FAILURE;
  }
}
