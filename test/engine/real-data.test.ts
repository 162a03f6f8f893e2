// Real customer data outside production: a production store and a test store sharing some customers.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../packages/core/index.ts";
import { runScan } from "../../packages/engine/index.ts";
import { RealDataAssessment } from "../../packages/engine/real-data.ts";
import {
  FingerprintList,
  KEY_ENV_VAR,
  keyFromEnvironment,
  TextKeyProvider,
} from "../../packages/fingerprints/index.ts";
import {
  forkRng,
  formatSsn,
  invalidSsn,
  type StateCode,
  syntheticLicense,
  syntheticSsn,
  testValueSsn,
  toDelimited,
} from "../../packages/synth/index.ts";

interface Person {
  name: string;
  ssn: string;
  dl: string;
  state: StateCode;
}

const STATES: StateCode[] = ["CA", "TX", "NY", "FL", "WA", "IL"];
function people(label: string, n: number): Person[] {
  const rng = forkRng(42, label);
  return Array.from({ length: n }, (_, i) => {
    const state = STATES[i % STATES.length] as StateCode;
    return { name: `Person ${label} ${i}`, ssn: syntheticSsn(rng), dl: syntheticLicense(rng, state), state };
  });
}

const production = people("production", 40);
const fresh = people("fresh", 30);
const row = (p: Person) => ({ name: p.name, ssn: p.ssn, dl_number: p.dl, dl_state: p.state });
const sequential = (n: number) =>
  Array.from({ length: n }, (_, i) => `555-10-${String(i + 1).padStart(4, "0")}`);

let root: string;
let prodStore: string;
let qaStore: string;
let devStore: string;
let unknownStore: string;

