// A fixed pool of worker threads, one job at a time per thread. A thread that dies (uncaught error,
// process.exit, out of memory) fails the job it held with a ThreadCrashError and is replaced for
// the next job: a crash never leaves a job hanging. close() terminates every thread, so none keeps
// the process alive.
import type { Worker } from "node:worker_threads";

export class ThreadCrashError extends Error {
  override name = "ThreadCrashError";
}

interface Pending<Job, Reply> {
  job: Job;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

interface Slot<Job, Reply> {
  worker: Worker;
  busy: Pending<Job, Reply> | null;
}

export class ThreadPool<Job, Reply> {
  private readonly slots: Slot<Job, Reply>[] = [];
  private readonly queue: Pending<Job, Reply>[] = [];
  private closed = false;

  constructor(
    readonly size: number,
    private readonly spawn: () => Worker,
  ) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError("a thread pool needs at least one thread");
  }

  run(job: Job): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error("thread pool is closed"));
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(new Error("thread pool closed"));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.start();
      }
      const next = this.queue.shift() as Pending<Job, Reply>;
      slot.busy = next;
      slot.worker.postMessage(next.job);
    }
  }

  private start(): Slot<Job, Reply> {
    const worker = this.spawn();
    const slot: Slot<Job, Reply> = { worker, busy: null };
    this.slots.push(slot);
    let failure: Error | null = null;
    worker.on("message", (reply: Reply) => {
      const pending = slot.busy;
      slot.busy = null;
      pending?.resolve(reply);
      this.dispatch();
    });
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", (code) => {
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      const pending = slot.busy;
      slot.busy = null;
      if (pending) {
        const why = failure ? `${failure.name}: ${failure.message}` : `exit code ${code}`;
        pending.reject(new ThreadCrashError(`worker thread died (${why})`, { cause: failure ?? undefined }));
      }
      if (!this.closed) this.dispatch();
    });
    return slot;
  }
}
