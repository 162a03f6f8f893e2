// The nightly schedule: EventBridge Scheduler through SST's CronV2 (time zone, retries, a dead-letter
// queue), aimed at the state machine instead of a function.
import type { StageConfig } from "./config.ts";

export function schedule(config: StageConfig, machine: aws.sfn.StateMachine, plan: sst.aws.Function) {
  const dlq = new aws.sqs.Queue("NightlyRunDeadLetters", { messageRetentionSeconds: 14 * 24 * 3600 });
  const cron = new sst.aws.CronV2("NightlySchedule", {
    // CronV2 needs a function; the schedule's target is then pointed at the state machine below.
    function: plan.arn,
    schedule: config.schedule,
    timezone: config.timezone,
    enabled: config.enabled,
    retries: config.retries,
    dlq: dlq.arn,
    transform: {
      schedule: (args: aws.scheduler.ScheduleArgs) => {
        const original = args.target;
        args.target = $resolve([original, machine.arn]).apply(
          ([target, arn]) =>
            ({
              ...(target as object),
              arn: arn as string,
              input: "{}",
            }) as aws.types.input.scheduler.ScheduleTarget,
        );
      },
      role: (args: aws.iam.RoleArgs) => {
        args.inlinePolicies = [
          {
            name: "start-nightly-run",
            policy: $resolve([machine.arn, dlq.arn]).apply(([machineArn, dlqArn]) =>
              JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  { Effect: "Allow", Action: ["states:StartExecution"], Resource: [machineArn] },
                  { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlqArn] },
                ],
              }),
            ),
          },
        ];
      },
    },
  });
  return { cron, dlq };
}
