import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { UnitReadError } from "../../packages/core/index.ts";
import { fileInput, readUnit } from "../../packages/formats/index.ts";
import { collect, memoryInput, readAll, streamInput, valuesOf } from "./helpers.ts";

const CSV = "name,ssn\nAna Test,900-00-0001\nBo Test,900-00-0002\n";

async function readError(promise: Promise<unknown>): Promise<UnitReadError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnitReadError);
    return error as UnitReadError;
  }
  throw new Error("expected a UnitReadError");
}

describe("format sniffing", () => {
  it.each([
    ["data.csv", CSV, "csv"],
    ["data.tsv", "a\tb\n1\t2\n", "csv"],
    ["data.json", '{"a": 1}', "json"],
    ["data.jsonl", '{"a":1}\n{"a":2}\n', "jsonl"],
    ["data.ndjson", '{"a":1}\n{"a":2}\n', "jsonl"],
    ["dump.sql", "INSERT INTO t (a) VALUES ('x');\n", "sql"],
    ["notes.txt", "hello there\nsecond line\n", "text"],
    ["app.log", "2024-01-01 INFO started\n2024-01-01 INFO done\n", "text"],
  ])("takes the extension of %s", async (name, content, format) => {
    const { result } = await readAll(memoryInput(name, content));
    expect(result.format).toBe(format);
    expect(result.compression).toBe("none");
  });

  it.each([
    ["export.dat", CSV, "csv"],
    ["export", "a;b;c\n1;2;3\n4;5;6\n", "csv"],
    ["export.out", "a|b\n1|2\n3|4\n", "csv"],
    ["export.dat", '[{"a":1},{"a":2}]', "json"],
    ["export.dat", '{\n  "a": {\n    "b": 1\n  }\n}\n', "json"],
    ["export.dat", '{"a":1}\n{"a":2}\n{"a":3}\n', "jsonl"],
    ["export.dat", "-- dump\nCOPY public.t (a, b) FROM stdin;\nx\ty\n\\.\n", "sql"],
    ["export.dat", "CREATE TABLE t (a int);\n", "sql"],
    ["server.out", "[2024-01-01 10:00] INFO started\n[2024-01-01 10:01] WARN slow, retrying\n", "text"],
    ["README", "Some prose, with commas, here.\nAnother line without.\n", "text"],
  ])("sniffs content of %s", async (name, content, format) => {
    const { result } = await readAll(memoryInput(name, content));
    expect(result.format).toBe(format);
  });

  it("lets clear content win over a misleading extension", async () => {
    expect((await readAll(memoryInput("report.csv", '{"a":1}\n{"a":2}\n'))).result.format).toBe("jsonl");
    expect((await readAll(memoryInput("export.json", '{"a":1}\n{"a":2}\n'))).result.format).toBe("jsonl");
    expect(
      (await readAll(memoryInput("events.log", '{"level":"info"}\n{"level":"warn"}\n'))).result.format,
    ).toBe("jsonl");
    expect(
      (await readAll(memoryInput("table.txt", "id,name,ssn\n1,A,900-00-0001\n2,B,900-00-0002\n"))).result
        .format,
    ).toBe("csv");
    const gz = await readAll(memoryInput("data.csv", gzipSync(CSV)));
    expect(gz.result).toMatchObject({ format: "csv", compression: "gzip" });
    expect(valuesOf(gz.records, "ssn")).toEqual(["900-00-0001", "900-00-0002"]);
    expect((await readAll(memoryInput("data.parquet", CSV))).result.format).toBe("csv");
    expect((await readAll(memoryInput("plain.csv.gz", CSV))).result).toMatchObject({
      format: "csv",
      compression: "none",
    });
  });

  it("finds Parquet by its magic whatever the name", async () => {
    const bytes = parquetWriteBuffer({ columnData: [{ name: "ssn", data: ["900-00-0001"] }] });
    const { result, rows } = await readAll(memoryInput("blob.bin", new Uint8Array(bytes), { ranges: true }));
    expect(result.format).toBe("parquet");
    expect(rows).toEqual([{ ssn: "900-00-0001" }]);
  });
});

