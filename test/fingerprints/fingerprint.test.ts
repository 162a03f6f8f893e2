import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  bigintOf,
  FingerprintBatch,
  FingerprintKey,
  FingerprintKeyError,
  fingerprint,
  lookupForms,
  parseKeyMaterial,
  partsOf,
  productionForms,
} from "../../packages/fingerprints/index.ts";
import { keyForms } from "./helpers.ts";

const hexA = "a1".repeat(32);
const hexB = "b2".repeat(32);
const keyA = parseKeyMaterial(hexA, "test");
const keyB = parseKeyMaterial(hexB, "test");

describe("fingerprint", () => {
  it("is deterministic under one key and differs under two keys", () => {
    const values = ["219451234", "401234567", "512987654"];
    for (const v of values) {
      expect(fingerprint(keyA, "US_SSN", v)).toBe(fingerprint(parseKeyMaterial(hexA, "again"), "US_SSN", v));
      expect(fingerprint(keyA, "US_SSN", v)).not.toBe(fingerprint(keyB, "US_SSN", v));
    }
    const a = new Set(values.map((v) => fingerprint(keyA, "US_SSN", v)));
    const b = new Set(values.map((v) => fingerprint(keyB, "US_SSN", v)));
    expect([...a].filter((x) => b.has(x))).toEqual([]);
    expect(keyA.id).not.toBe(keyB.id);
  });

  it("is 64 bits, and the two-halves form agrees with the bigint", () => {
    const fp = fingerprint(keyA, "US_SSN", "219451234");
    expect(fp).toBeLessThan(2n ** 64n);
    const batch = new FingerprintBatch(keyA);
    batch.add("US_SSN", "219451234");
    const pairs = batch.compute();
    const parts = { hi: pairs[0] as number, lo: pairs[1] as number };
    expect(bigintOf(parts.hi, parts.lo)).toBe(fp);
    expect(partsOf(fp)).toEqual(parts);
  });

  it("is domain-separated by data type", () => {
    expect(fingerprint(keyA, "US_SSN", "123456789")).not.toBe(
      fingerprint(keyA, "US_DRIVERS_LICENSE", "123456789"),
    );
  });

  it("is not an unkeyed hash of the value", async () => {
    const { createHash } = await import("node:crypto");
    const plain = createHash("sha256").update("219451234").digest().readBigUInt64BE(0);
    expect(fingerprint(keyA, "US_SSN", "219451234")).not.toBe(plain);
  });
});

describe("license forms", () => {
  it("stores STATE:NUMBER and NUMBER when the state is known, ?:NUMBER and NUMBER when not", () => {
    expect(productionForms("US_DRIVERS_LICENSE", "d1234567", "ca")).toEqual(["CA:D1234567", "D1234567"]);
    expect(productionForms("US_DRIVERS_LICENSE", "D1234567", null)).toEqual(["?:D1234567", "D1234567"]);
    expect(productionForms("US_SSN", "219451234", null)).toEqual(["219451234"]);
  });

  it("looks up a stated value by its state (or a stateless production copy), a stateless one by number", () => {
    expect(lookupForms("US_DRIVERS_LICENSE", "D1234567", "CA")).toEqual(["CA:D1234567", "?:D1234567"]);
    expect(lookupForms("US_DRIVERS_LICENSE", "D1234567", null)).toEqual(["D1234567"]);
    // Every lookup form of the same license meets a stored form; another state's number never does.
    const stored = new Set([
      ...productionForms("US_DRIVERS_LICENSE", "D1234567", "CA"),
      ...productionForms("US_DRIVERS_LICENSE", "E7654321", null),
    ]);
    const hit = (n: string, s: string | null) =>
      lookupForms("US_DRIVERS_LICENSE", n, s).some((f) => stored.has(f));
    expect(hit("D1234567", "CA")).toBe(true);
    expect(hit("D1234567", null)).toBe(true);
    expect(hit("D1234567", "NV")).toBe(false);
    expect(hit("E7654321", "TX")).toBe(true);
    expect(hit("E7654321", null)).toBe(true);
  });
});

