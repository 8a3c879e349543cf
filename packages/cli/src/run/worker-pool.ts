import { Worker } from "node:worker_threads";
import type { SnapshotRecord } from "../input/snapshot-record.js";
import type { Brief, OutputRecord } from "../render/output-record.js";

/** What a worker returns per record: rendered text and a brief, or the whole record for aggregate formats. */
export type WorkerOutput = { text: string; brief: Brief } | { record: OutputRecord };
import type { EvaluationSettings } from "./evaluate-record.js";

/**
 * Evaluates batches of records on N worker threads. `submit` returns a promise per batch;
 * callers await them in submission order, so output order equals input order.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (out: WorkerOutput[]) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(jobs: number, data: { sources: { path: string; text: string }[]; schema: { json: unknown; file: string }; nowMs: number; settings: EvaluationSettings }) {
    const url = new URL("./evaluate-worker.js", import.meta.url);
    this.workers = Array.from({ length: jobs }, () => {
      // A small young generation keeps each worker's heap (and the process RSS) flat on long fleets.
      const worker = new Worker(url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 } });
      worker.on("message", (m: { id: number; out: WorkerOutput[] }) => {
        this.waiting.get(m.id)?.resolve(m.out);
        this.waiting.delete(m.id);
      });
      worker.on("error", (e) => {
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      return worker;
    });
  }

  submit(records: SnapshotRecord[]): Promise<WorkerOutput[]> {
    const id = this.next++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, records });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
