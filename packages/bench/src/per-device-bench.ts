// Per-device evaluation against hand-written twins, on every workload: `pnpm bench:eval` writes
// its section of docs/benchmarks.md (between markers); `pnpm bench` includes it. Each twin is
// checked to agree with Tenet on every device before anything is timed.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, prepare, type CompiledPolicySet } from "@tenet/evaluator";
import { deviceGenerator, FLEET_NOW } from "./fleet.js";
import { BENCH_POLICY_TEXT, handWrittenEvaluate } from "./policies.js";
import { handWrittenMixed, MIXED_MIX, MIXED_POLICY_TEXT, mixedFleet } from "./mixed-fleet.js";
import { exampleFleet, handWrittenLibrary, shippedLibrarySources } from "./shipped-library.js";
import { assertAgreement } from "./agreement.js";
import type { D, HandResult } from "./hand-verdict.js";
import { summarize } from "./measure.js";
import { replaceSection } from "./doc-sections.js";

const NOW_MS = Date.parse(FLEET_NOW);
const NOW = parseInstant(FLEET_NOW).value!;

interface Workload {
  name: string;
  describe: string;
  compiled: CompiledPolicySet;
  devices: D[];
  hand: (d: D, now: number) => HandResult;
}

/** One way of evaluating a device, timed as a pass over a workload's devices. */
interface Engine {
  label: string;
  run: (d: D) => number;
}

/** Figures of one engine on one workload: µs/device per round and the ratio to the hand-written pass of the same round. */
export interface EngineFigures {
  label: string;
  micros: number[];
  ratios: number[];
}

function workloads(quick: boolean): Workload[] {
  const n = quick ? 5_000 : 20_000;
  const load = (sources: { path: string; text: string }[]) => compile(loadPolicySources(sources).value);
  const generated = deviceGenerator(42);
  const windows = Math.round(MIXED_MIX.windows * 100);
  return [
    {
      name: "mixed fleet",
      describe:
        "one policy, 20 rules with platform `when`s, 10 lets, `in` lists, per-platform version minimums in one `or` chain; " +
        `${n.toLocaleString("en-US")} generated devices, Windows ${windows}%, macOS, iOS/iPadOS, Android, Linux`,
      compiled: load([{ path: "mixed.tenet", text: MIXED_POLICY_TEXT }]),
      devices: mixedFleet(n),
      hand: handWrittenMixed,
    },
    {
      name: "shipped library",
      describe: "policies/compliance (7 policies, 43 rules) over examples/fleet/fleet-2000.ndjson (2,000 devices)",
      compiled: load(shippedLibrarySources()),
      devices: exampleFleet(),
      hand: handWrittenLibrary,
    },
    {
      name: "benchmark set",
      describe: `5 policies, 41 rules (packages/bench/src/policies.ts), ${n.toLocaleString("en-US")} generated devices, Windows 55%`,
      compiled: load([{ path: "bench.tenet", text: BENCH_POLICY_TEXT }]),
      devices: Array.from({ length: n }, (_, i) => generated(i)),
      hand: handWrittenEvaluate,
    },
  ];
}

function engines(w: Workload): Engine[] {
  const size = (r: { policies: unknown[] }) => r.policies.length;
  const failures = prepare(w.compiled, { now: NOW, explain: false, rules: "failures" });
  const all = prepare(w.compiled, { now: NOW, explain: false });
  const explainFailures = prepare(w.compiled, { now: NOW, rules: "failures" });
  const explainAll = prepare(w.compiled, { now: NOW });
  return [
    { label: "hand-written twin (verdict + failed rules)", run: (d) => w.hand(d, NOW_MS).policies.length },
    { label: 'Tenet `verdict`, `rules: "failures"`, explain off', run: (d) => size(failures.verdict(d)) },
    {
      label: 'Tenet `evaluate` (full result), `rules: "failures"`, explain off',
      run: (d) => size(failures.evaluate(d)),
    },
    { label: "Tenet `evaluate`, every rule listed, explain off", run: (d) => size(all.evaluate(d)) },
    { label: 'Tenet `evaluate`, `rules: "failures"`, explain on', run: (d) => size(explainFailures.evaluate(d)) },
    {
      label: "Tenet `evaluate`, every rule listed, explain on (the defaults)",
      run: (d) => size(explainAll.evaluate(d)),
    },
  ];
}

let sink = 0;

/**
 * CPU milliseconds (user + system, this process) for `passes` passes of one engine over the
 * devices: on a machine shared with other jobs, wall time counts the time this process waited
 * for a core, CPU time only the time it ran (GC threads included).
 */
