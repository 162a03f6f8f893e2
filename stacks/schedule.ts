// The nightly schedule: EventBridge Scheduler through SST's CronV2 (time zone, retries, a dead-letter
// queue), aimed at the state machine instead of a function.
//
// Why a transform: in SST v4 (4.17.1, `.sst/platform/src/components/aws/cron-v2.ts`) CronV2 targets
// only a `function` (a Function, its args, an ARN or a durable Workflow) or an ECS `task`; it has no
// state machine target. It builds an `aws.scheduler.Schedule` with `scheduleExpression`,
// `scheduleExpressionTimezone` (from `timezone`), `flexibleTimeWindow: {mode: "OFF"}`, `state` (from
// `enabled`) and `target: {arn, roleArn, input, retryPolicy: {maximumRetryAttempts: retries},
// deadLetterConfig: {arn: dlq}}`, and a role trusted by scheduler.amazonaws.com that may invoke the
// function and send to the DLQ. Scheduler's templated targets include Step Functions StartExecution:
// a target ARN that is a state machine ARN makes Scheduler call StartExecution with `input`, as the
// role, which must allow states:StartExecution on it ("Using templated targets in EventBridge
// Scheduler", Scheduler User Guide; RetryPolicy and DeadLetterConfig as in the Scheduler API
// Reference). So `transform.schedule` keeps SST's schedule and swaps the target's ARN, and
// `transform.role` replaces the role's policy: start this state machine, send to this DLQ, nothing else
// (the plan function given to satisfy CronV2 is never invoked by the schedule).
import type { StageConfig } from "./config.ts";
import { schedulerPolicy } from "./policies.ts";

export function schedule(config: StageConfig, machine: aws.sfn.StateMachine, plan: sst.aws.Function) {
  const dlq = new aws.sqs.Queue("NightlyRunDeadLetters", {
    messageRetentionSeconds: 14 * 24 * 3600,
    sqsManagedSseEnabled: true,
  });
  const cron = new sst.aws.CronV2("NightlySchedule", {
    function: plan.arn,
    schedule: config.schedule,
    timezone: config.timezone,
    enabled: config.enabled,
    retries: config.retries,
    dlq: dlq.arn,
    transform: {
      schedule: (args: aws.scheduler.ScheduleArgs) => {
        args.target = $resolve([args.target, machine.arn]).apply(
          ([target, arn]) =>
            ({
              ...(target as aws.types.input.scheduler.ScheduleTarget),
              arn: arn as string,
              input: "{}",
              // A start that keeps failing for an hour goes to the DLQ rather than overlap the next night.
              retryPolicy: {
                maximumRetryAttempts: config.retries,
                maximumEventAgeInSeconds: config.retryWindowSeconds,
              },
            }) as aws.types.input.scheduler.ScheduleTarget,
        );
      },
      role: (args: aws.iam.RoleArgs) => {
        args.inlinePolicies = [
          {
            name: "start-nightly-run",
            policy: $resolve([machine.arn, dlq.arn]).apply(([machineArn, dlqArn]) =>
              JSON.stringify(schedulerPolicy(machineArn as string, dlqArn as string)),
            ),
          },
        ];
      },
    },
  });
  return { cron, dlq };
}
