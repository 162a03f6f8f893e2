import { readFileSync } from "node:fs";

/** The scanner's version, from the root package.json (part of every summary and, later, the scan state). */
export const SCANNER_VERSION: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;
