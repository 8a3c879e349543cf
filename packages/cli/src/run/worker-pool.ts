import { Worker } from "node:worker_threads";
import type { SnapshotRecord } from "../input/snapshot-record.js";
import type { CapturedDevice } from "@tenet/history";
import type { Diagnostic } from "@tenet/parser";
import type { OutputRecord, SummaryPart } from "../render/output-record.js";
import type { EvaluationSettings } from "./evaluate-record.js";
import { packBatch } from "./pack-batch.js";

/**
 * What a batch yields. From a worker: streamed formats as the batch's rendered bytes
 * (transferred, not copied: the main thread never turns them into strings) and aggregate
 * formats as one small digest per listed record, with the batch's summary totals and its
 * unreadable records' diagnostics in input order (one small object per batch, where a brief
 * per record cost more to clone than to render); evaluated on the main thread, the records themselves.
 */
export type BatchOutput = (
  ({ bytes: Uint8Array } & WorkerTally) | ({ digests: unknown[] } & WorkerTally) | { records: OutputRecord[] }
) & {
  /** With `--history`: what the store records of each device of the batch. */
  history?: CapturedDevice[];
};

/** A worker batch's records counted: how many, their summary totals, and the diagnostics of the unreadable ones. */
export interface WorkerTally {
  count: number;
  summary: SummaryPart;
  diagnostics: Diagnostic[];
}

/** What every worker is started with: enough to load and compile the policy set itself. */
export interface WorkerSetup {
  sources: { path: string; text: string }[];
  /** `builtin`: the schema is the built-in device schema (the worker reads its own copy). */
  schema: { json: unknown; file: string; builtin: boolean };
  nowMs: number;
  settings: EvaluationSettings;
  /** Whether digests (the table's lines) are coloured. */
  color: boolean;
}

/**
 * Evaluates batches of records on N worker threads. `submit` returns a promise per batch;
 * callers await them in submission order, so output order equals input order.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (out: BatchOutput) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(jobs: number, data: WorkerSetup) {
    const url = new URL("./evaluate-worker.js", import.meta.url);
    this.workers = Array.from({ length: jobs }, () => {
      // A small young generation keeps each worker's heap (and the process RSS) flat on long fleets.
      const worker = new Worker(url, {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 },
      });
      worker.on("message", (m: { id: number; out: BatchOutput }) => {
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

  submit(records: SnapshotRecord[]): Promise<BatchOutput> {
    const id = this.next++;
    const worker = this.workers[id % this.workers.length]!;
    const { batch, transfer } = packBatch(records);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, batch }, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
