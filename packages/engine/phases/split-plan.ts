// Which listed objects the plan splits into parts, and where: uncompressed UTF-8 CSV, JSON lines and
// text at least two parts long and within the read cap (larger ones are sampled, see sampling.ts;
// sampling and splitting never apply to the same object). The object's head, fetched once here,
// decides the format every part is read as, and for CSV the header line later parts read behind.
import type { Source } from "../../connectors/index.ts";
import { extensionOf, SPLIT_SNIFF_BYTES, splitFormat } from "../../formats/index.ts";
import type { UnitRefJson } from "./schemas.ts";

/** Part size: a split object becomes round(size / partBytes) parts. */
export const DEFAULT_PART_BYTES = 64 * 1024 ** 2;

export interface SplitOptions {
  partBytes: number;
  /** The per-object read cap (ReadLimits.maxBytes): larger objects are sampled, not split. */
  maxObjectBytes: number;
  /** The include/exclude decision: excluded objects are recorded once, never split. */
  selected?: ((key: string) => boolean) | null;
}

const SPLITTABLE = new Set(["csv", "tsv", "tab", "psv", "jsonl", "ndjson", "txt", "text", "log"]);
const ARCHIVED = new Set(["GLACIER", "DEEP_ARCHIVE"]);

/** The unit itself, or its parts (each a unit of its own with a byte range). */
export async function splitUnit(
  source: Source,
  ref: UnitRefJson,
  options: SplitOptions,
): Promise<UnitRefJson[]> {
  const size = ref.size;
  const partBytes = Math.max(1, Math.floor(options.partBytes));
  if (size === null || size < 2 * partBytes || size > options.maxObjectBytes) return [ref];
  const { ext, gz } = extensionOf(ref.key);
  if (gz || !SPLITTABLE.has(ext)) return [ref];
  if (ref.storageClass && ARCHIVED.has(ref.storageClass)) return [ref];
  if (options.selected && !options.selected(ref.key)) return [ref];
  let head: Buffer;
  try {
    head = await readHead(source, ref);
  } catch {
    return [ref]; // the scan of the whole object records why it cannot be read
  }
  const how = splitFormat(ref.key, head);
  if (!how) return [ref];
  const count = Math.round(size / partBytes);
  return [...Array(count).keys()].map((index) => ({
    ...ref,
    part: {
      index,
      count,
      start: Math.floor((index * size) / count),
      end: Math.floor(((index + 1) * size) / count),
      ...how,
    },
  }));
}

async function readHead(source: Source, ref: UnitRefJson): Promise<Buffer> {
  const input = source.open(ref);
  const end = Math.min(ref.size ?? 0, SPLIT_SNIFF_BYTES);
  if (input.readRange) return Buffer.from(await input.readRange(0, end));
  if (!input.openRange) throw new Error("no ranged reads");
  const chunks: Buffer[] = [];
  for await (const chunk of input.openRange(0, end)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
