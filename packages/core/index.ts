export * from "./errors.ts";
export * from "./ids.ts";
export * from "./records.ts";
export * from "./redact.ts";
export * from "./schemas.ts";
