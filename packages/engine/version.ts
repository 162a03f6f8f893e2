// An import, not a file read at run time: bundlers (esbuild for the Lambda handlers and the worker
// threads) inline it, so a bundle does not need package.json beside it.
import packageJson from "../../package.json" with { type: "json" };

/** The scanner's version, from the root package.json (part of every summary and, later, the scan state). */
export const SCANNER_VERSION: string = packageJson.version;
