export { runScan, type ScanOptions, type ScanProgress, type ScanResult } from "./run-scan.ts";
export type { UnitScanOptions } from "./scan-unit.ts";
export { sourceFor, sourcesFor, type TargetOptions } from "./targets.ts";