async function writeStore(dir: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-realdata-"));
  prodStore = path.join(root, "acme-prod-crm");
  qaStore = path.join(root, "acme-qa-exports");
  devStore = path.join(root, "acme-dev-fixtures");
  unknownStore = path.join(root, "shared-drive");
  const columns = ["name", "ssn", "dl_number", "dl_state"];
  await writeStore(prodStore, {
    "customers.csv": toDelimited(columns, production.map(row)),
    // Fixtures loaded into production and the well-known example number: never fingerprinted.
    "fixtures.csv": toDelimited(
      ["ssn"],
      sequential(30).map((ssn) => ({ ssn })),
    ),
    "legacy.csv": toDelimited(["ssn"], [{ ssn: "078-05-1120" }, { ssn: "219-09-9999" }]),
  });
  await writeStore(qaStore, {
    // 10 production customers among 25 rows: SSN and (stated) license confirmed 10 of 25.
    "shared.csv": toDelimited(columns, [...production.slice(0, 10), ...fresh.slice(0, 15)].map(row)),
    // 5 production customers, SSNs as plain digits and licenses without a state: still found.
    "customers.json": JSON.stringify(
      production
        .slice(10, 15)
        .map((p) => ({ customer: { ssn: formatSsn(p.ssn, "plain"), license: { number: p.dl } } })),
    ),
    // Free text quoting 3 production SSNs.
    "app.log": production
      .slice(20, 23)
      .map((p, i) => `2024-11-0${i + 1}T10:00:00Z WARN identity check failed: SSN ${p.ssn} did not match`)
      .join("\n"),
    // Made-up valid values that share nothing with production: likely, not confirmed.
    "fresh.csv": toDelimited(columns, fresh.map(row)),
    // The same fixtures production holds: synthetic on both sides, never confirmed.
    "seed.csv": toDelimited(
      ["ssn"],
      sequential(30).map((ssn) => ({ ssn })),
    ),
  });
  const rng = forkRng(42, "dev");
  await writeStore(devStore, {
    "test-values.csv": toDelimited(
      ["ssn"],
      Array.from({ length: 20 }, () => ({ ssn: testValueSsn(rng) })),
    ),
    "never-issued.csv": toDelimited(
      ["ssn"],
      Array.from({ length: 20 }, () => ({ ssn: invalidSsn(rng) })),
    ),
    "sequential.csv": toDelimited(
      ["ssn", "dl_number", "dl_state"],
      sequential(25).map((ssn, i) => ({
        ssn,
        dl_number: `D${String(i + 1).padStart(7, "0")}`,
        dl_state: "CA",
      })),
    ),
    "repeated.csv": toDelimited(
      ["ssn"],
      Array.from({ length: 20 }, () => ({ ssn: fresh[29]?.ssn ?? "" })),
    ),
  });
  await writeStore(unknownStore, { "copy.csv": toDelimited(columns, production.slice(30, 36).map(row)) });
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const where = (f: Finding) =>
  `${f.location.container}/${f.location.object}#${f.location.field ?? "<text>"}:${f.dataType}`;
const plaintext = (findings: Finding[], container: string) =>
  findings.filter((f) => f.exposure === "plaintext" && f.location.container === container);

describe("one run over production and test stores", () => {
  let findings: Finding[];
  beforeAll(async () => {
    ({ findings } = await runScan({ targets: [qaStore, devStore, prodStore, unknownStore] }));
  }, 60_000);

  it("confirms exactly the fields that hold production customers, with correct counts", () => {
    const confirmed = findings
      .filter((f) => f.realData === "confirmed")
      .map((f) => [where(f), f.productionMatches, f.severity])
      .sort();
    expect(confirmed).toEqual(
      [
        ["acme-qa-exports/app.log#<text>:US_SSN", { matched: 3, checked: 3 }, "critical"],
        [
          "acme-qa-exports/customers.json#customer.license.number:US_DRIVERS_LICENSE",
          { matched: 5, checked: 5 },
          "critical",
        ],
        ["acme-qa-exports/customers.json#customer.ssn:US_SSN", { matched: 5, checked: 5 }, "critical"],
        ["acme-qa-exports/shared.csv#dl_number:US_DRIVERS_LICENSE", { matched: 10, checked: 25 }, "critical"],
        ["acme-qa-exports/shared.csv#ssn:US_SSN", { matched: 10, checked: 25 }, "critical"],
        ["shared-drive/copy.csv#dl_number:US_DRIVERS_LICENSE", { matched: 6, checked: 6 }, "high"],
        ["shared-drive/copy.csv#ssn:US_SSN", { matched: 6, checked: 6 }, "high"],
      ].sort(),
    );
    const shared = findings.find((f) => where(f) === "acme-qa-exports/shared.csv#ssn:US_SSN");
    expect(shared?.realDataReasons[0]).toBe("10 of 25 distinct values match production fingerprints");
  });

  it("calls valid, diverse values with no match likely, and says none matched", () => {
    for (const f of plaintext(findings, "acme-qa-exports").filter((f) => f.location.object === "fresh.csv")) {
      expect(f.realData, where(f)).toBe("likely");
      expect(f.severity).toBe("high");
      expect(f.productionMatches).toEqual({ matched: 0, checked: 30 });
      expect(f.realDataReasons.join(" ")).toMatch(/none of 30 distinct values match/);
    }
  });

  it("never confirms fixtures that production holds too, test values or never-issued numbers", () => {
    const seed = findings.find((f) => where(f) === "acme-qa-exports/seed.csv#ssn:US_SSN");
    expect(seed).toMatchObject({ realData: "unlikely", severity: "low", productionMatches: { matched: 0 } });
    const dev = plaintext(findings, "acme-dev-fixtures");
    expect(dev.length).toBeGreaterThan(0);
    for (const f of dev) {
      expect(f.realData, where(f)).toBe("unlikely");
      expect(f.severity, where(f)).toBe("low");
    }
    // Invalid values are never findings; protected and test values are never looked up.
    expect(findings.some((f) => where(f) === "acme-dev-fixtures/never-issued.csv#ssn:US_SSN")).toBe(false);
    const tests = findings.find((f) => where(f) === "acme-dev-fixtures/test-values.csv#ssn:US_SSN");
    expect(tests?.productionMatches ?? null).toBeNull();
  });

  it("treats production fields as production: compared with nothing, noted as fingerprinted", () => {
    const prod = plaintext(findings, "acme-prod-crm");
    const customers = prod.filter((f) => f.location.object === "customers.csv");
    expect(customers).toHaveLength(2);
    for (const f of prod) {
      expect(f.productionMatches).toBeNull();
      expect(f.realData).not.toBe("confirmed");
    }
    for (const f of customers) {
      expect(f).toMatchObject({ realData: "likely", severity: "high" });
      expect(f.realDataReasons.join(" ")).toMatch(/fingerprinted/);
    }
  });
});

describe("a single stray match", () => {
  it("confirms: one production SSN, even repeated in a fixture, is one real customer exposed", async () => {
    const store = path.join(root, "acme-test-stray");
    await writeStore(store, {
      "stray.csv": toDelimited(
        ["ssn"],
        Array.from({ length: 20 }, () => ({ ssn: production[0]?.ssn ?? "" })),
      ),
    });
    const { findings } = await runScan({ targets: [prodStore, store] });
    const stray = findings.find((f) => f.location.container === "acme-test-stray");
    expect(stray).toMatchObject({
      realData: "confirmed",
      productionMatches: { matched: 1, checked: 1 },
      severity: "critical",
    });
    expect(stray?.realDataReasons.join(" ")).toMatch(/other values: only 1 distinct values/);
  });
});

describe("across runs, through the state directory", () => {
  it("confirms test data against production scanned in an earlier run, and only under the same key", async () => {
    const reportDir = path.join(root, "reports-across");
    const key = new TextKeyProvider("9a".repeat(32), "test configuration");
    const first = await runScan({ targets: [prodStore], reportDir, fingerprints: { keyProvider: key } });
    expect(first.summary.fingerprints).toMatchObject({
      persisted: true,
      stored: { US_SSN: 40, US_DRIVERS_LICENSE: 80 },
    });

    const second = await runScan({ targets: [qaStore], reportDir, fingerprints: { keyProvider: key } });
    const confirmed = second.findings
      .filter((f) => f.realData === "confirmed")
      .map(where)
      .sort();
    expect(confirmed).toHaveLength(5);
    expect(second.summary.fingerprints).toMatchObject({ productionStores: [], added: 0 });

    const otherKey = new TextKeyProvider("7b".repeat(32), "another configuration");
    const third = await runScan({ targets: [qaStore], reportDir, fingerprints: { keyProvider: otherKey } });
    expect(third.findings.filter((f) => f.realData === "confirmed")).toEqual([]);
    const shared = third.findings.find((f) => where(f) === "acme-qa-exports/shared.csv#ssn:US_SSN");
    expect(shared).toMatchObject({ realData: "likely", productionMatches: null });
    expect(shared?.realDataReasons.join(" ")).toMatch(/no production fingerprints on file/);
  }, 60_000);

  it("without a report directory, confirms within the run and keeps nothing", async () => {
    const result = await runScan({ targets: [prodStore, qaStore] });
    expect(result.findings.filter((f) => f.realData === "confirmed")).toHaveLength(5);
    expect(result.summary.fingerprints).toMatchObject({ persisted: false });
  });

  it("reads the key from the environment variable when asked", () => {
    expect(keyFromEnvironment({ [KEY_ENV_VAR]: "  " })).toBeNull();
    expect(keyFromEnvironment({ [KEY_ENV_VAR]: "ab".repeat(32) })?.source).toContain(KEY_ENV_VAR);
  });
});

describe("a batch's assessment, disposed", () => {
  it("cannot fingerprint any more: its hasher is wiped", async () => {
    const realData = await RealDataAssessment.open(
      { keyProvider: new TextKeyProvider("5c".repeat(32), "test configuration"), storage: null },
      null,
      new Date("2026-01-01T00:00:00Z"),
    );
    const fingerprints = realData.partFingerprints("US_SSN");
    fingerprints.add("123456789", new FingerprintList());
    fingerprints.finish();
    realData.dispose();
    expect(() => realData.partFingerprints("US_SSN").add("123456789", new FingerprintList())).toThrow(
      /after wipe/,
    );
  });
});
