/** Read granularity: zlib output chunks and local file reads. */
export const CHUNK_BYTES = 1024 * 1024;
/** Bytes gathered before deciding compression, encoding and format. */
export const SNIFF_BYTES = 64 * 1024;
/** Bytes of the sample inspected for binary content. */
export const BINARY_SAMPLE_BYTES = 8 * 1024;
/** The decompression ratio is only judged once this much output exists. */
export const RATIO_MIN_OUTPUT = 1024 * 1024;
/** Compressed input is fed to zlib in slices of this size, so one slice cannot explode memory. */
export const GZIP_FEED_SLICE = 256 * 1024;
/** Decompressed bytes queued ahead of the consumer before feeding pauses. */
export const GZIP_QUEUE_BYTES = 4 * 1024 * 1024;
/** A record (JSON object, SQL statement) is flushed once it holds this many fields. */
export const MAX_RECORD_FIELDS = 10_000;
