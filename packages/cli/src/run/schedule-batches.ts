import type { SnapshotRecord } from "../input/snapshot-record.js";
import type { OutputRecord } from "../render/output-record.js";
import { WorkerPool, type BatchOutput, type WorkerSetup } from "./worker-pool.js";

/** Records per message to a worker: large enough to amortise messaging, small enough to keep memory flat. */
const BATCH = 256;
/** Records evaluated in-process before worker threads start (see `--jobs`). */
export const IN_PROCESS_FIRST = 512;

export interface Schedule {
  /** Threads that evaluate, the main thread included. */
  jobs: number;
  /** Evaluates one record on the main thread. */
  run: (raw: SnapshotRecord) => OutputRecord;
  /** What each worker is started with (workers start only once more than IN_PROCESS_FIRST records came). */
  setup: WorkerSetup;
  /** Sees every raw record in input order before it is evaluated (the audit log's input hash). */
  onRaw?: (raw: SnapshotRecord) => void;
}

/**
 * Evaluates every record of `batches` and hands the results to `emit` in input order, with
 * back-pressure: at most two batches per worker plus a few local ones are held, which bounds
 * memory. The first records run on the main thread, so a fleet of a few hundred devices never
 * pays for starting workers (each loads and compiles the policies); after that the main thread
 * evaluates a batch itself whenever every worker already has two queued.
 */
export async function evaluateInOrder(
  batches: AsyncIterable<SnapshotRecord[]>,
  schedule: Schedule,
  emit: (out: BatchOutput) => Promise<void>,
): Promise<void> {
  const { jobs, run } = schedule;
  const workers = jobs - 1;
  let pool: WorkerPool | undefined;
  // `out` is set once a batch is done (at once for a local one).
  type Pending = { out?: BatchOutput; promise: Promise<BatchOutput> };
  const inFlight: Pending[] = [];
  let batch: SnapshotRecord[] = [];
  let seen = 0;
  const flush = async () => {
    pool ??= new WorkerPool(workers, schedule.setup);
    if (batch.length > 0) {
      const queued = inFlight.filter((e) => e.out === undefined).length;
      if (queued < workers * 2) {
        const entry: Pending = { promise: pool.submit(batch) };
        void entry.promise.then(
          (out) => (entry.out = out),
          () => undefined,
        );
        inFlight.push(entry);
      } else {
        const out: BatchOutput = { records: batch.map(run) };
        inFlight.push({ out, promise: Promise.resolve(out) });
      }
    }
    batch = [];
    while (inFlight.length > 0 && inFlight[0]!.out !== undefined) await emit(inFlight.shift()!.out!);
    while (inFlight.length >= workers * 2 + 4) await emit(await inFlight.shift()!.promise);
  };
  try {
    for await (const records of batches) {
      // Records evaluated here are emitted before any later batch, so output keeps input order.
      let local: OutputRecord[] = [];
      for (const raw of records) {
        schedule.onRaw?.(raw);
        if (jobs <= 1 || seen++ < IN_PROCESS_FIRST) {
          local.push(run(raw));
          continue;
        }
        if (local.length > 0) await emit({ records: local });
        local = [];
        batch.push(raw);
        if (batch.length >= BATCH) await flush();
      }
      if (local.length > 0) await emit({ records: local });
    }
    if (batch.length > 0) await flush();
    while (inFlight.length > 0) await emit(await inFlight.shift()!.promise);
  } finally {
    await pool?.close();
  }
}
