export * from "./errors.ts";
export * from "./load.ts";
export * from "./resolve.ts";
export * from "./schema.ts";
