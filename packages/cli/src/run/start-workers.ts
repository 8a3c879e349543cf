// Starting the `--jobs` worker threads, also before `tenet check` has loaded its own modules.
// Only Node's modules are imported here: the CLI loads this file before anything else of `check`.
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";

/** Files of fewer bytes (about 650 devices) are evaluated in-process: a worker would still be starting at their end. */
export const WORKER_BYTES = 1 << 19;

/**
 * A worker's progress, shared with the main thread (`Int32Array` over a `SharedArrayBuffer`):
 * the main thread reads it between records, long before the worker's messages reach it.
 */
export const PROGRESS = {
  /** 1 once the worker has compiled the policy set and takes batches. */
  ready: 0,
  /** Records the worker has finished. */
  done: 1,
} as const;

/** What a worker thread is started with; what it evaluates with comes in its first message. */
export interface WorkerData {
  progress: Int32Array;
}

export interface StartedWorker {
  worker: Worker;
  progress: Int32Array;
  /** The worker's failure, also one before a pool took it (a worker emits `error` once). */
  failure?: Error;
}

/**
 * Starts `count` worker threads. Each loads its modules at once and waits for its set-up
 * (`WorkerPool`'s first message): loading is most of a worker's start, so it runs while the
 * main thread is still loading and compiling too.
 */
export function startWorkers(count: number): StartedWorker[] {
  // Every core now runs an evaluating thread, so V8's background GC tasks find no idle core:
  // a scavenge waited for its parallel helpers and for the previous array-buffer sweep to be
  // scheduled, 4-6 ms a scavenge against 1-2 ms done on the thread itself. V8 reads both flags
  // at each scavenge (docs/benchmarks.md).
  setFlagsFromString("--no-parallel-scavenge --no-concurrent-array-buffer-sweeping");
  const url = new URL("./evaluate-worker.js", import.meta.url);
  return Array.from({ length: count }, () => {
    const progress = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    // A bounded young generation keeps each worker's heap (and the process RSS) flat on long
    // fleets; 16 MB rather than 8 halves its scavenges, whose parallel tasks compete with the
    // evaluating threads for the cores (docs/benchmarks.md).
    const worker = new Worker(url, {
      workerData: { progress } satisfies WorkerData,
      resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 },
    });
    const started: StartedWorker = { worker, progress };
    worker.once("error", (e) => (started.failure = e));
    return started;
  });
}

let early: StartedWorker[] | undefined;

/**
 * Starts the workers of `tenet check ARGS` before its modules are loaded, when the arguments
 * make it likely that it will use them (`earlyWorkerCount`). A worker takes about 0.2 s to load;
 * started here, that time overlaps the main thread's own loading instead of its first records
 * (docs/benchmarks.md). The command decides for itself once its options are parsed: workers it
 * does not take (`takeEarlyWorkers`) end with `discardEarlyWorkers`, and never keep the process alive.
 */
export function startWorkersEarly(args: readonly string[]): void {
  const count = earlyWorkerCount(args);
  if (count === 0 || early !== undefined) return;
  early = startWorkers(count);
  for (const { worker } of early) worker.unref();
}

/**
 * The workers `tenet check ARGS` will most likely start (0: none): one job fewer than asked for
 * (or than the cores), when an NDJSON file of WORKER_BYTES or more is among the arguments. A
 * wrong guess costs one worker's start, never a different result.
 */
export function earlyWorkerCount(args: readonly string[]): number {
  const jobs = jobsOf(args) ?? availableParallelism();
  return jobs >= 2 && jobs <= 256 && args.some((arg, i) => largeNdjson(arg, args[i - 1])) ? jobs - 1 : 0;
}

/** The early workers, when there are `count` of them; any others are ended. */
export function takeEarlyWorkers(count: number): StartedWorker[] | undefined {
  const taken = early;
  early = undefined;
  if (taken === undefined) return undefined;
  if (taken.length !== count) {
    for (const { worker } of taken) void worker.terminate();
    return undefined;
  }
  for (const { worker } of taken) worker.ref();
  return taken;
}

/** Ends early workers no run took (a small input, standard input that stayed short, an error before evaluating). */
export function discardEarlyWorkers(): void {
  takeEarlyWorkers(-1);
}

/** `-j N`, `-jN`, `--jobs N` or `--jobs=N`, the last one given (as commander reads it). */
function jobsOf(args: readonly string[]): number | undefined {
  let jobs: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value =
      arg === "-j" || arg === "--jobs"
        ? args[i + 1]
        : arg.startsWith("--jobs=")
          ? arg.slice(7)
          : /^-j\d/.test(arg)
            ? arg.slice(2)
            : undefined;
    if (value !== undefined) jobs = Number(value);
  }
  return jobs;
}

/** Whether `arg` names an NDJSON file large enough for workers; an `-o` file is what the run writes, not reads. */
function largeNdjson(arg: string, previous: string | undefined): boolean {
  if (!/\.(ndjson|jsonl)(\.gz)?$/i.test(arg) || previous === "-o" || previous === "--output") return false;
  try {
    const stat = statSync(arg, { throwIfNoEntry: false });
    return stat !== undefined && stat.isFile() && stat.size >= WORKER_BYTES;
  } catch {
    // Unreadable: the command itself says why.
    return false;
  }
}
