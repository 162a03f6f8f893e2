// Parquet layouts hyparquet-writer does not write itself, made from files it wrote: column chunks
// that change encoding midway (dictionary pages, then PLAIN pages, as writers do when a dictionary
// overflows) and DATA_PAGE v1 pages (hyparquet-writer writes v2 only).
import { gzipSync } from "node:zlib";
import { type ColumnChunk, type FileMetaData, parquetMetadata, type RowGroup } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import type { CompressionCodec, Encoding, PageHeader } from "hyparquet/src/types.js";
import { compressors } from "hyparquet-compressors";
import { ByteWriter } from "hyparquet-writer/src/bytewriter.js";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";
import { snappyCompress } from "hyparquet-writer/src/snappy.js";

const MAGIC = 0x31524150;

function compress(bytes: Uint8Array, codec: CompressionCodec): Uint8Array {
  if (codec === "UNCOMPRESSED") return bytes;
  if (codec === "SNAPPY") return snappyCompress(bytes);
  if (codec === "GZIP") return new Uint8Array(gzipSync(bytes));
  throw new Error(`synth: no compressor for ${codec}`);
}

/** A v2 data page as a v1 page (levels with their length prefix, then values, compressed together). */
function asV1Page(
  header: PageHeader,
  body: Uint8Array,
  codec: CompressionCodec,
): { header: PageHeader; body: Uint8Array } {
  const v2 = header.data_page_header_v2;
  if (!v2 || v2.repetition_levels_byte_length > 0) throw new Error("synth: flat v2 pages only");
  const levelBytes = v2.definition_levels_byte_length;
  let values = body.subarray(levelBytes);
  if (v2.is_compressed !== false && codec !== "UNCOMPRESSED") {
    values = decompressPage(values, header.uncompressed_page_size - levelBytes, codec, compressors);
  }
  const prefix = levelBytes > 0 ? 4 + levelBytes : 0;
  const raw = new Uint8Array(prefix + values.length);
  if (levelBytes > 0) {
    new DataView(raw.buffer).setUint32(0, levelBytes, true);
    raw.set(body.subarray(0, levelBytes), 4);
  }
  raw.set(values, prefix);
  const compressed = compress(raw, codec);
  return {
    header: {
      type: "DATA_PAGE",
      uncompressed_page_size: raw.length,
      compressed_page_size: compressed.length,
      data_page_header: {
        num_values: v2.num_values,
        encoding: v2.encoding,
        definition_level_encoding: "RLE",
        repetition_level_encoding: "RLE",
      },
    },
    body: compressed,
  };
}

/**
 * One row group made of the row groups of `files` (same schema, same codec, one row group each):
 * each column chunk holds the pages of every file's chunk in turn (a later file's dictionary page
 * replaces the dictionary midway). With `v1`, data pages are rewritten as DATA_PAGE v1.
 */
export function joinRowGroups(files: readonly Uint8Array[], options: { v1?: boolean } = {}): Uint8Array {
  const metas: FileMetaData[] = files.map((f) =>
    parquetMetadata(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) as ArrayBuffer),
  );
  const first = metas[0];
  if (!first) throw new Error("synth: no files");
  const writer = new ByteWriter();
  writer.appendUint32(MAGIC);
  const groupStart = writer.offset;
  const columns: ColumnChunk[] = [];
  let numRows = 0n;
  for (const meta of metas) numRows += (meta.row_groups[0] as RowGroup).num_rows;
  const width = (first.row_groups[0] as RowGroup).columns.length;
  for (let j = 0; j < width; j++) {
    const chunkStart = writer.offset;
    let dictionaryOffset: bigint | undefined;
    let dataOffset: bigint | undefined;
    let values = 0n;
    let uncompressed = 0;
    const encodings = new Set<Encoding>();
    let template: ColumnChunk | undefined;
    for (const [i, meta] of metas.entries()) {
      const chunk = (meta.row_groups[0] as RowGroup).columns[j] as ColumnChunk;
      const m = chunk.meta_data;
      if (!m) throw new Error("synth: column metadata missing");
      template ??= chunk;
      values += m.num_values;
      for (const e of m.encodings) encodings.add(e);
      const bytes = files[i] as Uint8Array;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const start = Number(m.dictionary_page_offset || m.data_page_offset);
      const reader = { view, offset: start };
      while (reader.offset < start + Number(m.total_compressed_size)) {
        let header = parquetHeader(reader);
        let body = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        if (header.type === "DATA_PAGE_V2" && options.v1)
          ({ header, body } = asV1Page(header, body, m.codec));
        if (header.type === "DICTIONARY_PAGE") dictionaryOffset ??= BigInt(writer.offset);
        else dataOffset ??= BigInt(writer.offset);
        const headerStart = writer.offset;
        writePageHeader(writer, header);
        uncompressed += writer.offset - headerStart + header.uncompressed_page_size;
        writer.appendBytes(body);
      }
    }
    const meta = template?.meta_data;
    if (!meta || dataOffset === undefined) throw new Error("synth: column without data pages");
    columns.push({
      file_offset: BigInt(chunkStart),
      meta_data: {
        type: meta.type,
        encodings: [...encodings],
        path_in_schema: meta.path_in_schema,
        codec: meta.codec,
        num_values: values,
        total_uncompressed_size: BigInt(uncompressed),
        total_compressed_size: BigInt(writer.offset - chunkStart),
        data_page_offset: dataOffset,
        ...(dictionaryOffset !== undefined ? { dictionary_page_offset: dictionaryOffset } : {}),
      },
    });
  }
  const group: RowGroup = {
    columns,
    total_byte_size: BigInt(writer.offset - groupStart),
    num_rows: numRows,
  };
  const footer: Partial<FileMetaData> = {
    version: 2,
    schema: first.schema,
    num_rows: numRows,
    row_groups: [group],
  };
  writeMetadata(writer, footer as FileMetaData);
  writer.appendUint32(MAGIC);
  return new Uint8Array(writer.getBytes());
}
