// Screening (readers that skip values which cannot hold a candidate) must never change an outcome:
// every unit is scanned twice, screened (the built-in detectors) and unscreened (the same detectors
// in a copied list, which turns screening off), and everything the scan keeps must be equal.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { csvLine, customer, jsonLine } from "../../bench/generate.ts";
import type { Source, UnitRef } from "../../packages/connectors/index.ts";
import { DEFAULT_READ_LIMITS, type ReadLimits } from "../../packages/core/index.ts";
import { DETECTORS } from "../../packages/detectors/index.ts";
import { scanUnit } from "../../packages/engine/scan-unit.ts";
import { createRng } from "../../packages/synth/index.ts";
import { flatParquet, nestedParquet } from "../../packages/synth/parquet.ts";
import { LAYOUTS } from "../helpers/parquet-layouts.ts";

/** One in-memory unit, served in chunks of `chunkSize` bytes. */
function memorySource(key: string, bytes: Buffer, chunkSize: number): Source {
  return {
    describe: async () => ({ store: "mem://test", container: "test", tags: {}, posture: {} }),
    async *list() {
      yield { key, size: bytes.length };
    },
    open: (unit: UnitRef) => ({
      name: unit.key,
      size: bytes.length,
      open: async function* () {
        for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
      },
      readRange: async (start: number, end: number) => bytes.subarray(start, Math.min(end, bytes.length)),
    }),
  };
}

/** What a unit scan keeps, in comparable form (sample order included: it depends on record order). */
async function outcome(key: string, bytes: Buffer, chunkSize: number, screened: boolean, limits: ReadLimits) {
  const source = memorySource(key, bytes, chunkSize);
  const detectors = screened ? DETECTORS : [...DETECTORS];
  const scan = await scanUnit(source, "mem://test", { key, size: bytes.length }, limits, detectors);
  const fields = scan.fields
    .map((f) => ({
      field: f.field,
      valueCount: f.valueCount,
      namedAs: f.byType.size > 0 ? scan.namedAs.get(f.field) : undefined,
      types: [...f.byType.values()].map((t) => ({
        dataType: t.dataType,
        matchCount: t.matchCount,
        testValueCount: t.testValueCount,
        invalidCount: t.invalidCount,
        byStrength: t.byStrength,
        distinct: [...t.distinct].sort(),
        samples: t.samples,
        states: [...t.states].sort(),
        protectedCounts: t.protectedCounts,
      })),
    }))
    .filter((f) => f.valueCount > 0)
    .sort((a, b) => String(a.field).localeCompare(String(b.field)));
  return { coverage: scan.coverage, fields };
}

async function expectSameOutcome(
  key: string,
  content: string | Buffer,
  chunkSizes: number[] = [5, 61, 4096, 1 << 20],
  limits: Partial<ReadLimits> = {},
) {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const lim = { ...DEFAULT_READ_LIMITS, ...limits };
  let reference = null;
  // Chunks as the source serves them change how a mixed UTF-8/Latin-1 unit decodes (per chunk), so
  // each chunk size has its own reference.
  for (const chunkSize of chunkSizes) {
    reference = await outcome(key, bytes, chunkSize, false, lim);
    expect(reference.coverage.records, "the reference scan read records").toBeGreaterThan(0);
    const screened = await outcome(key, bytes, chunkSize, true, lim);
    expect(screened, `chunks of ${chunkSize} bytes`).toEqual(reference);
  }
  return reference as Awaited<ReturnType<typeof outcome>>;
}

// Valid-looking synthetic SSNs made by arithmetic (areas 101–399, never the published examples).
const ssn = (i: number, sep = "-") =>
  `${String(101 + ((i * 37) % 299)).padStart(3, "0")}${sep}${String(10 + ((i * 13) % 89)).padStart(2, "0")}${sep}${String(1001 + ((i * 7919) % 8998)).padStart(4, "0")}`;

function benchCsv(rows: number): string {
  const rng = createRng(3);
  let out =
    "customer_id,first_name,last_name,email,phone,dob,street,city,state,zip,ssn,dl_number,dl_state,created_at,lifetime_value,notes\n";
  for (let i = 0; i < rows; i++) out += csvLine(customer(rng, i));
  return out;
}

