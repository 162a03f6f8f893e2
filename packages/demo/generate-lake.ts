// The demo data lake: one directory per store, named like S3 buckets, each telling one story.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { forkRng } from "../synth/index.ts";
import { demoCustomers } from "./customers.ts";
import {
  devSandbox,
  prodCustomers,
  prodOrders,
  qaExports,
  type StoreFiles,
  stagingAnalytics,
  uatLogs,
} from "./stores.ts";

export const DEMO_STORE_NAMES = [
  "acme-prod-customers",
  "acme-qa-exports",
  "acme-dev-sandbox",
  "acme-staging-analytics",
  "acme-uat-logs",
  "acme-prod-orders",
] as const;
export type DemoStoreName = (typeof DEMO_STORE_NAMES)[number];

export function buildDemoLake(seed = 7): Record<DemoStoreName, StoreFiles> {
  const rng = (label: string) => forkRng(seed, label);
  const customers = demoCustomers(rng("customers"), 450);
  return {
    "acme-prod-customers": prodCustomers(rng("prod"), customers),
    "acme-qa-exports": qaExports(rng("qa"), customers),
    "acme-dev-sandbox": devSandbox(rng("dev")),
    "acme-staging-analytics": stagingAnalytics(rng("staging"), customers),
    "acme-uat-logs": uatLogs(rng("uat"), customers),
    "acme-prod-orders": prodOrders(rng("orders")),
  };
}

/**
 * Writes the lake under `dir` and returns the store directories (scan targets). Only the demo's
 * own store directories are replaced, so reruns are deterministic and nothing else is touched.
 */
export async function generateDemoLake(dir: string, seed = 7): Promise<{ stores: string[] }> {
  const lake = buildDemoLake(seed);
  const stores: string[] = [];
  for (const name of DEMO_STORE_NAMES) {
    const root = path.join(dir, name);
    await rm(root, { recursive: true, force: true });
    const files = Object.entries(lake[name]);
    await Promise.all(files.map(([key]) => mkdir(path.dirname(path.join(root, key)), { recursive: true })));
    await Promise.all(files.map(([key, content]) => writeFile(path.join(root, key), content)));
    stores.push(root);
  }
  return { stores };
}
