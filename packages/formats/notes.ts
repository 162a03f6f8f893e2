import type { ReadNote, SkipReason } from "../core/index.ts";

interface Counted {
  note: ReadNote;
  count: number;
  first: number;
  describe: (count: number, first: number) => string;
}

/**
 * Collects the notes of one unit. Repeated problems of one kind (malformed lines, long lines) are
 * folded into a single note whose message carries a count, so a bad file cannot flood the report.
 * Messages describe positions and sizes only, never scanned values.
 */
export class NoteBook {
  readonly list: ReadNote[] = [];
  private readonly counted = new Map<string, Counted>();

  add(reason: SkipReason, message: string): void {
    this.list.push({ reason, message });
  }

  /** Counts one occurrence of a repeated problem; the note is created on the first one. */
  count(
    key: string,
    reason: SkipReason,
    position: number,
    describe: (count: number, first: number) => string,
  ): void {
    let entry = this.counted.get(key);
    if (!entry) {
      entry = { note: { reason, message: "" }, count: 0, first: position, describe };
      this.counted.set(key, entry);
      this.list.push(entry.note);
    }
    entry.count++;
    entry.note.message = describe(entry.count, entry.first);
  }

  has(reason: SkipReason): boolean {
    return this.list.some((n) => n.reason === reason);
  }
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
