// AWS key providers live in ./aws-key-providers.ts: imported only where AWS clients are built.
export * from "./codec.ts";
export * from "./errors.ts";
export * from "./fingerprint.ts";
export * from "./key.ts";
export * from "./key-providers.ts";
export * from "./persist.ts";
export * from "./set.ts";
export * from "./storage.ts";
