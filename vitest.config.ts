import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // s3rver's ListObjectsV2 continuation tokens use a cipher that Node ≥ 17 only offers with the
    // OpenSSL legacy provider (see ../shared/TESTING.md); the S3 tests start s3rver in the worker.
    execArgv: ["--openssl-legacy-provider"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