function benchJsonl(rows: number): string {
  const rng = createRng(3);
  const jsonRng = createRng(4);
  let out = "";
  for (let i = 0; i < rows; i++) out += jsonLine(jsonRng, customer(rng, i));
  return out;
}

describe("screened CSV reads give the same outcome as unscreened ones", () => {
  it("bench-like customers (SSN and licence columns, free-text notes, quoted notes)", async () => {
    const ref = await expectSameOutcome("customers.csv", benchCsv(400));
    expect(ref.fields.find((f) => f.field === "ssn")?.types[0]?.matchCount).toBeGreaterThan(10);
  });

  it("CRLF, a BOM, quoted fields with delimiters, quotes and newlines, empty lines and cells", async () => {
    const rows = ["\uFEFFid,name,ssn,notes\r"];
    for (let i = 0; i < 60; i++) {
      const note =
        i % 7 === 0
          ? `"said ""hi"", SSN ${ssn(i)}\r\nsecond line"`
          : i % 5 === 0
            ? `"DL D${1_000_000 + i} (CA), checked"`
            : i % 3 === 0
              ? ""
              : `call back at 4pm`;
      rows.push(`${i},Person ${i},${i % 4 === 0 ? "" : ssn(i)},${note}\r`);
      if (i % 11 === 0) rows.push("\r");
    }
    await expectSameOutcome("people.csv", `${rows.join("\n")}\n`);
  });

  it("no header, rows wider and narrower than the first, trailing delimiters, no final newline", async () => {
    const rows: string[] = [];
    for (let i = 0; i < 50; i++) {
      const extra = i % 6 === 0 ? `,extra ${ssn(i + 1)},more` : i % 9 === 0 ? "" : ",";
      rows.push(`${1000 + i},${ssn(i, i % 2 === 0 ? "-" : "")},${i % 3 === 0 ? "" : `note ${i}`}${extra}`);
    }
    await expectSameOutcome("export.dat", rows.join("\n"));
  });

  it("Latin-1 bytes, UTF-8 characters split across chunks, non-ASCII dashes in SSNs", async () => {
    const lines = ["name,ssn,comment"];
    for (let i = 0; i < 40; i++) {
      lines.push(`José Muñoz ${i},${ssn(i, "\u2011")},Zoë said SSN ${ssn(i + 3, "\u2013")} ok`);
    }
    const utf8 = Buffer.from(`${lines.join("\n")}\n`, "utf8");
    await expectSameOutcome("utf8.csv", utf8);
    // A Latin-1 part (invalid UTF-8) in the middle: that chunk decodes as Latin-1.
    const latin = Buffer.concat([
      utf8,
      Buffer.from(`Fran\xe7ois,${ssn(77)},caf\xe9 DL 1234567\n`, "latin1"),
      utf8,
    ]);
    await expectSameOutcome("mixed.csv", latin);
  });

  it("lines longer than the cap are cut and noted the same way", async () => {
    const long = "x".repeat(90);
    const rows = ["a,b,ssn"];
    for (let i = 0; i < 30; i++) rows.push(i % 4 === 0 ? `${long},${i},${ssn(i)}` : `v${i},${i},${ssn(i)}`);
    const ref = await expectSameOutcome("long.csv", `${rows.join("\n")}\n`, [7, 100, 1 << 20], {
      maxLineBytes: 64,
    });
    expect(ref.coverage.note).toMatch(/truncated/);
  });

  it("licence columns with state siblings, plates beside VINs, typed generic ids", async () => {
    const rows = ["id_type,id_number,license,vin,make,model,dl_state,state,notes"];
    for (let i = 0; i < 80; i++) {
      const type = i % 3 === 0 ? "DL" : i % 3 === 1 ? "passport" : "";
      rows.push(
        [
          type,
          i % 3 === 2 ? "" : `F${String(100_000_000_000 + i * 7_654_321)}`,
          i % 2 === 0 ? `D${1_000_000 + i}` : "",
          i % 5 === 0 ? `1HGCM82633A${String(100000 + i)}` : "",
          "Honda",
          "Civic",
          i % 4 === 0 ? "" : "CA",
          "FL",
          i % 6 === 0 ? `lic# D${2_000_000 + i}` : "",
        ].join(","),
      );
    }
    await expectSameOutcome("ids.csv", `${rows.join("\n")}\n`);
  });

  it("every licence context word and SSN words in free text, in plain rows", async () => {
    const words = [
      "driver's license",
      "Driving Licence no",
      "OPERATOR'S LICENSE",
      "D.L.",
      "d. l.",
      "DL#",
      "CDL",
      "DLN",
      "lic no",
      "Lic#",
      "license number",
      "SSN",
      "social security no",
      "tax id",
    ];
    const rows = ["id;note;other"];
    for (let i = 0; i < 70; i++) {
      const word = words[i % words.length] as string;
      const number = i % 2 === 0 ? `D${1_000_000 + i}` : String(100_000_000 + i * 7919);
      rows.push(`${i};${word} ${number} on file;${i % 3 === 0 ? `${word}: ${ssn(i, "")}` : "n/a"}`);
    }
    await expectSameOutcome("notes.csv", `${rows.join("\n")}\n`);
  });

  it("licence cues at and off word starts, e-mails and sentences with d., long digit runs, CRLF, Latin-1", async () => {
    // The screen needs "dl", "d." or "lic" and a cue word at a word start: context words glued to
    // punctuation, underscores or non-ASCII letters are found; inside words (xdl, public) they are not.
    const notes = [
      "driverslicense 12345678",
      "OperatorsLicense: A1234567",
      "(DL)1234567",
      "_dl 1234567",
      "x-dl 1234567",
      "xdl 1234567",
      "public 1234567",
      "Called about billing on 2024-03-02; resolved.",
      "id 1234567890123",
      "123456789012",
      "d.l.1234567",
      "lic.no 7654321",
      "cdl:D7654321",
    ];
    const rows = ["id,email,note,other"];
    for (let i = 0; i < 60; i++) {
      const note = notes[i % notes.length] as string;
      const email = i % 2 === 0 ? `david.obrien${i}@mail.example.com` : `lic.${i}@example.com`;
      rows.push(`${i},${email},${note},${i % 5 === 0 ? `${note} ${ssn(i)}` : ""}`);
    }
    const text = `${rows.join("\r\n")}\r\n`;
    await expectSameOutcome("cues.csv", text);
    // A non-ASCII letter before a cue word leaves it at a word start (the context pattern's edge is ASCII).
    const latin1 = Buffer.concat([
      Buffer.from(text, "latin1"),
      Buffer.from("99,\xe9dl@x,\xe9dl 1234567,\xe9lic# 7654321\n", "latin1"),
    ]);
    await expectSameOutcome("cues-latin1.csv", latin1);
    const lines = notes.map((note, i) =>
      JSON.stringify({ id: i, email: `david.obrien${i}@mail.example.com`, note, memo: `\u00e9${note}` }),
    );
    await expectSameOutcome("cues.jsonl", `${lines.join("\r\n")}\r\n`);
  });

  it("quoted cells: every cell quoted, escaped quotes, text after the closing quote, CRLF", async () => {
    const rows = ['"id","name","ssn","dl_number","dl_state","note"'];
    for (let i = 0; i < 80; i++) {
      const cells = [
        `"${i}"`,
        `"Person ""P${i}"""`,
        i % 5 === 0 ? '""' : `"${ssn(i, i % 2 === 0 ? "-" : "")}"`,
        i % 3 === 0 ? `"D${1_000_000 + i}"` : '""',
        i % 3 === 0 ? '"CA"' : "",
        [
          `"DL D${2_000_000 + i}, on file"`,
          `"${100_000_000 + i}"`,
          `"a ""quoted"" d"l ${i}`,
          `"SSN ${ssn(i)}"	x`,
          `"lic# ${3_000_000 + i}"tail`,
          `plain ${i}`,
          `"multi
line ${ssn(i)}"`,
        ][i % 7] as string,
      ];
      rows.push(cells.join(","));
    }
    await expectSameOutcome("quoted.csv", `${rows.join("\r\n")}\r\n`);
    await expectSameOutcome("quoted-lf.csv", `${rows.join("\n")}\n`);
  });

  it("tabs and semicolons, masked and hashed SSN columns, gzip", async () => {
    const tsv = ["id\tssn\tssn_hash\tnote"];
    for (let i = 0; i < 40; i++) {
      tsv.push(
        `${i}\t***-**-${String(1000 + i)}\t${"ab12".repeat(16)}\tSSN: ${String(100_000_000 + i * 977)}`,
      );
    }
    await expectSameOutcome("masked.tsv", `${tsv.join("\n")}\n`);
    const semi = ["id;ssn;amount"];
    for (let i = 0; i < 40; i++) semi.push(`${i};${ssn(i)};1.234,5${i}`);
    await expectSameOutcome("semi.csv", `${semi.join("\n")}\n`);
    await expectSameOutcome("customers.csv.gz", gzipSync(benchCsv(200)), [13, 4096]);
  });
});