describe("gzip", () => {
  const cases: [string, string, string, string][] = [
    ["a.csv.gz", CSV, "csv", "ssn"],
    ["a.json.gz", '[{"ssn":"900-00-0001"},{"ssn":"900-00-0002"}]', "json", "ssn"],
    ["a.jsonl.gz", '{"ssn":"900-00-0001"}\n{"ssn":"900-00-0002"}\n', "jsonl", "ssn"],
    ["a.sql.gz", "INSERT INTO t (ssn) VALUES ('900-00-0001'), ('900-00-0002');\n", "sql", "t.ssn"],
  ];
  it.each(cases)("unwraps %s", async (name, content, format, path) => {
    const { result, records } = await readAll(memoryInput(name, gzipSync(content), { chunkSize: 7 }));
    expect(result).toMatchObject({ format, compression: "gzip" });
    expect(valuesOf(records, path)).toEqual(["900-00-0001", "900-00-0002"]);
    expect(result.notes).toEqual([]);
    expect(result.bytesRead()).toBe(Buffer.byteLength(content));
  });

  it("unwraps gzipped text and Parquet", async () => {
    const text = await readAll(memoryInput("a.log.gz", gzipSync("line one\nline two\n")));
    expect(text.result.format).toBe("text");
    expect(valuesOf(text.records, null)).toEqual(["line one", "line two"]);
    const parquet = parquetWriteBuffer({
      columnData: [{ name: "ssn", data: ["900-00-0001", "900-00-0002"] }],
    });
    const pq = await readAll(
      memoryInput("a.parquet.gz", gzipSync(new Uint8Array(parquet)), { ranges: true }),
    );
    expect(pq.result).toMatchObject({ format: "parquet", compression: "gzip" });
    expect(valuesOf(pq.records, "ssn")).toEqual(["900-00-0001", "900-00-0002"]);
  });

  it("reads concatenated gzip members", async () => {
    const bytes = Buffer.concat([gzipSync("name,ssn\n"), gzipSync("A,900-00-0001\n")]);
    const { records } = await readAll(memoryInput("a.csv.gz", bytes));
    expect(valuesOf(records, "ssn")).toEqual(["900-00-0001"]);
  });

  it("yields what was readable from a truncated gzip, then notes it", async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i},${randomBytes(12).toString("hex")}`);
    const full = gzipSync(`id,token\n${lines.join("\n")}\n`);
    const { result, records } = await readAll(
      memoryInput("a.csv.gz", full.subarray(0, Math.floor(full.length * 0.6))),
    );
    expect(records.length).toBeGreaterThan(1000);
    expect(records.length).toBeLessThan(40_000);
    expect(records[0]?.fields).toEqual([
      { path: "id", value: "0" },
      { path: "token", value: expect.any(String) },
    ]);
    expect(result.notes.map((n) => n.reason)).toEqual(["truncated-compressed"]);
  });

  it("throws when a truncated gzip yields nothing", async () => {
    const full = gzipSync(CSV);
    const error = await readError(readUnit(memoryInput("a.csv.gz", full.subarray(0, 10))));
    expect(error.reason).toBe("truncated-compressed");
  });

  it("notes corrupt gzip data after the readable part", async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i},${randomBytes(12).toString("hex")}`);
    const full = Buffer.from(gzipSync(`id,token\n${lines.join("\n")}\n`));
    full.writeUInt32LE(0, full.length - 8); // wrong CRC: zlib fails at the very end
    const { result, records } = await readAll(memoryInput("a.csv.gz", full));
    expect(records.length).toBeGreaterThan(1000);
    expect(result.notes.map((n) => n.reason)).toEqual(["malformed"]);
    expect(result.notes[0]?.message).toMatch(/^gzip data is corrupt after \d+ compressed bytes/);
  });

  it("throws malformed when corrupt gzip yields nothing", async () => {
    const full = Buffer.from(gzipSync(CSV));
    full.writeUInt32LE(0, full.length - 8);
    expect((await readError(readUnit(memoryInput("a.csv.gz", full)))).reason).toBe("malformed");
  });

  it("stops a gzip bomb at the ratio cap quickly, with bounded reading", async () => {
    // ~200 MB of repeated text as 20 gzip members: ratio ~1000:1.
    const member = gzipSync(Buffer.alloc(10 * 1024 * 1024, "900-00-0000 repeated filler text\n"), {
      level: 9,
    });
    const bomb = Buffer.concat(Array.from({ length: 20 }, () => member));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const started = performance.now();
    const { result, records } = await readAll(memoryInput("bomb.txt.gz", bomb));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.notes.map((n) => n.reason)).toEqual(["decompression-limit"]);
    expect(result.notes[0]?.message).toMatch(/ratio above 200:1/);
    expect(result.bytesRead()).toBeLessThan(8 * 1024 * 1024);
    expect(records.length).toBeGreaterThan(0);
  });

  it("refuses a bomb of zeros as binary before expanding it", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    const error = await readError(readUnit(memoryInput("zeros.gz", bomb)));
    expect(error.reason).toBe("binary");
  });

  it("caps decompressed bytes with maxBytes", async () => {
    const content = `id,v\n${Array.from({ length: 5000 }, (_, i) => `${i},x`).join("\n")}\n`;
    const { result, records } = await readAll(memoryInput("a.csv.gz", gzipSync(content)), {
      maxBytes: 10_000,
    });
    expect(result.bytesRead()).toBe(10_000);
    expect(records.length).toBeLessThan(5000);
    expect(result.notes.map((n) => n.reason)).toEqual(["decompression-limit"]);
  });
});

