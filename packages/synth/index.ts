// Deterministic synthetic PII and look-alikes, for the labeled corpus, the demo lake and benchmarks.
export * from "./licenses.ts";
export * from "./negatives.ts";
export * from "./people.ts";
export * from "./protected.ts";
export * from "./rng.ts";
export * from "./serialize.ts";
export * from "./ssn.ts";
