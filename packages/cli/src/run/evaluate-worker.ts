// Worker thread for `tenet check --jobs N`: compiles the policy set once, then evaluates batches.
import { parentPort, workerData } from "node:worker_threads";
import { builtinSchema, loadFactSchema, loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { BatchCapture } from "@tenet/history";
import { recordEvaluator } from "./evaluate-record.js";
import { loadMemberships } from "../input/memberships.js";
import { rendererFor, type CheckFormat } from "../render/renderers.js";
import { paintWith } from "../terminal.js";
import type { BatchOutput, WorkerMessage, WorkerSetup } from "./worker-pool.js";
import { PROGRESS, type WorkerData } from "./start-workers.js";
import { unpackBatch, type PackedBatch } from "./pack-batch.js";
import { renderBatch } from "./render-batch.js";

const { progress } = workerData as WorkerData;
/** Evaluates and renders one batch; made from the set-up. */
let evaluate: ((id: number, batch: PackedBatch) => void) | undefined;

// The modules above are loaded as soon as the thread starts, which may be before `check` has
// parsed its options; what to evaluate with comes in the first message.
parentPort!.on("message", (message: WorkerMessage) => {
  if ("setup" in message) evaluate = batchEvaluator(message.setup);
  else evaluate!(message.id, message.batch);
});

function batchEvaluator(input: WorkerSetup): (id: number, batch: PackedBatch) => void {
  // The built-in schema is known valid and has its validator generated at build time: neither is redone here.
  const schema = input.schema.builtin
    ? builtinSchema("device")
    : loadFactSchema(input.schema.json, "device", input.schema.file).value!;
  const loaded = loadPolicySources(input.sources, { now: input.nowMs, schemas: { device: schema } });
  // The main thread already reported the membership file's problems.
  const memberships = input.settings.groups === undefined ? undefined : loadMemberships(input.settings.groups).index;
  // With `--history`, what the store records of each device goes back with the batch.
  const captured = new BatchCapture();
  const renderer = rendererFor(input.settings.format as CheckFormat, paintWith(input.color), {
    now: input.settings.now,
    policySetHash: () => loaded.value.hash,
    failOn: input.settings.failOn,
    policySet: () => loaded.value,
  });
  const run = recordEvaluator(compile(loaded.value), schema, input.settings, {
    ...(memberships === undefined ? {} : { memberships }),
    ...(input.settings.history === undefined ? {} : { capture: (d, span) => captured.add(d, span) }),
    ...(renderer.wantsResult === undefined ? {} : { wantsResult: (r) => renderer.wantsResult!(r) }),
  });
  /** The batch's capture, and its buffers: they move to the main thread rather than being copied. */
  const history = () => {
    const batch = captured.take();
    return batch === undefined
      ? { out: {}, moved: [] }
      : { out: { history: batch }, moved: [batch.span.buffer, batch.shareOf.buffer] as ArrayBuffer[] };
  };
  // Compiled: the main thread may hand out batches now (until then it evaluates every record itself).
  Atomics.store(progress, PROGRESS.ready, 1);

  // Streamed formats are rendered here: the batch's bytes move to the main thread without a
  // copy, so it only writes them (strings would be copied and re-encoded there). Aggregate
  // formats send one small digest per record.
  const { failOn, only } = input.settings;
  return (id, batch) => {
    const { summary, diagnostics, count, ...rendered } = renderBatch(
      unpackBatch(batch, input.settings.history !== undefined),
      run,
      renderer,
      failOn,
      only,
    );
    // Counted done before the message goes, so the main thread sends the next batch as early as it can.
    Atomics.add(progress, PROGRESS.done, count);
    const capture = history();
    const tally = {
      count,
      // Maps survive postMessage, the class does not.
      summary: {
        devices: summary.devices,
        errors: summary.errors,
        failing: summary.failing,
        listed: summary.listed,
        states: summary.states,
        platforms: summary.platforms,
        failingRules: summary.failingRules,
      },
      diagnostics,
      ...capture.out,
    };
    if ("digests" in rendered) {
      parentPort!.postMessage(
        { id, out: { digests: rendered.digests, ...tally } satisfies BatchOutput },
        capture.moved,
      );
      return;
    }
    const { bytes } = rendered;
    // A fresh ArrayBuffer (not a slice of Buffer's shared pool) can be transferred.
    const owned = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length ? bytes : new Uint8Array(bytes);
    parentPort!.postMessage({ id, out: { bytes: owned, ...tally } satisfies BatchOutput }, [
      owned.buffer as ArrayBuffer,
      ...capture.moved,
    ]);
  };
}
