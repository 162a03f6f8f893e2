// The state machine as data: plan → DISTRIBUTED Map over production batches → DISTRIBUTED Map over the
// other batches → finalize. Each Map item loops scan → (continuation?) → scan until its batch is done.
// A pure function of the function ARNs and the knobs, so tests validate and run it without AWS.

export interface DefinitionOptions {
  planArn: string;
  scanArn: string;
  finalizeArn: string;
  /** Scanners at once per Map. */
  maxConcurrency?: number;
  /** Batches that may fail (after retries) before the run fails. */
  toleratedFailurePercentage?: number;
}

const LAMBDA_RETRY = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/** Scans are idempotent (a partial per batch id): any failure, a timeout included, is retried. */
const SCAN_RETRY = { ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 3, BackoffRate: 2 };

function scanMap(name: string, itemsPath: string, next: string, o: Required<DefinitionOptions>) {
  // State names are unique across the whole machine, Map item processors included.
  const [scan, more, again, done] = [`${name}Batch`, `${name}More`, `${name}Continue`, `${name}Done`];
  return {
    Type: "Map",
    ItemsPath: itemsPath,
    MaxConcurrency: o.maxConcurrency,
    ToleratedFailurePercentage: o.toleratedFailurePercentage,
    ItemProcessor: {
      ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
      StartAt: scan,
      States: {
        [scan]: {
          Type: "Task",
          Resource: o.scanArn,
          ResultPath: "$.outcome",
          Retry: [SCAN_RETRY],
          Next: more,
        },
        [more]: {
          Type: "Choice",
          Choices: [{ Variable: "$.outcome.done", BooleanEquals: false, Next: again }],
          Default: done,
        },
        [again]: { Type: "Pass", Parameters: { "batch.$": "$.outcome.continuation" }, Next: scan },
        [done]: { Type: "Succeed" },
      },
    },
    ResultPath: null,
    Next: next,
  };
}

export function stateMachineDefinition(options: DefinitionOptions) {
  const o: Required<DefinitionOptions> = { maxConcurrency: 40, toleratedFailurePercentage: 0, ...options };
  return {
    Comment: "Exposure Audit nightly run: plan → scan batches (production first) → finalize",
    StartAt: "Plan",
    States: {
      Plan: { Type: "Task", Resource: o.planArn, Retry: [LAMBDA_RETRY], Next: "ScanProduction" },
      ScanProduction: scanMap("ScanProduction", "$.production", "ScanOther", o),
      ScanOther: scanMap("ScanOther", "$.other", "Finalize", o),
      Finalize: {
        Type: "Task",
        Resource: o.finalizeArn,
        Parameters: { "runId.$": "$.runId" },
        Retry: [LAMBDA_RETRY],
        End: true,
      },
    },
  };
}
