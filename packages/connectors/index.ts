export * from "./errors.ts";
export * from "./local-directory.ts";
export * from "./source.ts";
