import path from "node:path";

/** State kept between runs (fingerprints, the generated fingerprint key): never part of a run's report. */
export function stateDirectory(reportDir: string): string {
  return path.join(reportDir, "state");
}