describe("limits", () => {
  it("caps plain bytes with maxBytes (too-large note)", async () => {
    const content = `id,v\n${Array.from({ length: 5000 }, (_, i) => `${i},x`).join("\n")}\n`;
    const { result, records } = await readAll(memoryInput("a.csv", content, { chunkSize: 1000 }), {
      maxBytes: 4000,
    });
    expect(result.bytesRead()).toBe(4000);
    expect(records.length).toBeGreaterThan(100);
    expect(records.length).toBeLessThan(1000);
    expect(result.notes.map((n) => n.reason)).toEqual(["too-large"]);
  });

  it("truncates a 100 MB single line without holding it", async () => {
    const mib = Buffer.alloc(1024 * 1024, "a");
    const input = streamInput("huge.txt", function* () {
      for (let i = 0; i < 100; i++) yield mib;
      yield Buffer.from("\nnext line 900-00-0001\n");
    });
    const started = performance.now();
    const result = await readUnit(input);
    let first = 0;
    const rest: string[] = [];
    for await (const record of result.records) {
      if (record.position === 1) first = record.fields[0]?.value.length ?? 0;
      else rest.push(record.fields[0]?.value ?? "");
    }
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.format).toBe("text");
    expect(first).toBe(8 * 1024 * 1024);
    expect(rest).toEqual(["next line 900-00-0001"]);
    expect(result.notes).toEqual([
      {
        reason: "line-too-long",
        message: "1 line longer than 8388608 characters truncated to that length (first at line 1)",
      },
    ]);
    expect(result.bytesRead()).toBe(100 * 1024 * 1024 + 23);
  });

  it("honours a smaller maxLineBytes and counts every long line in one note", async () => {
    const content = `short\n${"x".repeat(50)}\nok\n${"y".repeat(60)}\n`;
    const { records, result } = await readAll(memoryInput("a.txt", content, { chunkSize: 8 }), {
      maxLineBytes: 20,
    });
    expect(records.map((r) => r.fields[0]?.value)).toEqual(["short", "x".repeat(20), "ok", "y".repeat(20)]);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]?.message).toMatch(/^2 lines longer than 20 characters.*first at line 2/);
  });

  it("rejects invalid limits", async () => {
    await expect(readUnit(memoryInput("a.csv", CSV), { maxBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe("unreadable units", () => {
  it("throws empty for 0 bytes, whitespace or a lone BOM", async () => {
    expect((await readError(readUnit(memoryInput("a.csv", "")))).reason).toBe("empty");
    expect((await readError(readUnit(memoryInput("a.csv", " \n\t\r\n")))).reason).toBe("empty");
    expect((await readError(readUnit(memoryInput("a.csv", "\uFEFF\n")))).reason).toBe("empty");
    expect((await readError(readUnit(memoryInput("a.csv.gz", gzipSync(""))))).reason).toBe("empty");
  });

  it("throws binary for images, archives and random bytes", async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(4096),
    ]);
    expect((await readError(readUnit(memoryInput("photo.png", png)))).reason).toBe("binary");
    expect((await readError(readUnit(memoryInput("photo.csv", png)))).reason).toBe("binary");
    expect((await readError(readUnit(memoryInput("blob", randomBytes(8192))))).reason).toBe("binary");
    const zip = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), randomBytes(100)]);
    expect((await readError(readUnit(memoryInput("book.xlsx", zip)))).reason).toBe("binary");
    const pdf = Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n", "latin1");
    expect((await readError(readUnit(memoryInput("doc.pdf", pdf)))).reason).toBe("binary");
    const nuls = Buffer.from("name,ssn\n\0\0\0\0\0\0\0\0\0\0\0\0A,1\n", "latin1");
    expect((await readError(readUnit(memoryInput("a.csv", nuls)))).reason).toBe("binary");
  });

  it("throws unsupported-format for other compressions", async () => {
    const zstd = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(64)]);
    expect((await readError(readUnit(memoryInput("a.csv.zst", zstd)))).reason).toBe("unsupported-format");
    const bz2 = Buffer.concat([Buffer.from("BZh9", "latin1"), randomBytes(64)]);
    expect((await readError(readUnit(memoryInput("a.csv.bz2", bz2)))).reason).toBe("unsupported-format");
  });

  it("throws unknown-encoding for UTF-32", async () => {
    const text = "name,ssn\nA,900-00-0001\n";
    const le = Buffer.alloc(4 + text.length * 4);
    le.writeUInt32LE(0xfeff, 0);
    for (let i = 0; i < text.length; i++) le.writeUInt32LE(text.charCodeAt(i), 4 + i * 4);
    expect((await readError(readUnit(memoryInput("a.csv", le)))).reason).toBe("unknown-encoding");
    const be = Buffer.alloc(4 + text.length * 4);
    be.writeUInt32BE(0xfeff, 0);
    for (let i = 0; i < text.length; i++) be.writeUInt32BE(text.charCodeAt(i), 4 + i * 4);
    expect((await readError(readUnit(memoryInput("a.csv", be)))).reason).toBe("unknown-encoding");
    expect((await readError(readUnit(memoryInput("a.csv", le.subarray(4))))).reason).toBe("unknown-encoding");
  });

  it("maps a missing local file to not-found", async () => {
    const input = {
      name: "gone.csv",
      size: 10,
      open: () => fileInput("/nonexistent/gone.csv", { size: 10 }).open(),
    };
    expect((await readError(readUnit(input))).reason).toBe("not-found");
  });

  it("passes a connector's UnitReadError through", async () => {
    const input = streamInput("a.csv", () => {
      throw new UnitReadError("access-denied", "denied by policy");
    });
    const error = await readError(readUnit(input));
    expect(error.reason).toBe("access-denied");
  });

  it("notes a stream that fails after some bytes", async () => {
    const input = streamInput("a.txt", async function* () {
      yield Buffer.from("line one\nline two\n");
      throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    });
    const { records, result } = await readAll(input);
    expect(valuesOf(records, null)).toEqual(["line one", "line two"]);
    expect(result.notes).toEqual([
      { reason: "read-error", message: "read failed after 18 bytes: Error ECONNRESET" },
    ]);
  });
});

