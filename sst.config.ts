/// <reference path="./.sst/platform/config.d.ts" />
// The nightly serverless stack. Its infrastructure lives in stacks/; it is built in its own issue.

export default $config({
  app(input) {
    return {
      name: "exposure-audit",
      home: "aws",
      removal: input?.stage === "prod" ? "retain" : "remove",
    };
  },
  async run() {
    const { reportStack } = await import("./stacks/index.ts");
    return reportStack();
  },
});
