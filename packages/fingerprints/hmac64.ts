// HMAC-SHA256 truncated to 64 bits, for the hot path, in WebAssembly (wasm/hmac64.c). Node's createHmac
// costs ~6 µs a call, almost all of it object set-up; here the key's inner and outer pads are compressed
// once into two SHA-256 midstates kept inside the instance, and queued messages are hashed four at a time
// in SIMD lanes (two compressions each for messages of ≤ 55 bytes: every fingerprint form). The result is
// exactly HMAC-SHA256 (tests compare it with node:crypto). The midstates never reach a JS object; the
// key bytes pass through the instance's memory once and are wiped there.
import { instantiateWasm, wasmBytes } from "../core/wasm.ts";
import { WASM_BASE64 } from "./wasm/hmac64.wasm.ts";

/** Messages a queue holds before `digestQueued` must be called. */
export const HMAC64_QUEUE_CAPACITY = 1024;
/** Bytes past the last message the four-lane loader may read (it reads whole 64-byte blocks). */
const OVERREAD = 64;

interface Exports {
  memory: WebAssembly.Memory;
  __heap_base: { value: number };
  hmac64_key(key: number, length: number): void;
  hmac64_wipe(): void;
  hmac64_many(arena: number, ends: number, count: number, out: number): void;
}

const encoder = new TextEncoder();

export class Hmac64 {
  readonly #wasm: Exports;
  /** Where message i of the queue ends in the arena (ends[i]). */
  readonly #endsAt: number;
  /** The queue's results (hi, lo per message). */
  readonly #outAt: number;
  /** Queued message bytes; grows with the memory. */
  readonly #arenaAt: number;
  #bytes: Uint8Array;
  #ends: Uint32Array;
  #out: Uint32Array;
  #queued = 0;
  #used = 0;
  #wiped = false;

  constructor(key: Uint8Array) {
    const wasm = instantiateWasm("hmac64", WASM_BASE64).exports as unknown as Exports;
    this.#wasm = wasm;
    this.#endsAt = (wasm.__heap_base.value + 15) & ~15;
    this.#outAt = this.#endsAt + 4 * HMAC64_QUEUE_CAPACITY;
    this.#arenaAt = this.#outAt + 8 * HMAC64_QUEUE_CAPACITY;
    this.#bytes = new Uint8Array(0);
    this.#ends = this.#out = new Uint32Array(0);
    this.#reserve(Math.max(key.length, 4096));
    this.#bytes.set(key, this.#arenaAt);
    wasm.hmac64_key(this.#arenaAt, key.length); // copies the key into midstates, wipes it here
  }

  /** Makes room for `n` more arena bytes (and the loader's overread), refreshing the views on growth. */
  #reserve(n: number): void {
    const end = this.#arenaAt + this.#used + n + OVERREAD;
    if (end <= this.#bytes.length) return;
    const { memory } = this.#wasm;
    this.#bytes = wasmBytes(memory, Math.max(end, 2 * memory.buffer.byteLength));
    this.#ends = new Uint32Array(memory.buffer, this.#endsAt, HMAC64_QUEUE_CAPACITY);
    this.#out = new Uint32Array(memory.buffer, this.#outAt, 2 * HMAC64_QUEUE_CAPACITY);
  }

  /** Writes `text` as UTF-8 at arena offset `at` (room reserved); returns the offset after it. */
  #write(text: string, at: number): number {
    const bytes = this.#bytes;
    const start = this.#arenaAt + at;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return at + encoder.encodeInto(text, bytes.subarray(start)).written;
      bytes[start + i] = c;
    }
    return at + text.length;
  }

  /** Queues head ‖ tail; returns its index in `digestQueued`'s result. */
  queue(head: string, tail: string): number {
    if (this.#wiped) throw new Error("Hmac64 used after wipe");
    if (this.#queued === HMAC64_QUEUE_CAPACITY) throw new Error("Hmac64 queue is full");
    this.#reserve(3 * (head.length + tail.length));
    this.#used = this.#write(tail, this.#write(head, this.#used));
    this.#ends[this.#queued] = this.#used;
    return this.#queued++;
  }

  get queued(): number {
    return this.#queued;
  }

  /**
   * The first 64 bits of HMAC-SHA256(key, message) of every queued message: hi at 2i, lo at 2i + 1 for
   * message i (uint32). The queue is emptied; the array is valid until the next `queue`.
   */
  digestQueued(): Uint32Array {
    const count = this.#queued;
    if (count > 0) this.#wasm.hmac64_many(this.#arenaAt, this.#endsAt, count, this.#outAt);
    this.#queued = 0;
    this.#used = 0;
    return this.#out;
  }

  /** Forgets the key (the midstates are zeroed) and the queued messages; the hasher is unusable after. */
  wipe(): void {
    this.#wasm.hmac64_wipe();
    this.#bytes.fill(0, this.#arenaAt);
    this.#queued = 0;
    this.#used = 0;
    this.#wiped = true;
  }
}
