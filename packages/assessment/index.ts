export * from "./environment.ts";
export * from "./real-data.ts";
export * from "./severity.ts";
