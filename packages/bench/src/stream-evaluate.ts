// Streams an NDJSON fleet line by line through `evaluate` (explain off) and reports time and
// memory. Run as its own process by run.ts, so its memory figures hold only the streaming run.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, prepare } from "@tenet/evaluator";
import { FLEET_NOW } from "./fleet.js";
import { BENCH_POLICY_TEXT } from "./policies.js";

/** What one streaming run measured. */
export interface StreamFigures {
  devices: number;
  seconds: number;
  perSecond: number;
  /** Devices per device state. */
  states: Record<string, number>;
  /** `process.memoryUsage()` after the last device, in MB. */
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** Highest RSS sampled every 10,000 devices, in MB. */
  peakRssMb: number;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Evaluates every line of `path` against the benchmark policy set without holding the fleet in memory. */
export async function streamEvaluate(path: string): Promise<StreamFigures> {
  const compiled = compile(loadPolicySources([{ path: "bench.tenet", text: BENCH_POLICY_TEXT }]).value);
  const prepared = prepare(compiled, { now: parseInstant(FLEET_NOW).value!, explain: false });
  const states: Record<string, number> = {};
  let devices = 0;
  let peak = process.memoryUsage.rss();
  const start = process.hrtime.bigint();
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line === "") continue;
    const state = prepared.evaluate(JSON.parse(line)).state;
    states[state] = (states[state] ?? 0) + 1;
    if (++devices % 10_000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const m = process.memoryUsage();
  return {
    devices,
    seconds,
    perSecond: Math.round(devices / seconds),
    states,
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    peakRssMb: mb(Math.max(peak, m.rss)),
  };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const path = process.argv[2];
  if (path === undefined) throw new Error("usage: node stream-evaluate.js FLEET.ndjson");
  console.log(JSON.stringify(await streamEvaluate(path)));
}
