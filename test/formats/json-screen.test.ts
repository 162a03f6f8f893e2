// The JSON lines screen skims lines in WebAssembly (formats/wasm/json-screen.c) or in JS: both must hand
// the sink exactly the same calls in the same order (values, licence records, whole records, counts,
// screened lines) and leave the same notes, whatever the lines hold and however the bytes are chunked.
import { describe, expect, it } from "vitest";
import { DEFAULT_READ_LIMITS, type ReadLimits, type RecordSink } from "../../packages/core/index.ts";
import { declaresKind } from "../../packages/detectors/context.ts";
import { fieldRole } from "../../packages/detectors/screen.ts";
import { Utf8Decoder } from "../../packages/formats/decode.ts";
import { screenJsonLines } from "../../packages/formats/json-screen.ts";
import { NoteBook } from "../../packages/formats/notes.ts";
import { STATE_CODES, syntheticLicense } from "../../packages/synth/licenses.ts";
import { createRng, type Rng } from "../../packages/synth/rng.ts";
import { syntheticSsn } from "../../packages/synth/ssn.ts";

/** Every call the screen makes on a sink (with the real roles), in order, and the notes it leaves. */
async function sinkCalls(
  bytes: Buffer,
  chunkSizes: (rng: Rng) => number,
  skimmer: "wasm" | "js",
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<string[]> {
  const calls: string[] = [];
  const sink: RecordSink = {
    role: fieldRole,
    declaresKind: (value) => {
      calls.push(`declaresKind ${value}`);
      return declaresKind(value);
    },
    record: (record) =>
      calls.push(`record ${record.position} ${record.fields.map((f) => `${f.path}=${f.value}`).join("|")}`),
    recordField: (record, index) =>
      calls.push(
        `recordField ${index} ${record.position} ${record.fields.map((f) => `${f.path}=${f.value}`).join("|")}`,
      ),
    value: (path, value) => calls.push(`value ${path} ${value}`),
    count: (path, n) => calls.push(`count ${path} ${n}`),
    screened: (n) => calls.push(`screened ${n}`),
  };
  const rng = createRng(7);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; ) {
      const size = Math.max(1, chunkSizes(rng));
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  const notes = new NoteBook();
  for await (const batch of screenJsonLines(chunks(), new Utf8Decoder(0), limits, notes, sink, skimmer))
    expect(batch).toEqual([]);
  for (const note of notes.list) calls.push(`note ${note.reason} ${note.message}`);
  return calls;
}

/** Both skimmers on the same bytes and chunking; returns the calls (the same). */
async function sameCalls(bytes: Buffer, chunkSizes: (rng: Rng) => number, limits?: ReadLimits) {
  const js = await sinkCalls(bytes, chunkSizes, "js", limits);
  const wasm = await sinkCalls(bytes, chunkSizes, "wasm", limits);
  const at = wasm.findIndex((c, i) => c !== js[i]);
  if (at >= 0) console.log(at, js.slice(at - 2, at + 3), wasm.slice(at - 2, at + 3));
  expect(wasm).toEqual(js);
  return js;
}

const WHOLE = () => 1 << 30;
const SMALL = (rng: Rng) => rng.int(1, 200);
const MEDIUM = (rng: Rng) => rng.int(1000, 20_000);

const KEYS = [
  "ssn",
  "license",
  "number",
  "state",
  "type",
  "id_type",
  "id_number",
  "name",
  "email",
  "phone",
  "zip",
  "notes",
  "customer",
  "dl_number",
  "items",
  "tags",
  "plate",
  "ключ",
  "x y",
  "",
];

const STRINGS = [
  "DL 1234567",
  "lic# 123",
  "d\u000e5",
  "driver's license 12345",
  "Operator 99",
  "call 555-0100",
  "a\\nb",
  "\\u00e9 7",
  '\\"quoted\\" 123456789x',
  "café 12",
  "日本 dl 3",
  "😀 d.l. 4",
  "\t\u0001 raw",
  "CA",
  "DL",
  "passport",
  "",
];

const NUMBERS = [
  "123456789",
  "-0.5e+10",
  "1E5",
  "0",
  "-0",
  "12345678901234567890",
  "1.25",
  "01",
  "1.",
  "-",
  "1e",
  ".5",
  "1e+",
  "123456789.5",
  "--1",
  "1-2",
];

const WORDS = ["true", "false", "null", "truex", "nul", "True", "nullX", "false1"];

function stringValue(rng: Rng): string {
  const kind = rng.int(0, 5);
  if (kind === 0) return syntheticSsn(rng);
  if (kind === 1) return syntheticLicense(rng, rng.pick(STATE_CODES));
  if (kind === 2) return rng.digits(rng.int(1, 12));
  if (kind === 3) return `${rng.letters(rng.int(0, 40))}${rng.digits(rng.int(0, 9))}`;
  return rng.pick(STRINGS);
}

function space(rng: Rng): string {
  return rng.chance(0.1) ? rng.pick([" ", "\t", "  ", " \r "]) : "";
}

function jsonValue(rng: Rng, depth: number): string {
  const kind = rng.int(0, 9);
  if (kind <= 3) return `"${stringValue(rng)}"`;
  if (kind === 4) return rng.pick(NUMBERS);
  if (kind === 5) return rng.pick(WORDS);
  if (kind === 6 && depth < 6) {
    const n = rng.int(0, 4);
    const items = Array.from({ length: n }, () => space(rng) + jsonValue(rng, depth + 1) + space(rng));
    return `[${items.join(",")}]`;
  }
  if (kind <= 8 && depth < 6) return jsonObject(rng, depth + 1);
  return String(rng.int(0, 1000));
}

function key(rng: Rng): string {
  if (rng.chance(0.03)) return "es\\u0063aped";
  if (rng.chance(0.03)) return `k${rng.int(0, 50)}`;
  return rng.pick(KEYS);
}

function jsonObject(rng: Rng, depth: number): string {
  const n = rng.int(0, 6);
  const pairs = Array.from(
    { length: n },
    () => `${space(rng)}"${key(rng)}"${space(rng)}:${space(rng)}${jsonValue(rng, depth)}${space(rng)}`,
  );
  return `{${pairs.join(",")}}`;
}

/** A line that may be broken: a character dropped or doubled, cut, garbage after, not an object. */
function jsonLine(rng: Rng): string {
  let line = jsonObject(rng, 0);
  const damage = rng.int(0, 30);
  if (damage === 0 && line.length > 2) {
    const at = rng.int(0, line.length - 1);
    line = line.slice(0, at) + line.slice(at + 1);
  } else if (damage === 1) {
    line = line.slice(0, rng.int(0, line.length));
  } else if (damage === 2) {
    line += rng.pick(["x", "}", " ", ",{}", "{}"]);
  } else if (damage === 3) {
    line = `[${line}]`;
  } else if (damage === 4) {
    line = rng.pick(['"just text 123456789x"', "42", "null", ""]);
  } else if (damage === 5 && line.length > 2) {
    const at = rng.int(1, line.length - 1);
    line = line.slice(0, at) + line.slice(at - 1);
  }
  return space(rng) + line + space(rng);
}

function randomLines(seed: number, count: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => jsonLine(rng));
}

