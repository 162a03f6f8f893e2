export { type ScanOptions, type ScanProgress, type ScanResult, runScan } from "./run-scan.ts";
export { sourceFor } from "./targets.ts";