function pass(e: Engine, devices: D[], passes: number): number {
  const start = process.cpuUsage();
  for (let p = 0; p < passes; p++) for (let i = 0; i < devices.length; i++) sink += e.run(devices[i]!);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * Times every engine on one workload in paired rounds: within a round each engine makes one
 * pass (the order rotates between rounds), so load from other processes hits a round's
 * engines alike and each round's ratio to its own hand-written pass is a paired figure.
 */
function measure(w: Workload, rounds: number): EngineFigures[] {
  const list = engines(w);
  // At least ~20,000 evaluations per pass, so a pass is long against timer and scheduler noise.
  const passes = Math.max(1, Math.round(20_000 / w.devices.length));
  const figures = list.map((e) => ({ label: e.label, micros: [] as number[], ratios: [] as number[] }));
  for (let r = -2; r < rounds; r++) {
    const ms: number[] = new Array<number>(list.length).fill(0);
    for (let k = 0; k < list.length; k++) {
      const i = (k + Math.max(r, 0)) % list.length;
      ms[i] = pass(list[i]!, w.devices, passes);
    }
    if (r < 0) continue; // warm-up rounds
    const per = ms.map((m) => (m * 1000) / (passes * w.devices.length));
    per.forEach((us, i) => {
      figures[i]!.micros.push(us);
      figures[i]!.ratios.push(us / per[0]!);
    });
  }
  return figures;
}

/** Runs every workload (agreement first, then timing) and returns the Markdown section. */
export function benchPerDevice(quick: boolean): string {
  const rounds = quick ? 5 : 9;
  const loadStart = os.loadavg();
  const tables: string[] = [];
  for (const w of workloads(quick)) {
    const failures = prepare(w.compiled, { now: NOW, explain: false, rules: "failures" });
    assertAgreement(
      w.name,
      w.devices,
      (d) => failures.evaluate(d),
      (d) => w.hand(d, NOW_MS),
    );
    assertAgreement(
      w.name,
      w.devices,
      (d) => failures.verdict(d),
      (d) => w.hand(d, NOW_MS),
    );
    const figures = measure(w, rounds);
    const rows = figures.map((f) => {
      const us = summarize(f.micros);
      const ratio = summarize(f.ratios);
      const lo = Math.min(...f.ratios);
      const hi = Math.max(...f.ratios);
      const ratioText = f === figures[0] ? "1.0x" : `${ratio.median.toFixed(2)}x (${lo.toFixed(2)}-${hi.toFixed(2)})`;
      const range = `${Math.min(...f.micros).toFixed(2)}-${Math.max(...f.micros).toFixed(2)}`;
      return `| ${f.label} | ${us.median.toFixed(2)} | ${range} | ${ratioText} |`;
    });
    tables.push(`**${w.name}**: ${w.describe}. The twin agreed with Tenet on all ${w.devices.length.toLocaleString("en-US")} devices.

| engine | µs/device (median) | µs/device (range) | vs hand-written, paired per round: median (range) |
|---|---|---|---|
${rows.join("\n")}`);
  }
  const loadEnd = os.loadavg();
  const measured = [
    `Measured by \`pnpm bench:eval\`${quick ? " (`--quick`)" : ""}`,
    `(packages/bench/src/per-device-bench.ts) on ${new Date().toISOString().slice(0, 10)}:`,
    `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}; load`,
    `average ${loadStart[0]!.toFixed(1)} at the start and ${loadEnd[0]!.toFixed(1)} at the end (the`,
    `machine is shared with other jobs: absolute figures move with load, the paired ratios much less).`,
  ].join(" ");
  const method = [
    `Each workload has a hand-written twin in plain TypeScript that computes the same device state,`,
    `policy states and list of rules that did not pass (\`packages/bench/src/mixed-fleet.ts\`,`,
    `\`shipped-library.ts\`, \`policies.ts\`, sharing Intune's verdict in \`hand-verdict.ts\`); before`,
    `timing, the benchmark checks that the twin and Tenet agree on every device, and the twins' tests do`,
    `the same. Method: CPU time of the benchmark process (\`process.cpuUsage\`, user + system: on this`,
    `shared machine wall time also counts the time spent waiting for a core, and moved 2-3x between runs`,
    `where CPU time moved by a few percent); ${rounds} rounds after 2 warm-up rounds; in each round every`,
    `engine makes one pass over the workload (repeated to at least 20,000 evaluations; the order rotates`,
    `between rounds), and the ratio is taken against the hand-written pass of the same round. Medians,`,
    `with the range over the rounds.`,
  ].join(" ");
  return `## Per-device evaluation against hand-written twins

${measured}

${method}

${tables.join("\n\n")}
`;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const section = benchPerDevice(process.argv.includes("--quick"));
  const path = new URL("../../../docs/benchmarks.md", import.meta.url);
  writeFileSync(path, replaceSection(readFileSync(path, "utf8"), "per-device", section));
  console.log(section);
  if (sink === -1) console.log(sink);
}
