// The state machine as data: plan → DISTRIBUTED Map over production batches → DISTRIBUTED Map over the
// other batches → finalize. The plan returns pointers to its batch lists in the report bucket; each Map
// reads its list with an S3 ItemReader and loops scan → (continuation?) → scan per batch.
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

/** Step Functions' optimised S3 integration that a DISTRIBUTED Map's ItemReader calls. */
export const S3_GET_OBJECT = "arn:aws:states:::s3:getObject";

/**
 * A DISTRIBUTED Map over the JSON array of batches the plan wrote (`ItemReader`, InputType JSON: the
 * Map reads the items itself, so they never pass through a state's 256 KiB payload). Each item's child
 * execution loops scan → scan while the scan returns a continuation: the scan's output
 * `{done, batch}` replaces the state, so the payload never holds more than one batch.
 */
function scanMap(name: string, listPath: string, next: string, o: Required<DefinitionOptions>) {
  // State names are unique across the whole machine, Map item processors included.
  const [scan, more, done] = [`${name}Batch`, `${name}More`, `${name}Done`];
  return {
    Type: "Map",
    ItemReader: {
      Resource: S3_GET_OBJECT,
      ReaderConfig: { InputType: "JSON" },
      Parameters: { "Bucket.$": "$.bucket", "Key.$": `${listPath}.key` },
    },
    // Items are whole batches already (cut by bytes in the plan): no ItemBatcher, one batch per child.
    ItemSelector: { "batch.$": "$$.Map.Item.Value" },
    MaxConcurrency: o.maxConcurrency,
    ToleratedFailurePercentage: o.toleratedFailurePercentage,
    ItemProcessor: {
      ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
      StartAt: scan,
      States: {
        [scan]: { Type: "Task", Resource: o.scanArn, Retry: [SCAN_RETRY], Next: more },
        [more]: {
          Type: "Choice",
          Choices: [{ Variable: "$.done", BooleanEquals: false, Next: scan }],
          Default: done,
        },
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
