export * from "./distinct-values.ts";
export * from "./field-stats.ts";
export * from "./field-verdict.ts";
export * from "./protection.ts";
