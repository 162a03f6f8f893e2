// report.html in a real headless Chromium: the demo's report and a second run's, and a store with hostile
// keys and field names. Skips, saying why, where no Chromium is installed (CI installs Debian's).
// Screenshots go to a temporary directory, or to REPORT_SCREENSHOT_DIR when set.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEVERITY_ORDER, Summary } from "../../packages/core/schemas.ts";
import { generateDemoLake } from "../../packages/demo/generate-lake.ts";
import { runScan, type ScanResult } from "../../packages/engine/index.ts";
import { createRng, syntheticSsn } from "../../packages/synth/index.ts";
import { chromiumMissing, type HeadlessChromium, launchChromium, openFile } from "../helpers/chromium.ts";

const missing = chromiumMissing();
if (missing) console.warn(`html-browser.test.ts: ${missing}`);

const SCRIPT_KEY = "<script>alert(1)</script>.jsonl";
const IMG_KEY = '"><img src=x onerror=alert(1)>.jsonl';
const SCRIPT_FIELD = "<script>alert(2)</script>";
const IMG_FIELD = 'ssn"><img src=x onerror=alert(3)>';

let root: string;
let shots: string;
let chrome: HeadlessChromium;
let demo: ScanResult;
let changed: ScanResult;
let hostile: ScanResult;

const reportOf = (r: ScanResult) => path.join(r.runDir ?? "", "report.html");
const summaryOf = async (r: ScanResult) =>
  Summary.parse(JSON.parse(await readFile(path.join(r.runDir ?? "", "summary.json"), "utf8")));

describe.skipIf(missing !== null)("report.html in headless Chromium", () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ea-browser-"));
    shots = process.env.REPORT_SCREENSHOT_DIR ?? path.join(root, "screenshots");
    await mkdir(shots, { recursive: true });
    const lake = path.join(root, "lake");
    const { stores } = await generateDemoLake(lake);
    const reportDir = path.join(root, "reports");
    demo = await runScan({ targets: stores, reportDir });

    // The next night: the QA SQL dump was deleted, and a new export appeared in the dev sandbox.
    await rm(path.join(lake, "acme-qa-exports", "dumps", "crm-2024-11-01.sql"));
    const rng = createRng(99);
    const rows = Array.from({ length: 40 }, (_, i) => `${i},Customer ${i},${syntheticSsn(rng)}`);
    await mkdir(path.join(lake, "acme-dev-sandbox", "exports"), { recursive: true });
    await writeFile(
      path.join(lake, "acme-dev-sandbox", "exports", "prod-copy.csv"),
      `id,name,ssn\n${rows.join("\n")}\n`,
    );
    changed = await runScan({ targets: stores, reportDir });

    // Hostile object keys and field names, scanned for real.
    const evil = path.join(root, "acme-qa-evil");
    const lines = Array.from({ length: 30 }, (_, id) =>
      JSON.stringify({ id, [IMG_FIELD]: syntheticSsn(rng), [SCRIPT_FIELD]: syntheticSsn(rng) }),
    );
    for (const key of [SCRIPT_KEY, IMG_KEY]) {
      await mkdir(path.dirname(path.join(evil, key)), { recursive: true });
      await writeFile(path.join(evil, key), `${lines.join("\n")}\n`);
    }
    hostile = await runScan({ targets: [evil], reportDir: path.join(root, "evil-reports") });

    chrome = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await chrome?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("shows the headline numbers of summary.json, with no console error and no network request", async () => {
    const summary = await summaryOf(demo);
    const { page, errors, networkRequests, dialogs } = await openFile(chrome.browser, reportOf(demo));
    const num = async (id: string) => Number((await page.getByTestId(id).textContent())?.replaceAll(",", ""));
    expect(await num("critical-count")).toBe(summary.totals.bySeverity.critical);
    expect(await num("nonprod-real-count")).toBe(summary.totals.nonProductionWithRealData.length);
    expect(await num("total-findings")).toBe(summary.totals.findings);
    expect(await num("listed-count")).toBe(summary.coverage.listed);
    for (const s of SEVERITY_ORDER)
      expect(await num(`severity-count-${s}`)).toBe(summary.totals.bySeverity[s]);
    const stores = await page.getByTestId("nonprod-real-stores").locator("li code").allTextContents();
    expect(stores).toEqual(summary.totals.nonProductionWithRealData);
    expect(summary.totals.nonProductionWithRealData.length).toBeGreaterThan(0);
    await expect(page.getByTestId("verdict").textContent()).resolves.toMatch(
      /non-production stores? holds? .*real customer data/,
    );
    expect(await page.locator("article.finding").count()).toBe(summary.totals.findings);

    const file = path.join(shots, "report-screenshot.png");
    await page.screenshot({ path: file, fullPage: true });
    console.info(`demo report screenshot: ${file}`);
    expect((await stat(file)).size).toBeGreaterThan(50_000);
    // Printed: the print stylesheet lays it out on A4 pages.
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(errors).toEqual([]);
    expect(networkRequests).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it("says on the page what changed since the previous run", async () => {
    const summary = await summaryOf(changed);
    expect(summary.comparison.findingSets).toMatchObject({ new: 1, resolved: 1 });
    const { page, errors, networkRequests } = await openFile(chrome.browser, reportOf(changed));
    expect(await page.getByTestId("change-sets-new").textContent()).toBe("1");
    expect(await page.getByTestId("change-sets-resolved").textContent()).toBe("1");
    expect(await page.getByTestId("previous-run-id").textContent()).toBe(demo.summary.runId);
    expect(await page.getByTestId("change-sentence").textContent()).toMatch(
      /^1 object with new findings, 1 object whose findings were all resolved and \d+ objects still holding findings$/,
    );
    expect(await page.getByTestId("sets-new").textContent()).toContain("exports/prod-copy.csv");
    expect(await page.getByTestId("sets-resolved").textContent()).toContain("dumps/crm-2024-11-01.sql");
    expect(await page.locator("#changes svg g.col").count()).toBe(2);
    const file = path.join(shots, "report-screenshot-changes.png");
    await page.screenshot({ path: file, fullPage: true });
    console.info(`second-run report screenshot: ${file}`);
    expect(errors).toEqual([]);
    expect(networkRequests).toEqual([]);
  });

  it("checks what it claims: the harness sees a network request, a console error and an injected element", async () => {
    const probe = path.join(root, "probe.html");
    await writeFile(
      probe,
      '<!doctype html><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><script>console.error("boom")</script><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
    );
    const { page, errors, networkRequests } = await openFile(chrome.browser, probe);
    expect(networkRequests).toEqual(["http://127.0.0.1:9/x.css"]);
    expect(errors).toContain("boom");
    expect(await page.locator("script, img").count()).toBe(2);
  });

  it("renders hostile object keys and field names as text", async () => {
    const keys = new Set(hostile.findings.map((f) => f.location.object));
    expect(keys).toEqual(new Set([SCRIPT_KEY, IMG_KEY]));
    expect(new Set(hostile.findings.map((f) => f.location.field))).toEqual(
      new Set([IMG_FIELD, SCRIPT_FIELD]),
    );
    const { page, errors, networkRequests, dialogs } = await openFile(chrome.browser, reportOf(hostile));
    const injected = await page.locator("script, img, iframe, object, embed, [onerror], [onload]").count();
    expect(injected).toBe(0);
    const text = await page.locator("body").textContent();
    for (const literal of [SCRIPT_KEY, IMG_KEY, SCRIPT_FIELD, IMG_FIELD]) expect(text).toContain(literal);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(networkRequests).toEqual([]);
  });
});
