export { runScan, type ScanOptions, type ScanProgress, type ScanResult } from "./run-scan.ts";
export { sourceFor } from "./targets.ts";
