// Infrastructure modules imported by sst.config.ts: the report bucket, the scanner functions and state
// machine, the nightly schedule. Settings per stage come from stacks/config.ts.
import { existsSync, readFileSync } from "node:fs";
import { stageConfig } from "./config.ts";
import { reportBucket } from "./report-bucket.ts";
import { scanner } from "./scanner.ts";
import { schedule } from "./schedule.ts";

export function reportStack() {
  const file = process.env.EXPOSURE_AUDIT_CONFIG_FILE ?? "exposure-audit.config.json";
  const config = stageConfig($app.stage, process.env, existsSync(file) ? readFileSync(file, "utf8") : null);
  const { bucket, key } = reportBucket(config);
  const { plan, machine } = scanner({ config, bucket, key });
  const { cron } = schedule(config, machine, plan);
  return {
    reportBucket: bucket.bucket,
    stateMachine: machine.arn,
    schedule: cron.nodes.schedule.name,
  };
}