/**
 * Random rows over the bytes the CSV row kernel (formats/wasm/csv-rows.c) decides on: delimiters, CR,
 * quotes, digits, the loose-cue letters in both cases, ".", byte 14 (which folds to "."), Latin-1 and
 * UTF-8 bytes, cue words, SSN and licence shapes, cells longer than a 16-byte block; and a row wider
 * than the kernel's 1,024 columns.
 */
function randomCsv(seed: number, delimiter: string, rows: number): Buffer {
  const random = createRng(seed);
  const rng = random.next;
  const pieces = [
    "d",
    "D",
    "l",
    "L",
    "i",
    "I",
    "c",
    "C",
    ".",
    "\x0e",
    "dl",
    "D.L.",
    "lic",
    "LIC#",
    "cdl",
    "driver",
    "Operator",
    " ",
    "-",
    "x",
    "ab",
    "7",
    "42",
    "123456789",
    "12-34",
    ssn(seed),
    "é",
    "\xe9",
    "sold ",
    "CA",
    "D1234567",
    "\r",
    "0000000000000000000",
    "a@b.d",
    "and.",
    "Mr.Lic",
    " lic# D1234567 (CA) ",
    "license number 1553822 OR",
  ];
  const header = ["id", "ssn", "dl_number", "dl_state", "notes", "phone", "id_type", "id_number", "memo"];
  const lines = [header.join(delimiter)];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    const width = header.length + (rng() < 0.05 ? Math.floor(rng() * 4) - 2 : 0);
    for (let c = 0; c < width; c++) {
      let cell = "";
      const n = rng() < 0.2 ? 0 : Math.floor(rng() * (rng() < 0.1 ? 30 : 6));
      for (let k = 0; k < n; k++) cell += random.pick(pieces);
      if (header[c] === "id_type" && rng() < 0.3) cell = random.pick(["DL", "SSN", "passport", ""]);
      cell = cell.replaceAll(delimiter, " ").replaceAll("\r", rng() < 0.5 ? "\r" : "");
      if (rng() < 0.05) {
        // Quoted: delimiters, quotes and (rarely) a newline inside, sometimes text after the closing quote.
        const inside = `${cell}${random.pick(["", delimiter, '"', "\n", "7d", ""])}${random.pick(["", "l"])}`;
        cell = `"${inside.replaceAll('"', '""')}"${rng() < 0.1 ? "x1" : ""}`;
      }
      cells.push(cell);
    }
    lines.push(cells.join(delimiter) + (rng() < 0.1 ? "\r" : ""));
  }
  lines.push(Array.from({ length: 1100 }, (_, i) => (i % 97 === 0 ? ssn(i) : `v${i}`)).join(delimiter));
  return Buffer.from(`${lines.join("\n")}\n`, "latin1");
}

