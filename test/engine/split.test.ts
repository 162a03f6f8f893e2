// Large objects split at record boundaries: every record is read by exactly one part (at every
// boundary position), and a split run gives the same findings and coverage as an unsplit one, in
// one thread and in worker threads — CSV (quoted multi-line fields too), JSON lines and text, with
// production copies confirmed, sequential values and distinct counts merged from the parts.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvLine, customer, jsonLine } from "../../bench/generate.ts";
import { runPipeline } from "../../packages/engine/phases/index.ts";
import { TextKeyProvider } from "../../packages/fingerprints/index.ts";
import { fileInput, partInput, splitFormat } from "../../packages/formats/index.ts";
import { LocalDirectoryReportStore } from "../../packages/report/index.ts";
import { createRng, formatSsn, syntheticSsn } from "../../packages/synth/index.ts";
import { findLeaks } from "../helpers/leaks.ts";

const KEY = "cd".repeat(32);
const fingerprints = () => ({ keyProvider: new TextKeyProvider(KEY, "test key"), storage: null });
const HEADER =
  "customer_id,first_name,last_name,email,phone,dob,street,city,state,zip,ssn,dl_number,dl_state,created_at,lifetime_value,notes\n";
let root: string;
let prod: string;
let qa: string;

function files(seed: number, rows: number) {
  const rng = createRng(seed);
  let csv = HEADER;
  let jsonl = "";
  let log = "";
  let quoted = "id,ssn,comment\n";
  for (let i = 0; i < rows; i++) {
    const c = customer(rng, i);
    csv += csvLine(c);
    jsonl += jsonLine(rng, c);
    const ssn = formatSsn(syntheticSsn(rng));
    log +=
      i % 3 === 0
        ? `2024-01-01T00:00:${i % 60} customer SSN ${ssn} verified\n`
        : `2024-01-01 heartbeat ${i}\n`;
    // Every fourth comment spans lines inside quotes; SSN values count up (a synthetic sign).
    const comment = i % 4 === 0 ? `"line one\nline two, ssn ${ssn}"` : "plain";
    quoted += `${i},512-34-${String(1000 + i).padStart(4, "0")},${comment}\n`;
  }
  return { csv, jsonl, log, quoted };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ea-split-"));
  prod = path.join(root, "acme-prod-lake");
  qa = path.join(root, "acme-qa-exports");
  await mkdir(prod, { recursive: true });
  await mkdir(qa, { recursive: true });
  const p = files(7, 3000);
  const q = files(7, 1500); // the first 1,500 production customers, copied to QA
  await writeFile(path.join(prod, "customers.csv"), p.csv);
  await writeFile(path.join(prod, "events.jsonl"), p.jsonl);
  await writeFile(path.join(prod, "app.log"), p.log);
  await writeFile(path.join(qa, "customers.csv"), q.csv);
  await writeFile(path.join(qa, "events.jsonl"), q.jsonl);
  await writeFile(path.join(qa, "app.log"), q.log);
  await writeFile(path.join(qa, "tickets.csv"), p.quoted);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function readParts(file: string, count: number): Promise<{ records: string; parts: string[] }> {
  const bytes = await readFile(file);
  const how = splitFormat(file, bytes.subarray(0, 64 * 1024));
  if (!how) throw new Error(`${file} is not splittable`);
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    const spec = {
      index,
      count,
      start: Math.floor((index * bytes.length) / count),
      end: Math.floor(((index + 1) * bytes.length) / count),
      ...how,
    };
    const { input } = partInput(fileInput(file), spec);
    const chunks: Buffer[] = [];
    for await (const chunk of input.open()) chunks.push(Buffer.from(chunk));
    const text = Buffer.concat(chunks).toString("utf8");
    // Later CSV parts are read behind the header: strip it to compare record bytes.
    parts.push(spec.start > 0 && how.header > 0 ? text.slice(how.header) : text);
  }
  return { records: bytes.toString("utf8"), parts };
}

