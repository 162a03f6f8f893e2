// Format readers: bytes of one unit → records of (field path, value). See readUnit.
import {
  DEFAULT_READ_LIMITS,
  type Format,
  type ReaderInput,
  type ReadLimits,
  type ReadResult,
  type RecordSink,
  type ScanRecord,
  UnitReadError,
} from "../core/index.ts";
import { SNIFF_BYTES } from "./constants.ts";
import { readCsv } from "./csv.ts";
import { screenCsv } from "./csv-screen.ts";
import { createDecoder, decodeChunks, decodeSample, Utf8Decoder } from "./decode.ts";
import { readJson, readJsonLines } from "./json.ts";
import { screenJsonLines } from "./json-screen.ts";
import { NoteBook } from "./notes.ts";
import {
  canReadRanges,
  memoryBuffer,
  PARQUET_MAGIC,
  parquetMetadata,
  rangeBuffer,
  readParquet,
} from "./parquet.ts";
import { screenParquet } from "./parquet-screen.ts";
import { chooseTextFormat, detectEncoding, extensionOf, rejectKnownBinary } from "./sniff.ts";
import { ByteSource } from "./source.ts";
import { readSql } from "./sql.ts";
import { recordStream } from "./stream.ts";
import { readText } from "./text.ts";

export { type FileInputOptions, fileInput } from "./file-input.ts";
export { type PartSpec, type PartState, partInput, SPLIT_SNIFF_BYTES, splitFormat } from "./parts.ts";
export {
  DEFAULT_SAMPLE_RANGES,
  planWindows,
  type SampleState,
  type SamplingOptions,
  samplingInput,
} from "./sampling.ts";
export { extensionOf } from "./sniff.ts";

function resolveLimits(limits: Partial<ReadLimits> | undefined): ReadLimits {
  const merged = { ...DEFAULT_READ_LIMITS, ...limits };
  for (const [key, value] of Object.entries(merged)) {
    if (!(typeof value === "number" && value > 0))
      throw new RangeError(`read limit ${key} must be a positive number`);
  }
  return merged;
}

async function parquetFromRanges(
  input: ReaderInput,
  limits: ReadLimits,
  notes: NoteBook,
  sink: RecordSink | undefined,
): Promise<ReadResult> {
  const readRange = input.readRange as NonNullable<ReaderInput["readRange"]>;
  const file = rangeBuffer(input.size as number, readRange);
  const metadata = await parquetMetadata(file);
  const fetched = () => file.fetched;
  return {
    format: "parquet",
    compression: "none",
    records: recordStream(
      sink
        ? screenParquet(file, metadata, fetched, limits, notes, sink)
        : readParquet(file, metadata, fetched, limits, notes),
    ),
    notes: notes.list,
    bytesRead: () => file.fetched,
  };
}

async function parquetFromStream(
  source: ByteSource,
  limits: ReadLimits,
  notes: NoteBook,
  sink: RecordSink | undefined,
): Promise<ReadResult> {
  const bytes = await source.readAll();
  if (!source.ended || notes.list.length > 0) {
    const reason = notes.list[0]?.reason ?? "too-large";
    throw new UnitReadError(reason, "parquet needs the whole file and it could not be read completely");
  }
  const file = memoryBuffer(bytes);
  const metadata = await parquetMetadata(file);
  return {
    format: "parquet",
    compression: source.compression,
    records: recordStream(
      sink
        ? screenParquet(file, metadata, () => 0, limits, notes, sink)
        : readParquet(file, metadata, () => 0, limits, notes),
    ),
    notes: notes.list,
    bytesRead: () => bytes.length,
  };
}

/**
 * Opens one unit and decides how to read it: compression (gzip magic), then Parquet (PAR1, read
 * through `readRange` one row group at a time when available), then encoding (BOMs, UTF-16,
 * binary check, UTF-8 with Latin-1 fallback), then the text format from the extension and the
 * content. Throws UnitReadError when nothing can be read (empty, binary, unknown encoding,
 * unsupported format, compressed data that yields nothing); problems met while iterating
 * `records` become `notes` instead, and iteration ends cleanly.
 */
export async function readUnit(
  input: ReaderInput,
  limits?: Partial<ReadLimits>,
  sink?: RecordSink,
): Promise<ReadResult> {
  const lim = resolveLimits(limits);
  const notes = new NoteBook();
  const { ext } = extensionOf(input.name);

  if (ext === "parquet" && canReadRanges(input)) {
    const readRange = input.readRange as NonNullable<ReaderInput["readRange"]>;
    const magic = Buffer.from(await readRange(0, 4));
    if (magic.equals(PARQUET_MAGIC)) return parquetFromRanges(input, lim, notes, sink);
  }

  const source = await ByteSource.open(input, lim, notes);
  try {
    const head = await source.peek(SNIFF_BYTES);
    if (head.length === 0) {
      const limit = notes.list.find((n) => n.reason === "decompression-limit");
      if (limit) throw new UnitReadError("decompression-limit", limit.message);
      throw new UnitReadError("empty", "unit has 0 bytes after decompression");
    }
    if (head.subarray(0, 4).equals(PARQUET_MAGIC)) {
      if (source.compression === "none" && canReadRanges(input)) {
        await source.close();
        return await parquetFromRanges(input, lim, notes, sink);
      }
      return await parquetFromStream(source, lim, notes, sink);
    }
    rejectKnownBinary(head);
    const { encoding, skip } = detectEncoding(head);
    const sample = decodeSample(head, encoding, skip);
    if (source.ended && sample.replace(/^\uFEFF/, "").trim().length === 0) {
      throw new UnitReadError("empty", "unit holds only whitespace");
    }
    const guess = input.format ?? chooseTextFormat(ext, sample, source.ended);
    // A screening sink reads CSV and JSON lines from the bytes (UTF-8 and its Latin-1 fallback).
    const screen = sink !== undefined && encoding === "utf-8" ? sink : undefined;
    const text = () => decodeChunks(source.chunks(), createDecoder(encoding, skip));
    let batches: AsyncGenerator<ScanRecord[]>;
    switch (guess.format) {
      case "csv": {
        const options = { delimiter: guess.delimiter ?? "," };
        batches = screen
          ? screenCsv(source.chunks(), new Utf8Decoder(skip), options, lim, notes, screen)
          : readCsv(text(), options, lim, notes);
        break;
      }
      case "json":
        batches = readJson(text(), lim, notes);
        break;
      case "jsonl":
        batches = screen
          ? screenJsonLines(source.chunks(), new Utf8Decoder(skip), lim, notes, screen)
          : readJsonLines(text(), lim, notes);
        break;
      case "sql":
        batches = readSql(text(), lim, notes);
        break;
      default:
        batches = readText(text(), lim, notes);
    }
    const format: Format = guess.format;
    return {
      format,
      compression: source.compression,
      records: recordStream(batches),
      notes: notes.list,
      bytesRead: () => source.bytesRead(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}
