#!/usr/bin/env node
// Entry point of the `exposure-audit` command: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../packages/cli/index.ts");
process.exitCode = await main(process.argv.slice(2));
