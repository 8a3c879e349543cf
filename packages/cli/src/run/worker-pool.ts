import type { SnapshotRecord } from "../input/snapshot-record.js";
import type { Diagnostic } from "@tenet/parser";
import type { OutputRecord, SummaryPart } from "../render/output-record.js";
import type { EvaluationSettings } from "./evaluate-record.js";
import { packBatch, type PackedBatch } from "./pack-batch.js";
import { PROGRESS, startWorkers, takeEarlyWorkers, type StartedWorker } from "./start-workers.js";
import type { CapturedBatch } from "@tenet/history";

/**
 * What a batch yields: streamed formats as its rendered bytes (from a worker transferred, not
 * copied: the main thread never turns them into strings; from the main thread encoded when
 * rendered, so text held behind a worker's batch is not copied and promoted by scavenges);
 * aggregate formats as one small digest per listed record; with the batch's summary totals and
 * its unreadable records' diagnostics in input order (one small object per batch, where a brief
 * per record cost more to clone than to render). Records the main thread writes at once come as they are.
 */
export type BatchOutput = (
  ({ bytes: Uint8Array } & WorkerTally) | ({ digests: unknown[] } & WorkerTally) | { records: OutputRecord[] }
) & {
  /** With `--history` (from a worker): what the store records of each device of the batch. */
  history?: CapturedBatch;
};

/** A worker batch's records counted: how many, their summary totals, and the diagnostics of the unreadable ones. */
export interface WorkerTally {
  count: number;
  summary: SummaryPart;
  diagnostics: Diagnostic[];
}

/** What every worker is set up with (its first message): enough to load and compile the policy set itself. */
export interface WorkerSetup {
  sources: { path: string; text: string }[];
  /** `builtin`: the schema is the built-in device schema (the worker reads its own copy). */
  schema: { json: unknown; file: string; builtin: boolean };
  nowMs: number;
  settings: EvaluationSettings;
  /** Whether digests (the table's lines) are coloured. */
  color: boolean;
}

/** What the main thread sends a worker: its set-up once, then batches. */
export type WorkerMessage = { setup: WorkerSetup } | { id: number; batch: PackedBatch };

interface Thread extends StartedWorker {
  /** Records submitted to this worker. */
  submitted: number;
}

/**
 * Evaluates batches of records on N worker threads: the ones `startWorkersEarly` started when
 * there are N, else new ones. Each worker compiles the policy set itself from its set-up (the
 * first message), then says it is ready; `idleWorker` names one that is ready and has little work
 * queued, so the main thread can decide between records whether to hand out a batch or
 * evaluate the next records itself. `submit` returns a promise per batch; callers await them in
 * submission order, so output order equals input order.
 */
export class WorkerPool {
  private readonly threads: Thread[];
  private readonly waiting = new Map<number, { resolve: (out: BatchOutput) => void; reject: (e: Error) => void }>();
  private next = 0;
  /** A worker's failure (also one while it was starting): the run must not go on without it. */
  failure: Error | undefined;

  constructor(jobs: number, setup: WorkerSetup) {
    this.threads = (takeEarlyWorkers(jobs) ?? startWorkers(jobs)).map((started) => {
      const { worker } = started;
      worker.on("message", (m: { id: number; out: BatchOutput }) => {
        this.waiting.get(m.id)?.resolve(m.out);
        this.waiting.delete(m.id);
      });
      worker.on("error", (e) => this.fail(e));
      if (started.failure !== undefined) this.fail(started.failure);
      worker.postMessage({ setup } satisfies WorkerMessage);
      return Object.assign(started, { submitted: 0 });
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  /**
   * A worker that is ready and has fewer than `backlog` records queued (the one with the
   * fewest), or undefined when each is starting or busy enough.
   */
  idleWorker(backlog: number): number | undefined {
    let best: number | undefined;
    let least = backlog;
    for (let i = 0; i < this.threads.length; i++) {
      const { progress, submitted } = this.threads[i]!;
      if (Atomics.load(progress, PROGRESS.ready) === 0) continue;
      const queued = submitted - Atomics.load(progress, PROGRESS.done);
      if (queued < least) {
        least = queued;
        best = i;
      }
    }
    return best;
  }

  /** Hands `records` to worker `at` (from `idleWorker`); the promise gives the batch's output. */
  submit(records: SnapshotRecord[], at: number): Promise<BatchOutput> {
    const id = this.next++;
    const thread = this.threads[at]!;
    thread.submitted += records.length;
    const { batch, transfer } = packBatch(records);
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure);
      this.waiting.set(id, { resolve, reject });
      thread.worker.postMessage({ id, batch } satisfies WorkerMessage, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
