import type { SnapshotRecord } from "../input/snapshot-record.js";
import type { OutputRecord } from "../render/output-record.js";
import { WorkerPool, type BatchOutput, type WorkerSetup } from "./worker-pool.js";
import { discardEarlyWorkers, WORKER_BYTES } from "./start-workers.js";

/** Records per message to a worker: large enough to amortise messaging, small enough to keep memory flat. */
const BATCH = 256;
/** Records a worker may have queued: enough that it never runs dry while the main thread is in a GC pause or descheduled. */
const BACKLOG = 4 * BATCH;
/** Records the main thread evaluates between looks at the workers (a fraction of a millisecond). */
const LOCAL = 32;
/** Records evaluated but not yet written, behind a worker's batch; past this the main thread waits for it. */
const HELD = 4096;
/** Records evaluated in-process before worker threads start, when the input's size is not known (see `--jobs`). */
export const IN_PROCESS_FIRST = 512;

export interface Schedule {
  /** Threads that evaluate, the main thread included. */
  jobs: number;
  /** Evaluates one record on the main thread, for output written at once. */
  run: (raw: SnapshotRecord) => OutputRecord;
  /** Evaluates and renders records on the main thread (`renderBatch`), for output held behind a worker's batch. */
  render: (records: SnapshotRecord[]) => BatchOutput;
  /** What each worker is started with. */
  setup: WorkerSetup;
  /** The input's size in bytes, when known (files, not standard input). */
  inputBytes?: number;
  /** Sees every raw record in input order before it is evaluated (the audit log's input hash). */
  onRaw?: (raw: SnapshotRecord) => void;
}

/** A run of records in input order: evaluated here (done at once) or by a worker (done when its message comes). */
interface Slot {
  count: number;
  out?: BatchOutput;
  promise?: Promise<BatchOutput>;
}

/**
 * Evaluates every record of `batches` and hands the results to `emit` in input order. Workers
 * start at once for an input known to be large, else after the first IN_PROCESS_FIRST records
 * (a fleet of a few hundred devices never pays for them). Between every few records the main
 * thread looks at the workers' progress: a worker that is ready and short of work gets the next
 * batch, otherwise the main thread evaluates the next records itself, so neither side waits
 * for the other (the main thread only waits once HELD records are evaluated behind a worker's
 * unfinished batch, which bounds memory).
 */
export async function evaluateInOrder(
  batches: AsyncIterable<SnapshotRecord[]>,
  schedule: Schedule,
  emit: (out: BatchOutput) => Promise<void>,
): Promise<void> {
  const { jobs, run, render } = schedule;
  let pool: WorkerPool | undefined;
  const start = () => (pool ??= new WorkerPool(jobs - 1, schedule.setup));
  const { inputBytes } = schedule;
  // Files large enough start the workers at once, in parallel with the main thread's first records.
  if (jobs > 1 && inputBytes !== undefined && inputBytes >= WORKER_BYTES) start();
  // Standard input (size unknown) starts them after IN_PROCESS_FIRST records and hands the first
  // worker its first batch at once, so which records a worker evaluates does not depend on timing.
  let eager = jobs > 1 && inputBytes === undefined;
  const slots: Slot[] = [];
  let held = 0;
  let seen = 0;
  // A worker's batch being filled (it may span read chunks), and the worker it goes to.
  let batch: SnapshotRecord[] = [];
  let target = 0;
  const hold = (slot: Slot) => {
    slots.push(slot);
    held += slot.count;
  };
  const submit = () => {
    const slot: Slot = { count: batch.length, promise: pool!.submit(batch, target) };
    void slot.promise!.then(
      (out) => (slot.out = out),
      () => undefined,
    );
    hold(slot);
    batch = [];
  };
  // Writes what is done at the head, and waits for the head (a worker's batch) while more than `most` records are held.
  const drain = async (most: number) => {
    while (slots.length > 0) {
      const head = slots[0]!;
      if (head.out === undefined && held <= most) return;
      const out = head.out ?? (await head.promise!);
      slots.shift();
      held -= head.count;
      await emit(out);
    }
  };
  try {
    for await (const records of batches) {
      if (schedule.onRaw !== undefined) for (const raw of records) schedule.onRaw(raw);
      let i = 0;
      while (i < records.length) {
        if (pool?.failure !== undefined) throw pool.failure;
        if (batch.length === 0) {
          if (pool === undefined && eager && seen >= IN_PROCESS_FIRST) start();
          let idle = pool?.idleWorker(BACKLOG);
          if (idle === undefined && eager && pool !== undefined) idle = 0;
          eager &&= idle === undefined;
          if (idle === undefined) {
            // Every worker is starting or has enough queued: the main thread takes the next few records.
            // With no worker to look at, a whole read chunk at a time.
            const end = jobs > 1 ? Math.min(i + LOCAL, records.length) : records.length;
            const step = records.slice(i, end);
            seen += step.length;
            i = end;
            // Output held behind a worker's batch is rendered at once, so only its bytes or digests stay alive.
            if (slots.length === 0) await emit({ records: step.map(run) });
            else hold({ count: step.length, out: render(step) });
            await drain(HELD);
            continue;
          }
          target = idle;
        }
        const end = Math.min(i + BATCH - batch.length, records.length);
        seen += end - i;
        for (; i < end; i++) batch.push(records[i]!);
        if (batch.length >= BATCH) {
          submit();
          await drain(HELD);
        }
      }
    }
    if (batch.length > 0) submit();
    await drain(0);
  } finally {
    discardEarlyWorkers();
    await pool?.close();
  }
}
