// The `exposure-audit` command. Exit 0 when the run completed (findings or not), 2 on usage or config errors.
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { SourceError } from "../connectors/index.ts";
import { ExposureAuditError, UsageError } from "../core/index.ts";
import { runScan } from "../engine/index.ts";
import { stateDirectory } from "../engine/report-location.ts";
import { SCANNER_VERSION } from "../engine/version.ts";
import { chooseKeyProvider, KEY_ENV_VAR } from "../fingerprints/index.ts";
import { runDemo } from "./demo.ts";
import { headline } from "./headline.ts";
import { progressLine } from "./progress.ts";

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
  reportDir: string;
  concurrency: number;
  maxObjectMb?: number;
  fingerprintKeyFile?: string;
  fingerprintMaxAgeDays: number;
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
    .requiredOption("--report-dir <dir>", "directory the report is written to")
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
      const progress = progressLine();
      const result = await runScan({
        targets,
        reportDir: opts.reportDir,
        concurrency: opts.concurrency,
        limits: opts.maxObjectMb ? { maxBytes: opts.maxObjectMb * 1024 ** 2 } : undefined,
        onProgress: progress.update,
        fingerprints: {
          keyProvider: chooseKeyProvider({
            keyFile: opts.fingerprintKeyFile,
            env: process.env,
            stateDir: stateDirectory(opts.reportDir),
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
