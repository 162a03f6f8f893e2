import type { ScanRecord } from "../core/index.ts";

/**
 * Flattens batches of records into an async iterator of records. Readers work a chunk at a time
 * and hand over one batch per chunk; this iterator then serves records from the batch with an
 * already-resolved promise, about three times cheaper per record than an async generator's yield.
 * Breaking out of the loop closes the batch generator (and so the byte stream).
 */
export function recordStream(batches: AsyncGenerator<ScanRecord[]>): AsyncIterableIterator<ScanRecord> {
  let batch: ScanRecord[] = [];
  let index = 0;
  let done = false;
  const finished: IteratorResult<ScanRecord> = { value: undefined, done: true };

  const refill = async (): Promise<IteratorResult<ScanRecord>> => {
    while (!done) {
      const next = await batches.next();
      if (next.done) {
        done = true;
        break;
      }
      if (next.value.length > 0) {
        batch = next.value;
        index = 1;
        return { value: batch[0] as ScanRecord, done: false };
      }
    }
    batch = [];
    return finished;
  };

  const iterator: AsyncIterableIterator<ScanRecord> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    next(): Promise<IteratorResult<ScanRecord>> {
      if (index < batch.length) return Promise.resolve({ value: batch[index++] as ScanRecord, done: false });
      return refill();
    },
    async return(): Promise<IteratorResult<ScanRecord>> {
      done = true;
      batch = [];
      await batches.return(undefined);
      return finished;
    },
  };
  return iterator;
}