describe("screened CSV reads of random rows give the same outcome as unscreened ones", () => {
  it.each([
    [",", 11],
    ["|", 12],
    ["\t", 13],
    [";", 14],
  ])("delimiter %j", async (delimiter, seed) => {
    await expectSameOutcome("random.csv", randomCsv(seed, delimiter, 1500), [7, 333, 1 << 20]);
  });

  it("examines an SSN column past the 64th in plain rows (it was read as a counted column)", async () => {
    const header = Array.from({ length: 80 }, (_, i) => (i === 70 ? "ssn" : `c${i}`));
    const rows = [header.join(",")];
    for (let r = 0; r < 30; r++) rows.push(header.map((_, i) => (i === 70 ? ssn(r) : `v${r}`)).join(","));
    const ref = await expectSameOutcome("wide.csv", `${rows.join("\n")}\n`);
    expect(ref.fields.find((f) => f.field === "ssn")?.types[0]?.matchCount).toBe(30);
  });
});

describe("screened JSON lines reads give the same outcome as unscreened ones", () => {
  it("bench-like nested events", async () => {
    await expectSameOutcome("events.jsonl", benchJsonl(300));
  });

  it("escapes, arrays, several values, malformed and blank lines, literals, odd numbers, empty keys", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40; i++) {
      const n = ssn(i);
      lines.push(
        [
          `{"id":${1000 + i},"ssn":"${n}","tags":["a",{"k":"v${i}"},[1,2,[3]]],"ok":true,"none":null,"f":false}`,
          `{"note":"SSN\u0020${n} and "quoted"","escaped\u0041key":"x"}`,
          `[{"ssn":"${n}"},{"ssn":""}]`,
          `{"a":1} {"ssn":"${n}"}`,
          `{"ssn":"${n}",}`,
          `{"n":-0,"m":1.5e-3,"o":1E+9,"p":123456789012,"q":-123456789}`,
          `{"bad":01}`,
          `{"bad":truex}`,
          `   `,
          ``,
          `"just a string ${n}"`,
          `{"":"${n}","x":{"":"DL D${1_000_000 + i}"}}`,
          `{"ssn":"${n}","ssn":"${ssn(i + 1)}"}`,
          ` { "spaced" : "DL ${7_000_000 + i} " , "arr" : [ ] , "obj" : { } } `,
          `{"deep":${"[".repeat(70)}"${n}"${"]".repeat(70)}}`,
        ][i % 15] as string,
      );
    }
    await expectSameOutcome("odd.jsonl", `${lines.join("\r\n")}\n`);
  });

  it("licence objects with states, typed generic ids beside their type, keys that change between lines", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id =
        i % 3 === 0
          ? { type: "drivers_license", number: `F${String(100_000_000_000 + i * 7_654_321)}`, state: "FL" }
          : { type: "passport", number: String(500_000_000 + i * 7919) };
      const record: Record<string, unknown> =
        i % 4 === 0
          ? { customer: { name: `P${i}`, license: { number: `D${1_000_000 + i}`, state: "CA" } }, id }
          : {
              customer: { name: `P${i}`, ["ssn_" + (i % 2)]: ssn(i) },
              vehicle: { license: `7ABC${100 + i}` },
              id,
            };
      if (i % 5 === 0) record.extra = { naïve: `DL ${3_000_000 + i}`, "dl no": `${4_000_000 + i}` };
      lines.push(JSON.stringify(record));
    }
    await expectSameOutcome("ids.jsonl", `${lines.join("\n")}\n`);
    await expectSameOutcome("ids.jsonl.gz", gzipSync(`${lines.join("\n")}\n`), [9, 4096]);
  });

  it("licence context words and SSN words in free-text values", async () => {
    const words = ["lic# D", "license number ", "D.L. ", "dl ", "Driver's Licence ", "SSN ", "tax id "];
    const lines: string[] = [];
    for (let i = 0; i < 50; i++) {
      const word = words[i % words.length] as string;
      lines.push(
        JSON.stringify({ id: i, note: `${word}${1_000_000 + i * 7}`, memo: `${word}${ssn(i, "")}` }),
      );
    }
    await expectSameOutcome("notes.jsonl", `${lines.join("\n")}\n`);
  });

  it("lines longer than the cap, Latin-1 keys and values", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 30; i++) {
      lines.push(
        i % 5 === 0 ? `{"long":"${"x".repeat(80)}","ssn":"${ssn(i)}"}` : `{"ssn":"${ssn(i)}","n":${i}}`,
      );
    }
    await expectSameOutcome("long.jsonl", `${lines.join("\n")}\n`, [7, 100, 1 << 20], { maxLineBytes: 64 });
    const latin = Buffer.concat([
      Buffer.from(`{"caf\xe9":"SSN ${ssn(1)}","ssn":"${ssn(2)}"}\n`, "latin1"),
      Buffer.from(`${lines.join("\n")}\n`, "utf8"),
    ]);
    await expectSameOutcome("latin.jsonl", latin);
  });
});

