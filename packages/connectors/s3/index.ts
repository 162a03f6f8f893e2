// The S3 connector. Importing it loads the AWS SDK: callers that may not need S3 import it lazily.
export * from "./client.ts";
export * from "./errors.ts";
export * from "./key-order.ts";
export * from "./list-objects.ts";
export * from "./posture.ts";
export * from "./s3-source.ts";
export * from "./uri.ts";