describe("the key", () => {
  it("accepts hex and base64 (and base64url) of at least 32 bytes", () => {
    const bytes = Buffer.from(hexA, "hex");
    expect(parseKeyMaterial(bytes.toString("base64"), "b64").id).toBe(keyA.id);
    expect(parseKeyMaterial(bytes.toString("base64url"), "b64url").id).toBe(keyA.id);
    expect(parseKeyMaterial(` ${hexA.toUpperCase()}\n`, "hex").id).toBe(keyA.id);
  });

  it("refuses short or malformed material without quoting it", () => {
    const bad31 = Buffer.alloc(31, 7);
    for (const bad of [
      "ab".repeat(31),
      "abc".repeat(31),
      "not a key at all!",
      "",
      bad31.toString("base64"),
    ]) {
      let error: unknown;
      try {
        parseKeyMaterial(bad, "environment variable X");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FingerprintKeyError);
      const message = (error as Error).message;
      expect(message).toContain("environment variable X");
      if (bad.length > 0) expect(message).not.toContain(bad);
    }
  });

  it("never shows the key: JSON, string, inspect and the id", () => {
    const shown = [
      JSON.stringify(keyA),
      String(keyA),
      inspect(keyA, { showHidden: true, depth: 5 }),
      keyA.id,
    ];
    const forms = keyForms(Buffer.from(hexA, "hex"));
    for (const text of shown) for (const form of forms) expect(text).not.toContain(form);
    expect(keyA.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("makes fresh random keys", () => {
    expect(FingerprintKey.generate().id).not.toBe(FingerprintKey.generate().id);
  });
});

describe("the fast HMAC path", () => {
  /** Messages of every length around the block boundaries, some with multi-byte characters. */
  const messagesOf = (randomBytes: (n: number) => Buffer) =>
    Array.from({ length: 200 }, (_, length) =>
      length % 7 === 3
        ? `US_SSN\u0000${"é€😀".repeat(length % 11)}${randomBytes(length).toString("base64").slice(0, length)}`
        : randomBytes(length).toString("base64").slice(0, length),
    );
  const expected = (createHmac: typeof import("node:crypto").createHmac, key: Buffer, message: string) => {
    const digest = createHmac("sha256", key).update(message).digest();
    return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
  };

  it("equals node:crypto HMAC-SHA256 (first 64 bits) for keys and messages of every length", async () => {
    const { createHmac, randomBytes } = await import("node:crypto");
    const { Hmac64 } = await import("../../packages/fingerprints/hmac64.ts");
    for (const keyLength of [32, 33, 55, 56, 63, 64, 65, 100, 200]) {
      const keyBytes = randomBytes(keyLength);
      const fast = new Hmac64(Uint8Array.from(keyBytes));
      const messages = messagesOf(randomBytes);
      for (const m of messages) fast.queue("", m);
      const out = fast.digestQueued();
      for (const [i, m] of messages.entries())
        expect([out[2 * i], out[2 * i + 1]], `key ${keyLength}, message ${m.length}`).toEqual(
          expected(createHmac, keyBytes, m),
        );
    }
  });

  it("hashes queued messages in any mix of lengths and batch sizes to the same results, in order", async () => {
    const { createHmac, randomBytes } = await import("node:crypto");
    const { Hmac64, HMAC64_QUEUE_CAPACITY } = await import("../../packages/fingerprints/hmac64.ts");
    const keyBytes = randomBytes(32);
    const fast = new Hmac64(Uint8Array.from(keyBytes));
    const messages = messagesOf(randomBytes);
    // Batches of 1 to 9 (every remainder of the four lanes), then a full queue; head ‖ tail is the message.
    const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, HMAC64_QUEUE_CAPACITY];
    let next = 0;
    for (const size of sizes) {
      const batch = Array.from({ length: size }, () => messages[next++ % messages.length] as string);
      const indices = batch.map((m, i) => fast.queue(m.slice(0, i % 9), m.slice(i % 9)));
      expect(indices).toEqual(batch.map((_, i) => i));
      const out = fast.digestQueued();
      expect(fast.queued).toBe(0);
      for (const [i, m] of batch.entries())
        expect([out[2 * i], out[2 * i + 1]], `batch ${size}, message ${i}`).toEqual(
          expected(createHmac, keyBytes, m),
        );
    }
    expect(() => {
      for (let i = 0; i <= HMAC64_QUEUE_CAPACITY; i++) fast.queue("x", "");
    }).toThrow(/full/);
    fast.wipe();
    expect(() => fast.queue("x", "")).toThrow(/wipe/);
  });

  it("leaves neither the key nor its pads in the instance's memory", async () => {
    const { randomBytes } = await import("node:crypto");
    const { instantiateWasm, wasmBytes } = await import("../../packages/core/wasm.ts");
    const { WASM_BASE64 } = await import("../../packages/fingerprints/wasm/hmac64.wasm.ts");
    for (const keyLength of [32, 64]) {
      const wasm = instantiateWasm("hmac64", WASM_BASE64).exports as {
        memory: WebAssembly.Memory;
        __heap_base: { value: number };
        hmac64_key(at: number, length: number): void;
      };
      const key = randomBytes(keyLength);
      const at = wasm.__heap_base.value;
      wasmBytes(wasm.memory, at + keyLength).set(key, at);
      wasm.hmac64_key(at, keyLength);
      const memory = Buffer.from(wasm.memory.buffer);
      // The key and each pad (key ^ 0x36.., key ^ 0x5c..), as bytes and as the words C loads them into.
      for (const pad of [0, 0x36, 0x5c]) {
        const padded = Buffer.from(key.map((b) => b ^ pad));
        const words = Buffer.from(padded).swap32();
        for (const form of [padded, words])
          for (let i = 0; i + 8 <= keyLength; i += 8)
            expect(memory.indexOf(form.subarray(i, i + 8)), `key ${keyLength}, pad ${pad}`).toBe(-1);
      }
    }
  });

  it("a FingerprintBatch makes the same fingerprints as one at a time", async () => {
    const { FingerprintBatch } = await import("../../packages/fingerprints/index.ts");
    const batch = new FingerprintBatch(keyA);
    const values = ["219451234", "D1234567", "part\u0000219451234", "", "x".repeat(80)];
    const types = ["US_SSN", "US_DRIVERS_LICENSE"] as const;
    const queued = types.flatMap((t) => values.map((v) => ({ t, v, at: batch.add(t, v) })));
    expect(batch.size).toBe(queued.length);
    const out = batch.compute();
    for (const { t, v, at } of queued)
      expect(bigintOf(out[2 * at] as number, out[2 * at + 1] as number)).toBe(fingerprint(keyA, t, v));
    batch.dispose();
  });
});