describe("screened Parquet reads give the same outcome as unscreened ones", () => {
  // Screened Parquet is read page by page, values left as bytes; unscreened as whole row groups.
  it.each(LAYOUTS)("page by page: %s", async (_name, make) => {
    const ref = await expectSameOutcome("layout.parquet", Buffer.from(make()), [1 << 20]);
    const matches = (field: string) =>
      ref.fields.find((f) => f.field === field)?.types.reduce((n, t) => n + t.matchCount, 0) ?? 0;
    expect(matches("ssn")).toBeGreaterThan(10);
    expect(matches("dl_number")).toBeGreaterThan(10);
    expect(ref.fields.find((f) => f.field === "small")?.valueCount).toBeGreaterThan(0);
  });

  it("bench-like customers in several row groups, snappy and gzip, from ranges and from a gzip stream", async () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 500 }, (_, i) => customer(rng, i));
    const column = (name: keyof (typeof rows)[number]) =>
      rows.map((r) => (r[name] === "" ? null : String(r[name])));
    const bytes = Buffer.from(
      flatParquet(
        [
          { name: "customer_id", type: "INT64", values: rows.map((r) => r.customer_id) },
          ...(
            ["first_name", "email", "phone", "state", "ssn", "dl_number", "dl_state", "notes"] as const
          ).map((name) => ({ name, type: "STRING" as const, values: column(name) })),
          {
            name: "lifetime_value",
            type: "INT32",
            values: rows.map((r) => Math.round(Number(r.lifetime_value))),
          },
        ],
        120,
      ),
    );
    const ref = await expectSameOutcome("customers.parquet", bytes, [1 << 20]);
    expect(ref.fields.find((f) => f.field === "dl_number")?.types[0]?.matchCount).toBeGreaterThan(10);
    await expectSameOutcome("customers.parquet.gz", gzipSync(bytes), [4096]);
  });

  it("typed generic ids beside their type, plates beside VINs, integer-like column names, nested structs", async () => {
    const n = 90;
    const bytes = Buffer.from(
      flatParquet([
        {
          name: "id_type",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "DL" : i % 3 === 1 ? "passport" : null)),
        },
        {
          name: "id_number",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => `F${String(100_000_000_000 + i * 7_654_321)}`),
        },
        {
          name: "license",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `D${1_000_000 + i}` : null)),
        },
        {
          name: "vin",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? `1HGCM82633A${100000 + i}` : null)),
        },
        {
          name: "2024",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => `note ${i} SSN ${ssn(i, "")}`),
        },
        {
          name: "state",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : "CA")),
        },
        {
          name: "ssn",
          type: "STRING",
          values: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? "" : ssn(i))),
        },
      ]),
    );
    await expectSameOutcome("ids.parquet", bytes, [1 << 20]);
    const nested = Buffer.from(
      nestedParquet(
        { person: { name: "STRING", ssn: "STRING", license: { number: "STRING", state: "STRING" } } },
        Array.from({ length: 40 }, (_, i) => ({
          person: { name: `P${i}`, ssn: ssn(i), license: { number: `D${1_000_000 + i}`, state: "CA" } },
        })),
      ),
    );
    await expectSameOutcome("nested.parquet", nested, [1 << 20]);
  });
});
