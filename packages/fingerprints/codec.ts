// Binary format of one shard file. Little-endian; a 32-byte header, then the fingerprints, then days.
//
//   0  4  magic "EAFP"              16  8  key id (first 8 bytes of HMAC(key, label); never the key)
//   4  2  format version (1)        24  4  written at, unix seconds
//   6  1  shard bits                28  4  CRC-32 of everything after the header
//   7  1  data type (1 SSN, 2 DL)   32  count × 8: fingerprints, sorted (hi u32, lo u32)
//   8  4  shard index                   count × 2: day last seen in production (days since 2020-01-01)
//  12  4  count
import { endianness } from "node:os";
import { crc32 } from "node:zlib";
import type { DataType } from "../core/index.ts";
import { FingerprintStateError } from "./errors.ts";
import type { Shard } from "./set.ts";

export const SHARD_FORMAT_VERSION = 1;
export const HEADER_BYTES = 32;
const MAGIC = 0x50464145; // "EAFP" read as a little-endian uint32
const DATA_TYPE_CODES: Record<DataType, number> = { US_SSN: 1, US_DRIVERS_LICENSE: 2 };
const LITTLE_ENDIAN_HOST = endianness() === "LE";

export interface ShardHeader {
  version: number;
  shardBits: number;
  dataType: DataType;
  shardIndex: number;
  count: number;
  keyId: string;
  writtenAt: Date;
}

export function encodeShard(header: Omit<ShardHeader, "version" | "count">, shard: Shard): Uint8Array {
  const count = shard.seen.length;
  const bytes = Buffer.alloc(HEADER_BYTES + count * 10);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, SHARD_FORMAT_VERSION, true);
  view.setUint8(6, header.shardBits);
  view.setUint8(7, DATA_TYPE_CODES[header.dataType]);
  view.setUint32(8, header.shardIndex, true);
  view.setUint32(12, count, true);
  Buffer.from(header.keyId, "hex").copy(bytes, 16, 0, 8);
  view.setUint32(24, Math.floor(header.writtenAt.getTime() / 1000), true);
  const fpAt = HEADER_BYTES;
  const seenAt = HEADER_BYTES + count * 8;
  for (let i = 0; i < 2 * count; i++) view.setUint32(fpAt + 4 * i, shard.fps[i] as number, true);
  for (let i = 0; i < count; i++) view.setUint16(seenAt + 2 * i, shard.seen[i] as number, true);
  view.setUint32(28, crc32(bytes.subarray(HEADER_BYTES)), true);
  return bytes;
}

export function decodeShard(bytes: Uint8Array, name: string): { header: ShardHeader; shard: Shard } {
  const fail = (why: string) => new FingerprintStateError(`fingerprint shard ${name}: ${why}`);
  if (bytes.length < HEADER_BYTES) throw fail("shorter than its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw fail("not a fingerprint shard");
  const version = view.getUint16(4, true);
  if (version !== SHARD_FORMAT_VERSION) throw fail(`unsupported format version ${version}`);
  const code = view.getUint8(7);
  const dataType = (Object.keys(DATA_TYPE_CODES) as DataType[]).find((t) => DATA_TYPE_CODES[t] === code);
  if (!dataType) throw fail(`unknown data type code ${code}`);
  const count = view.getUint32(12, true);
  if (bytes.length !== HEADER_BYTES + count * 10) throw fail("length does not match its count");
  if (crc32(bytes.subarray(HEADER_BYTES)) !== view.getUint32(28, true)) throw fail("checksum mismatch");
  const header: ShardHeader = {
    version,
    shardBits: view.getUint8(6),
    dataType,
    shardIndex: view.getUint32(8, true),
    count,
    keyId: Buffer.from(bytes.subarray(16, 24)).toString("hex"),
    writtenAt: new Date(view.getUint32(24, true) * 1000),
  };
  const fpAt = bytes.byteOffset + HEADER_BYTES;
  const seenAt = fpAt + count * 8;
  let fps: Uint32Array;
  let seen: Uint16Array;
  if (LITTLE_ENDIAN_HOST) {
    // slice() copies into a fresh, aligned buffer.
    fps = new Uint32Array(bytes.buffer.slice(fpAt, seenAt));
    seen = new Uint16Array(bytes.buffer.slice(seenAt, seenAt + count * 2));
  } else {
    fps = new Uint32Array(2 * count);
    seen = new Uint16Array(count);
    for (let i = 0; i < 2 * count; i++) fps[i] = view.getUint32(HEADER_BYTES + 4 * i, true);
    for (let i = 0; i < count; i++) seen[i] = view.getUint16(HEADER_BYTES + count * 8 + 2 * i, true);
  }
  return { header, shard: { fps, seen } };
}
