// What capture costs per device in a daily run's evaluating threads (`captureChange`), paired in one
// process against another build. The first DEVICES devices of bench-daily's two days (run
// bench-daily.mjs once to write them): day 0 is evaluated and captured to make the open spans,
// day 1 is evaluated once beforehand, then only its capture is timed, PASSES passes per sample,
// ROUNDS samples per build, the builds alternating. CPU time of this thread (process.cpuUsage:
// there are no others) per device; the paired ratio is this build's over the other's per round.
// Both builds must capture every device alike (same hashes, volatile text and tally share): any
// difference stops the run. Usage: node bench-capture.mjs [DEVICES] [ROUNDS] [PASSES], with
// TENET_HISTORY_BASE naming the other build's @tenet/history dist/index.js (else this build is
// timed alone; TENET_HISTORY_SELF names another one to time as this build). The fleet's directory
// is TENET_BENCH_DAILY_DIR or bench-daily's default.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, prepare } from "@tenet/evaluator";
import { builtinSchema, loadPolicySources, parseInstant } from "@tenet/parser";
import { DAY, ndjsonLines, START } from "./bench-support.mjs";

const M = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 9);
const PASSES = Number(process.argv[4] ?? 10);
const dir = process.env.TENET_BENCH_DAILY_DIR ?? join(tmpdir(), "tenet-bench-daily-100000");

const self = await import(process.env.TENET_HISTORY_SELF ?? new URL("../dist/index.js", import.meta.url).href);
const other = process.env.TENET_HISTORY_BASE === undefined ? undefined : await import(process.env.TENET_HISTORY_BASE);

const lines = (day) => ndjsonLines(join(dir, `day${day}.ndjson`), M);

const schema = builtinSchema("device");
const source = { path: "bench.tenet", text: readFileSync(join(dir, "bench.tenet"), "utf8") };
const compiled = compile(loadPolicySources([source], { now: START, schemas: { device: schema } }).value);
const at = (day) => parseInstant(new Date(START + day * DAY).toISOString()).value;
const settings = { explain: true, rules: "failures" };

// Day 0 recorded (by this build) as a first run: every device's open span.
const spans = new Map();
const controls = self.controlIndex(compiled);
const first = prepare(compiled, { now: at(0), ...settings });
for (const raw of lines(0)) {
  const facts = JSON.parse(raw);
  const d = self.captureChange(facts, first.evaluate(facts), { spans, controls }, {}, raw);
  spans.set(d.id, { snapshotHash: d.snapshotHash, outcomeHash: d.outcomeHash, next: d.outcome.next });
}
const next = prepare(compiled, { now: at(1), ...settings, previous: (id) => spans.get(id)?.next });
const raws = lines(1);
const facts = raws.map((raw) => JSON.parse(raw));
const results = facts.map((f) => next.evaluate(f));

/** One build's capture of day 1: each device as it is kept, for comparing builds. */
function captureAll(build) {
  const base = { spans, controls: build.controlIndex(compiled) };
  return facts.map((f, i) => build.captureChange(f, results[i], base, {}, raws[i]));
}
const kept = (d) =>
  JSON.stringify([d.id, d.unchanged ?? false, d.snapshotHash, d.outcomeHash, d.snapshot, d.volatile, d.tally]);
const mine = captureAll(self);
const changed = mine.filter((d) => d.unchanged !== true).length;
if (other !== undefined) {
  const theirs = captureAll(other);
  for (let i = 0; i < M; i++)
    if (kept(mine[i]) !== kept(theirs[i]))
      throw new Error(`device ${i} captured differently:\n${kept(mine[i])}\n${kept(theirs[i])}`);
}

/** CPU microseconds per device of PASSES captures of day 1. */
function sample(build) {
  const base = { spans, controls: build.controlIndex(compiled) };
  let keep;
  const start = process.cpuUsage();
  for (let p = 0; p < PASSES; p++) {
    keep = [];
    for (let i = 0; i < M; i++) keep.push(build.captureChange(facts[i], results[i], base, {}, raws[i]));
  }
  const used = process.cpuUsage(start);
  if (keep.length !== M) throw new Error("lost devices");
  return (used.user + used.system) / (PASSES * M);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
for (let w = 0; w < 2; w++) {
  sample(self);
  if (other !== undefined) sample(other);
}
const a = [];
const b = [];
for (let r = 0; r < ROUNDS; r++) {
  if (other === undefined || r % 2 === 0) {
    a.push(sample(self));
    if (other !== undefined) b.push(sample(other));
  } else {
    b.push(sample(other));
    a.push(sample(self));
  }
}
console.log(`${M} devices of day 1 (${changed} changed), ${ROUNDS} rounds of ${PASSES} passes, CPU µs a device:`);
console.log(`  this build: ${median(a).toFixed(2)} (${range(a)})`);
if (other !== undefined) {
  const ratios = a.map((x, i) => x / b[i]);
  console.log(`  other build: ${median(b).toFixed(2)} (${range(b)})`);
  console.log(`  paired ratio this/other: ${median(ratios).toFixed(3)} (${range(ratios)})`);
}
