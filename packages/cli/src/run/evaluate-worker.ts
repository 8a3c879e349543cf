// Worker thread for `tenet check --jobs N`: compiles the policy set once, then evaluates batches.
import { parentPort, workerData } from "node:worker_threads";
import { loadFactSchema, loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import type { SnapshotRecord } from "../input/snapshot-record.js";
import { recordEvaluator, type EvaluationSettings } from "./evaluate-record.js";
import { rendererFor, type CheckFormat } from "../render/renderers.js";
import { briefOf } from "../render/output-record.js";
import { paintWith } from "../terminal.js";
import type { WorkerOutput } from "./worker-pool.js";

interface WorkerInput {
  sources: { path: string; text: string }[];
  schema: { json: unknown; file: string };
  nowMs: number;
  settings: EvaluationSettings;
}

const input = workerData as WorkerInput;
const schema = loadFactSchema(input.schema.json, "device", input.schema.file).value!;
const loaded = loadPolicySources(input.sources, { now: input.nowMs, schemas: { device: schema } });
const run = recordEvaluator(compile(loaded.value), schema, input.settings);
const renderer = rendererFor(input.settings.format as CheckFormat, paintWith(false));

// Per-record formats are rendered here, so only text and a brief cross back to the main thread.
parentPort!.on("message", (message: { id: number; records: SnapshotRecord[] }) => {
  const out: WorkerOutput[] = message.records.map((raw) => {
    const record = run(raw);
    return renderer.body === undefined ? { record } : { text: renderer.body(record), brief: briefOf(record) };
  });
  parentPort!.postMessage({ id: message.id, out });
});