describe("encodings", () => {
  const text = "name,city,ssn\nJosé Test,Zürich,900-00-0001\n";
  const expected = [{ name: "José Test", city: "Zürich", ssn: "900-00-0001" }];

  it("strips a UTF-8 BOM", async () => {
    const { rows } = await readAll(memoryInput("a.csv", `\uFEFF${text}`));
    expect(rows).toEqual(expected);
  });

  it("decodes UTF-16 LE and BE with BOM", async () => {
    const le = Buffer.from(`\uFEFF${text}`, "utf16le");
    expect((await readAll(memoryInput("a.csv", le, { chunkSize: 5 }))).rows).toEqual(expected);
    const be = Buffer.from(le).swap16();
    expect((await readAll(memoryInput("a.csv", be, { chunkSize: 5 }))).rows).toEqual(expected);
  });

  it("detects UTF-16 LE and BE without BOM", async () => {
    const le = Buffer.from(text, "utf16le");
    expect((await readAll(memoryInput("a.csv", le))).rows).toEqual(expected);
    expect((await readAll(memoryInput("a.csv", Buffer.from(le).swap16()))).rows).toEqual(expected);
  });

  it("falls back to Latin-1 for invalid UTF-8", async () => {
    const { rows } = await readAll(memoryInput("a.csv", Buffer.from(text, "latin1")));
    expect(rows).toEqual(expected);
  });

  it("never splits a multi-byte character at chunk boundaries", async () => {
    const content = "city\nZürich €\n😀 Nöö\n";
    for (const chunkSize of [1, 2, 3, 5]) {
      const { records } = await readAll(memoryInput("a.csv", content, { chunkSize }));
      expect(valuesOf(records, "city")).toEqual(["Zürich €", "😀 Nöö"]);
    }
  });
});