describe("parts of a split object", () => {
  it("read every record exactly once, whole, wherever the boundaries fall", async () => {
    const small = path.join(root, "small.jsonl");
    await writeFile(small, '{"a":1}\n{"b":"two"}\n\n{"c":3}\n{"d":"four, and more"}\n');
    // Boundaries at every byte: most parts are empty, none splits a record.
    for (const count of [2, 3, 5, 8, 13, 21, 55]) {
      const { records, parts } = await readParts(small, count);
      expect(parts.join("")).toBe(records);
      for (const part of parts) if (part) expect(part.endsWith("\n")).toBe(true);
    }
    for (const name of ["customers.csv", "events.jsonl", "app.log"]) {
      const { records, parts } = await readParts(path.join(prod, name), 7);
      expect(parts.join("")).toBe(records);
    }
  });

  it("a CSV part reads on to the end of a quoted field that holds its boundary", async () => {
    const file = path.join(root, "quoted.csv");
    await writeFile(file, 'id,note\n1,"a\nb\nc"\n2,x\n');
    // The boundary at byte 10 falls inside the quoted field of row 1.
    const { parts } = await readParts(file, 2);
    expect(parts[0]).toBe('id,note\n1,"a\nb\nc"\n');
  });
});

describe("a split run gives the findings of an unsplit run", () => {
  // Every byte the runs write, partial results included (they are deleted when the run is published).
  const written: string[] = [];
  const storeFor = (dir: string) => {
    const store = new LocalDirectoryReportStore(dir);
    const put = store.put.bind(store);
    store.put = (key, body, type) => {
      written.push(body);
      return put(key, body, type);
    };
    return store;
  };
  const run = (
    name: string,
    options: { split: false | { partBytes: number }; executor: "threads" | "in-process" },
  ) =>
    runPipeline({
      targets: [prod, qa],
      reportStore: storeFor(path.join(root, name)),
      fingerprints: fingerprints(),
      workers: 2,
      ...options,
    });
  const comparable = (result: Awaited<ReturnType<typeof run>>) => ({
    findings: result.findings.map((f) => ({ ...f, firstSeen: undefined, lastSeen: undefined })),
    units: result.summary.coverage,
  });

  it("in one thread and in worker threads", async () => {
    const whole = await run("whole", { split: false, executor: "in-process" });
    const split = await run("split", { split: { partBytes: 40_000 }, executor: "in-process" });
    const threads = await run("threads", { split: { partBytes: 40_000 }, executor: "threads" });
    expect(split.plan.batches.filter((b) => b.units.some((u) => u.part)).length).toBeGreaterThan(20);
    expect(whole.findings.some((f) => f.realData === "confirmed")).toBe(true);
    expect(whole.findings.some((f) => f.location.object === "tickets.csv")).toBe(true);
    expect(comparable(split)).toEqual(comparable(whole));
    expect(comparable(threads)).toEqual(comparable(whole));

    // The parts' partial results (keyed fingerprints, counts, redacted samples) hold no planted SSN.
    // Licences are not searched here: short numeric ones could match digit runs of the hex by chance.
    const sources = (
      await Promise.all(
        [prod, qa].map((dir) =>
          Promise.all(
            ["customers.csv", "events.jsonl", "app.log"].map((f) => readFile(path.join(dir, f), "utf8")),
          ),
        ),
      )
    )
      .flat()
      .join("\n");
    const ssnDigits = [
      ...new Set(
        [...sources.matchAll(/(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g)].map((m) => m[0].replace(/\D/g, "")),
      ),
    ];
    expect(ssnDigits.length).toBeGreaterThan(500);
    expect(written.filter((body) => body.includes('"part":{')).length).toBeGreaterThan(20);
    for (const [i, body] of written.entries()) {
      expect(findLeaks(`write ${i}`, body, { ssnDigits, licenses: [] })).toEqual([]);
    }
  }, 120_000);
});
