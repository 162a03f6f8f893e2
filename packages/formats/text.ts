import type { ReadLimits, ScanRecord } from "../core/index.ts";
import { linesToBatches } from "./lines.ts";
import type { NoteBook } from "./notes.ts";

/** Plain text and logs: one record per non-empty line, one free-text field (path null). */
export function readText(
  chunks: AsyncIterable<string>,
  limits: ReadLimits,
  notes: NoteBook,
): AsyncGenerator<ScanRecord[]> {
  return linesToBatches<ScanRecord>(chunks, limits.maxLineBytes, notes, (line, position, out) => {
    if (line.length > 0) out.push({ fields: [{ path: null, value: line }], position });
  });
}
