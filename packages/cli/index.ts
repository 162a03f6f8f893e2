// The `exposure-audit` command. Exit 0 when the run completed (findings or not), 2 on usage or config errors.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { SourceError } from "../connectors/index.ts";
import { ExposureAuditError, UsageError } from "../core/index.ts";
import { SCANNER_VERSION } from "../engine/version.ts";
import { KEY_ENV_VAR } from "../fingerprints/index.ts";
import { runDemo } from "./demo.ts";
import { headline } from "./headline.ts";
import { progressLine } from "./progress.ts";
import { type ScanFlags, scanCommand } from "./scan.ts";

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

function buildProgram(): Command {
  const program = new Command("exposure-audit")
    .description("Finds plaintext SSN and driver's-license fields in data stores.")
    .version(SCANNER_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith("error:") ? "" : s) });

  program
    .command("scan")
    .description("scan targets (s3://bucket[/prefix] or local directories) and write a report")
    .argument("[target...]", "s3://bucket[/prefix] or local directories (default: the config's targets)")
    .option("--report-dir <dir>", "directory the report is written to (or reportDir in the config)")
    .option("--report-bucket <s3-uri>", "report bucket the report is written to, e.g. s3://bucket/prefix")
    .option("--config <file>", "configuration file (default: ./exposure-audit.config.json or .ts)")
    .option("--endpoint-url <url>", "S3-compatible endpoint, addressed path-style (as in the AWS CLI)")
    .option("--region <region>", "AWS region of the S3 client (and of the ASFF findings)")
    .option("--profile <name>", "named AWS profile (default: the standard credential chain)")
    .option("--include <glob...>", "only keys matching these globs (`*.csv` matches at any depth)")
    .option("--exclude <glob...>", "skip keys matching these globs (recorded as excluded)")
    .option("--concurrency <n>", "objects scanned at once (default 4)", positiveInt("--concurrency"))
    .option(
      "--workers <n>",
      "worker threads for objects and parts of large objects (default: the machine's cores)",
      positiveInt("--workers"),
    )
    .option(
      "--max-object-mb <n>",
      "per-object byte cap in MiB; larger objects are sampled",
      positiveInt("--max-object-mb"),
    )
    .option(
      "--aws-account-id <id>",
      "also write findings.asff.json for Security Hub in this account (needs --region)",
    )
    .option(
      "--fingerprint-key-file <file>",
      `file holding the fingerprint key (hex or base64, ≥ 32 bytes, mode 0600); default: $${KEY_ENV_VAR}, else <report-dir>/state/fingerprint.key, generated if missing`,
    )
    .option(
      "--full",
      "read every object again, ignoring the scan state kept in the report location (unchanged objects are otherwise carried forward)",
    )
    .option(
      "--fingerprint-max-age-days <n>",
      "drop production fingerprints not seen for this many days",
      positiveInt("--fingerprint-max-age-days"),
      90,
    )
    .action(async (targets: string[], opts: ScanFlags) => {
      const progress = progressLine();
      const result = await scanCommand(targets, opts, progress.update);
      progress.done();
      process.stdout.write(`${headline(result)}\n`);
    });

  program
    .command("demo")
    .description(
      "seed the demo data lake into an embedded S3 server, scan it and write the report there and to ./reports",
    )
    .option("--report-dir <dir>", "directory the report is written to", "reports")
    .action(async (opts: { reportDir: string }) => {
      const result = await runDemo(opts.reportDir);
      process.stdout.write(`${headline(result)}\n`);
      process.stdout.write(`Report bucket (embedded S3 server ${result.endpoint}): ${result.bucketRun}\n`);
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