const joinLines = (lines: string[], rng: Rng) =>
  lines.map((l) => l + (rng.chance(0.2) ? "\r\n" : "\n")).join("");

describe("JSON lines screen: WebAssembly and JS skimmers", () => {
  it("agree on tricky lines", async () => {
    const lines = [
      "{}", // the first line of a chunk is read as text (see bytesToLines)
      '{"ssn":"900-00-0001","license":{"number":"X1234567","state":"CA"},"tags":["a","b"]}',
      '{"ke\\"y":"900-00-0002"}',
      '{"notes":"\\u0044L 1234567"}',
      '{"ключ":"DL 1234567","名前":{"ssn":"900000003"}}',
      '{"a":[[1,2,[3,[4,{"ssn":"900-00-0004"}]]],[]],"b":{}}',
      '{"n":-1.5e+300,"m":1E-5,"o":0,"p":123456789,"q":"123456789a","r":12345678e1}',
      '{"n":01}',
      '{"n":1.}',
      '{"n":-}',
      '{"t":true,"f":false,"z":null}',
      '{"t":truex}',
      '{"t":tru}',
      '{"a":1}{"b":2}',
      '[{"ssn":"900-00-0005"}]',
      '"900-00-0006 free text"',
      '  {  "ssn"  :  "900-00-0007"  }  ',
      "{}",
      '{"":"x 123456789"}',
      '{"type":"DL","number":"D1234567"}',
      '{"id_type":"passport","id_number":"123456789"}',
      '{"customer":{"type":"ssn","number":"900-00-0008"},"type":"order"}',
      '{"s":"tab\there 123456789","c":"\u0001ctl"}',
      '{"notes":"d\u000e5"}',
      `${"[".repeat(70)}${"]".repeat(70)}`,
      `{"deep":${'{"a":'.repeat(70)}1${"}".repeat(71)}`,
      `{"deep":${'{"a":'.repeat(62)}"DL 12"${"}".repeat(63)}`,
      `{"many":[${Array.from({ length: 5000 }, (_, i) => i).join(",")}]}`,
      `{"long":"${"z".repeat(5000)} 123456789x"}`,
      '{"unterminated":"abc',
      '{"ssn":"900-00-0009"',
      "not json at all",
      "",
      // Licence cues at every offset of the 16-byte blocks the module reads.
      ...Array.from({ length: 36 }, (_, k) => {
        const pad = "-".repeat(k);
        return `{"notes":"${pad}lic 12","name":"${pad}D.5","email":"${pad}dl7 ${pad}","zip":"${pad}li c1"}`;
      }),
    ];
    const rng = createRng(3);
    const bytes = Buffer.from(joinLines(lines, rng), "utf8");
    for (const chunking of [WHOLE, SMALL, MEDIUM]) {
      const calls = await sameCalls(bytes, chunking);
      expect(calls.some((c) => c.includes("900-00-0001"))).toBe(true);
      if (chunking !== WHOLE) continue;
      // Skimmed (not a line across chunks): the SSN alone, the licence with its record.
      expect(calls).toContain("value ssn 900-00-0001");
      expect(
        calls.some((c) => c.startsWith("recordField 1 2 ssn=|license.number=X1234567|license.state=CA")),
      ).toBe(true);
    }
  });

  it("agree on Latin-1 chunks (bytes that are not UTF-8) and keys that differ by encoding", async () => {
    const latin1 = Buffer.from('{"caf\xe9":"DL 1234567","name":"Jos\xe9 123456789x"}\n', "latin1");
    const utf8 = Buffer.from('{"café":"DL 1234567","name":"José 123456789x"}\n', "utf8");
    const parts: Buffer[] = [];
    for (let i = 0; i < 40; i++) parts.push(i % 3 === 0 ? latin1 : utf8);
    const bytes = Buffer.concat(parts);
    for (const chunking of [WHOLE, SMALL, (rng: Rng) => rng.int(40, 400)]) {
      const calls = await sameCalls(bytes, chunking);
      expect(calls.filter((c) => c.startsWith("value café"))).not.toEqual([]);
    }
  });

  it("agree on lines longer than the line cap", async () => {
    const lines = randomLines(11, 300);
    const rng = createRng(5);
    const bytes = Buffer.from(joinLines(lines, rng), "utf8");
    const limits = { ...DEFAULT_READ_LIMITS, maxLineBytes: 60 };
    for (const chunking of [WHOLE, SMALL, MEDIUM]) {
      const calls = await sameCalls(bytes, chunking, limits);
      expect(calls.some((c) => c.startsWith("note line-too-long"))).toBe(true);
    }
    // A cap beyond what the module's integers hold: no line is too long.
    const huge = await sameCalls(bytes, WHOLE, { ...DEFAULT_READ_LIMITS, maxLineBytes: 2 ** 33 });
    expect(huge.some((c) => c.startsWith("note line-too-long"))).toBe(false);
  });

  it("agree on more distinct paths than the module keeps", async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"k${i}":{"ssn":"x ${i}"},"zip":"${i}"}`);
    const rng = createRng(9);
    const calls = await sameCalls(Buffer.from(joinLines(lines, rng), "utf8"), MEDIUM);
    expect(calls.filter((c) => /^value k\d+\.ssn/.test(c)).length).toBeGreaterThan(19_000);
  });

  it("agree when a chunk hands over more than the module's out buffer holds", async () => {
    const rng = createRng(13);
    const lines = ["{}"];
    for (let i = 0; i < 30_000; i++) {
      lines.push(
        i % 7 === 0
          ? `{"license":{"number":"${syntheticLicense(rng, "CA")}","state":"CA"},"n":${i}}`
          : `{"ssn":"${syntheticSsn(rng)}","zip":"${i}"}`,
      );
    }
    const calls = await sameCalls(Buffer.from(joinLines(lines, rng), "utf8"), WHOLE);
    expect(calls.filter((c) => c.startsWith("value ssn")).length).toBeGreaterThan(25_000);
    expect(calls.filter((c) => c.startsWith("recordField")).length).toBeGreaterThan(4_000);
  });

  it("keep the paths of units read at once apart", async () => {
    const a = Buffer.from(joinLines(["{}", ...randomLines(21, 400)], createRng(1)), "utf8");
    const b = Buffer.from(joinLines(["{}", ...randomLines(22, 400)], createRng(2)), "utf8");
    const alone = [await sinkCalls(a, MEDIUM, "js"), await sinkCalls(b, MEDIUM, "js")];
    // Both units started before either ends: each takes its own instance of the module.
    const together = await Promise.all([sinkCalls(a, MEDIUM, "wasm"), sinkCalls(b, MEDIUM, "wasm")]);
    expect(together).toEqual(alone);
  });

  it.each([1, 2, 3, 4, 5, 6])("agree on random lines (seed %i)", async (seed) => {
    const rng = createRng(seed * 101);
    const bytes = Buffer.from(joinLines(randomLines(seed, 1500), rng), "utf8");
    const calls = await sameCalls(bytes, seed % 2 === 0 ? SMALL : MEDIUM);
    await sameCalls(bytes, WHOLE);
    expect(calls.some((c) => c.startsWith("value"))).toBe(true);
    expect(calls.some((c) => c.startsWith("record "))).toBe(true);
    expect(calls.some((c) => c.startsWith("count"))).toBe(true);
  });
});