describe("fileInput", () => {
  const dir = mkdtempSync(join(tmpdir(), "formats-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("streams a local file and reports its size", async () => {
    const path = join(dir, "people.csv");
    writeFileSync(path, CSV);
    const input = fileInput(path);
    expect(input).toMatchObject({ name: path, size: CSV.length });
    const { result, records } = await readAll(input);
    expect(result.format).toBe("csv");
    expect(valuesOf(records, "ssn")).toEqual(["900-00-0001", "900-00-0002"]);
    expect(Buffer.from(await (input.readRange as NonNullable<typeof input.readRange>)(5, 8)).toString()).toBe(
      "ssn",
    );
  });

  it("reads Parquet through ranged reads, one row group at a time", async () => {
    const path = join(dir, "people.parquet");
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    writeFileSync(
      path,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: "id", data: ids },
            { name: "ssn", data: ids.map((i) => `900-00-${String(i).padStart(4, "0")}`) },
          ],
          rowGroupSize: 1000,
        }),
      ),
    );
    const result = await readUnit(fileInput(path, { name: "exports/people.parquet" }));
    expect(result.format).toBe("parquet");
    const records = await collect(result);
    expect(records).toHaveLength(3000);
    expect(records[2999]).toEqual({
      fields: [
        { path: "id", value: "2999" },
        { path: "ssn", value: "900-00-2999" },
      ],
      position: 3000,
    });
    expect(result.bytesRead()).toBeGreaterThan(0);
  });

  it("stops cleanly when the consumer breaks early", async () => {
    const path = join(dir, "many.csv");
    writeFileSync(path, `id\n${Array.from({ length: 200_000 }, (_, i) => i).join("\n")}\n`);
    const result = await readUnit(fileInput(path));
    let seen = 0;
    for await (const _ of result.records) {
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect(result.bytesRead()).toBeLessThan(3 * 1024 * 1024);
  });
});
