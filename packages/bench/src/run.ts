// `pnpm bench` (`--quick` for a smaller run): parse, check and compile times, evaluation
// throughput of Tenet against the same rules hand-written, the cost of explanations, memory
// while streaming a fleet, peer engines and end-to-end `tenet check`; prints Markdown tables
// and writes docs/benchmarks.md. Figures are measured here, never asserted in tests.
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import { loadPolicySources, parseInstant } from "@tenet/parser";
import { compile, EvalEnv, prepare, type CompiledPolicySet } from "@tenet/evaluator";
import { deviceGenerator, ensureFleet, FLEET_NOW } from "./fleet.js";
import { handWrittenWindows } from "./hand-written.js";
import { BENCH_POLICY_TEXT, generatedPolicyText, handWrittenEvaluate } from "./policies.js";
import { summarize, timeMs } from "./measure.js";
import type { StreamFigures } from "./stream-evaluate.js";
import { benchAccess } from "./access-bench.js";
import { benchPeers } from "./peer-bench.js";
import { benchPerDevice } from "./per-device-bench.js";
import { replaceSection } from "./doc-sections.js";

const root = new URL("../../../", import.meta.url).pathname;
const quick = process.argv.includes("--quick");
const REPS = 5;
const IN_MEMORY = quick ? 20_000 : 100_000;
const STREAMED = quick ? 100_000 : 1_000_000;
const NOW_MS = Date.parse(FLEET_NOW);
const loadAvg = os.loadavg()[0]!;
let sink = 0;

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const f2 = (n: number) => n.toFixed(2);
const f1 = (n: number) => n.toFixed(1);
const stats = (samples: number[], digits = 2) => {
  const s = summarize(samples);
  return `${s.median.toFixed(digits)} / ${s.p95.toFixed(digits)}`;
};

// 1. Parse + check and compile: the benchmark set and a generated 1,000-rule file.
const sources = { set: BENCH_POLICY_TEXT, big: generatedPolicyText(1000) };
const load = (text: string) => loadPolicySources([{ path: "bench.tenet", text }]);
const perCall = (fn: () => void, calls: number, warmup: number): number[] => {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < REPS; r++) for (let i = 0; i < calls; i++) samples.push(timeMs(fn));
  return samples;
};
const checkedSet = load(sources.set).value;
const checkedBig = load(sources.big).value;
const parseSet = perCall(() => void (sink += load(sources.set).diagnostics.length), 20, 5);
const parseBig = perCall(() => void (sink += load(sources.big).diagnostics.length), 1, 2);
const compileSet = perCall(() => void (sink += compile(checkedSet).policies.length), 20, 5);
const compileBig = perCall(() => void (sink += compile(checkedBig).policies.length), 1, 2);
const lines = (t: string) => t.split("\n").length;

// 2. Throughput on an in-memory slice of the generated fleet: Tenet (explain off and on) and the
//    hand-written loop take turns within each repetition, so load on the machine hits all alike.
//    Each repetition is also cut into batches of 1,000 devices for a per-batch p95.
const fleetFile = await ensureFleet(IN_MEMORY);
const devices = readFileSync(fleetFile, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const compiled = compile(checkedSet);
interface Engine {
  name: string;
  run: (d: Record<string, unknown>) => number;
  totals: number[];
  batches: number[];
}
const engine = (name: string, run: Engine["run"]): Engine => ({ name, run, totals: [], batches: [] });
const now = parseInstant(FLEET_NOW).value!;
const prepared = {
  tenet: prepare(compiled, { now, explain: false }),
  explain: prepare(compiled, { now }),
  failures: prepare(compiled, { now, explain: false, rules: "failures" }),
};
const engines: Engine[] = [
  engine("tenet", (d) => prepared.tenet.evaluate(d).policies.length),
  engine("hand", (d) => handWrittenEvaluate(d, NOW_MS).policies.length),
  engine("explain", (d) => prepared.explain.evaluate(d).policies.length),
  engine("failures", (d) => prepared.failures.evaluate(d).policies.length),
];
const BATCH = 1000;
function timeEngines(list: Engine[], items: Record<string, unknown>[], measured: boolean) {
  for (const e of list) {
    let total = 0;
    for (let b = 0; b < items.length; b += BATCH) {
      const end = Math.min(items.length, b + BATCH);
      const ms = timeMs(() => {
        for (let i = b; i < end; i++) sink += e.run(items[i]!);
      });
      total += ms;
      if (measured) e.batches.push((ms * 1000) / (end - b));
    }
    if (measured) e.totals.push((total * 1000) / items.length);
  }
}
timeEngines(engines, devices, false);
for (let r = 0; r < REPS; r++) timeEngines(engines, devices, true);
const [tenet, hand, explain, failures] = engines as [Engine, Engine, Engine, Engine];
const med = (e: Engine) => summarize(e.totals).median;

// The Windows baseline (policies/compliance/windows.tenet, 9 rules) against its hand-written twin.
const windowsCompiled: CompiledPolicySet = compile(
  load(readFileSync(`${root}policies/compliance/windows.tenet`, "utf8")).value,
);
const next = deviceGenerator(5);
const windowsDevices: Record<string, unknown>[] = [];
for (let i = 0; windowsDevices.length < IN_MEMORY / 2; i++) {
  const d = next(i);
  if (d["operatingSystem"] === "Windows") windowsDevices.push(d);
}
const winTenetPrepared = prepare(windowsCompiled, { now, explain: false });
const winFailuresPrepared = prepare(windowsCompiled, { now, explain: false, rules: "failures" });
const winEngines = [
  engine("tenet", (d) => winTenetPrepared.evaluate(d).policies.length),
  engine("hand", (d) => handWrittenWindows(d).fail.length),
  engine("failures", (d) => winFailuresPrepared.evaluate(d).policies.length),
];
// Tenet's compiled rule conditions alone (no result assembly), to show where the time goes.
const winEnv = new EvalEnv(windowsCompiled.slots);
winEnv.now = NOW_MS;
const winRules = windowsCompiled.policies.flatMap((p) => p.rules);
winEngines.push(
  engine("conditions", (d) => {
    let failing = 0;
    for (let i = 0; i < winRules.length; i++) if (winRules[i]!.require(d, winEnv) !== 1) failing++;
    return failing;
  }),
);
timeEngines(winEngines, windowsDevices, false);
for (let r = 0; r < REPS; r++) timeEngines(winEngines, windowsDevices, true);
const [winTenet, winHand, winFailures, winConditions] = winEngines as [Engine, Engine, Engine, Engine];

// Every workload against its hand-written twin (mixed fleet, shipped library, benchmark set), paired per round.
const perDevice = benchPerDevice(quick);

// 3. Streaming: a fleet file read line by line and evaluated in a fresh process (memory of that run only),
//    and a bare readline + JSON.parse over the same file.
const streamFile = await ensureFleet(STREAMED);
const stream = JSON.parse(
  execFileSync(process.execPath, [`${root}packages/bench/dist/stream-evaluate.js`, streamFile], { encoding: "utf8" }),
) as StreamFigures;
const bareMs = await (async () => {
  const start = process.hrtime.bigint();
  for await (const line of createInterface({ input: createReadStream(streamFile), crlfDelay: Infinity }))
    if (line !== "") sink += (JSON.parse(line) as object) === null ? 1 : 0;
  return Number(process.hrtime.bigint() - start) / 1e6;
})();

// 4. Access decisions, peer engines, end-to-end `tenet check` with the shipped library.
const access = benchAccess(quick ? 20_000 : 100_000);
const peers = await benchPeers(quick ? 20_000 : 100_000);
const cliStats = (jobs: number) => {
  const r = execFileSync(
    "sh",
    [
      "-c",
      `node ${root}packages/cli/dist/bin/tenet.js check -p ${root}policies ${streamFile} --now ${FLEET_NOW} ` +
        `--format csv --jobs ${jobs} --stats -o /dev/null --fail-on never 2>&1 >/dev/null`,
    ],
    { encoding: "utf8" },
  );
  const m = /in ([\d.]+) s \((\d+)\/s\), jobs \d+, peak RSS (\d+) MB/.exec(r);
  return { seconds: Number(m?.[1]), rate: Number(m?.[2]), rss: Number(m?.[3]) };
};
const one = cliStats(1);
const two = cliStats(2);

const rules = (set: typeof checkedSet) => set.compliance.reduce((n, p) => n + p.rules.length, 0);
const size = (set: typeof checkedSet, lineCount: number | string) =>
  `${set.compliance.length} policies, ${rules(set)} rules, ${lineCount} lines`;
/** One markdown table row. */
const cells = (...values: (string | number)[]) => `| ${values.join(" | ")} |`;
const parseTable = `| stage | input | median / p95 (ms) |
|---|---|---|
${cells("parse + check (`loadPolicySources`)", `benchmark set: ${size(checkedSet, lines(sources.set))}`, stats(parseSet))}
${cells("parse + check", `generated file: ${size(checkedBig, int(lines(sources.big)))}`, stats(parseBig, 1))}
| \`compile\` | benchmark set | ${stats(compileSet, 3)} |
| \`compile\` | generated 1,000-rule file | ${stats(compileBig, 2)} |`;

const row = (label: string, e: Engine, base?: Engine) =>
  cells(
    label,
    f2(med(e)),
    f2(summarize(e.batches).p95),
    int(1e6 / med(e)),
    base === undefined ? "1.0x" : `${f2(med(e) / med(base))}x`,
  );
const evalHead = cells(
  `engine (benchmark set, ${int(devices.length)} devices in memory)`,
  "µs/device (median)",
  "µs/device (p95 of 1,000-device batches)",
  "devices/s",
  "vs hand-written",
);
const evalTable = `${evalHead}
|---|---|---|---|---|
${row("hand-written TypeScript (`handWrittenEvaluate`)", hand)}
${row('Tenet `evaluate`, `explain: false`, `rules: "failures"`', failures, hand)}
${row("Tenet `evaluate`, `explain: false` (every rule listed)", tenet, hand)}
${row("Tenet `evaluate`, `explain: true` (default)", explain, hand)}
${row(`Windows baseline (9 rules, ${int(windowsDevices.length)} Windows devices), hand-written`, winHand)}
${row('Windows baseline, Tenet `explain: false`, `rules: "failures"`', winFailures, winHand)}
${row("Windows baseline, Tenet `explain: false` (every rule listed)", winTenet, winHand)}
${row("Windows baseline, Tenet's compiled conditions only (no result)", winConditions, winHand)}`;

const streamTable = `| measurement | figure |
|---|---|
${cells(
  `${int(stream.devices)} devices NDJSON streamed (readline + \`JSON.parse\` + \`evaluate\`, explain off), one process`,
  `${f2(stream.seconds)} s (${int(stream.perSecond)} devices/s)`,
)}
| same file, bare readline + \`JSON.parse\` | ${f2(bareMs / 1000)} s (${int((stream.devices * 1000) / bareMs)} lines/s) |
| memory after the last device | RSS ${stream.rssMb} MB, heap used ${stream.heapUsedMb} MB of ${stream.heapTotalMb} MB |
| peak RSS (sampled every 10,000 devices) | ${stream.peakRssMb} MB |
| device states | ${Object.entries(stream.states)
  .sort()
  .map(([s, n]) => `${s} ${int(n)}`)
  .join(", ")} |
${cells(
  `access: 50 policies with device filters, ${int(access.count)} generated sign-ins`,
  `${int(access.perSecond)} decisions/s (${f2(access.microseconds)} µs/decision)`,
)}
${cells(
  "`tenet check` (shipped policy library, csv), --jobs 1",
  `${f2(one.seconds)} s (${int(one.rate)} devices/s, ${f1((100 * bareMs) / 1000 / one.seconds)}% of bare parse), ` +
    `peak RSS ${one.rss} MB`,
)}
${cells(
  "`tenet check`, --jobs 2",
  `${f2(two.seconds)} s (${int(two.rate)} devices/s, ${f2(one.seconds / two.seconds)}x one job), peak RSS ${two.rss} MB`,
)}`;

const peerTable = `| engine | devices | µs/device | devices/s | vs hand-written |
|---|---|---|---|---|
${peers.map((r) => `| ${r.engine} | ${int(r.devices)} | ${f2(r.microseconds)} | ${int(r.perSecond)} | ${f1(r.ratio)}x |`).join("\n")}`;

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const measuredLine = [
  `Measured by \`pnpm bench${quick ? ":quick" : ""}\` (packages/bench/src/run.ts) on`,
  `${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores,`,
  `${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()}`,
  `${os.release()}; load average ${f1(loadAvg)} when the run started (the machine is shared, so single`,
  `figures move by tens of percent between runs; compare figures from one run).`,
].join(" ");

const methodLine = [
  `Method: \`process.hrtime.bigint\`, warm-up runs first, then ${REPS} repetitions; medians and 95th`,
  `percentiles (nearest rank). Every fleet is generated with a fixed seed`,
  `(\`packages/bench/src/fleet.ts\`, cached in \`.bench-cache/\`). The engines take turns within each`,
  `repetition.`,
].join(" ");

const workloadText = [
  `The benchmark policy set (\`packages/bench/src/policies.ts\`): five compliance policies (Windows,`,
  `macOS, iOS/iPadOS, Android, every device) with 41 rules: version minimums, enums and ordered enums,`,
  `dates and datetimes (\`within\`), \`in\` lists, \`startsWith\`/\`endsWith\`/\`matches\`,`,
  `\`any\`/\`all\` over installed apps, lets used as values and as conditions, rule \`when\`, \`on`,
  `unknown\`, advisory and hard rules, grace periods, a scoped waiver. The hand-written baseline`,
  `(\`handWrittenEvaluate\`) implements the same rules, states, grace periods, waiver and default`,
  `policy in plain TypeScript; \`policies.test.ts\` checks that it gives the same device state, policy`,
  `states and rule outcomes as Tenet on 2,000 generated devices. The fleet mixes platforms (55%`,
  `Windows), versions at and around the minimums, and a tail of missing and malformed facts.`,
].join(" ");

const resultText = [
  `Tenet's result is a full \`DeviceResult\` (per-policy states, default policy, grace and actions, the`,
  `next-state record, hashes). With \`rules: "failures"\` its rule lists hold only the rules that did`,
  `not pass, which is what the hand-written loop returns (device state, policy states and the rules`,
  `that did not pass); without it every rule's outcome is listed.`,
].join(" ");

const breakdownText = [
  `On the Windows baseline the compiled conditions alone (safe own-property lookups, Kleene logic) take`,
  `${f2(med(winConditions))} µs/device (${f2(med(winConditions) / med(winHand))}x the hand-written`,
  `loop); the other ${f2(med(winTenet) - med(winConditions))} µs/device build the full result the`,
  `hand-written function does not (${f2(med(winFailures) - med(winConditions))} µs/device with \`rules:`,
  `"failures"\`): one \`RuleResult\` per listed rule, the policy result, the built-in default policy`,
  `(which parses \`lastSyncDateTime\`), grace and action bookkeeping, the next-state record and the`,
  `replay fields. On the five-policy set, whose hand-written twin also returns policy states and`,
  `failing rules, Tenet takes ${f2(med(failures) / med(hand))}x its time with \`rules: "failures"\` and`,
  `${f2(med(tenet) / med(hand))}x listing every rule.`,
].join(" ");

const explainCostText = [
  `Explanations cost ${f2(med(explain) - med(tenet))} µs/device more than \`explain: false\` on this`,
  `fleet (they re-walk each failed or errored rule to collect actual values, expectations, fixes and`,
  `remediation text).`,
].join(" ");

const peerText = [
  `The same twelve Windows checks (OS build, encryption, BitLocker, Secure Boot, firewall, antivirus,`,
  `real-time protection, signatures, threat level at most medium, password length, TPM, check-in within`,
  `30 days; \`packages/bench/src/peer-checks.ts\`) in every engine, each producing the list of failing`,
  `checks. \`packages/bench/src/peers.test.ts\` checks that every engine agrees with Tenet on every`,
  `device (complete, well-formed Windows devices: the engines treat missing facts differently).`,
  `Versions: json-logic-js 2.0.5, json-rules-engine 7.3.1 (asynchronous; timed over 5,000 devices),`,
  `@bufbuild/cel 0.6.1, @cedar-policy/cedar-wasm 4.13.0 (the request context is built from each device`,
  `inside the timed call; Node runs it with \`--no-turbo-inline-js-wasm-calls\`). The \`tenet\` row`,
  `asks for the failed-rule list (\`rules: "failures"\`) and still computes policy and device states,`,
  `the default policy, grace and actions; \`tenet (full result)\` lists every rule's outcome as well.`,
].join(" ");
// Each generated part replaces its own marked section; hand-written notes between them are kept.
const sections: [string, string][] = [
  ["run:intro", `${measuredLine}\n\n${methodLine}\n\n## Workload\n\n${workloadText}`],
  [
    "run:parse",
    `## Parse, check, compile\n\n${parseTable}\n\n` +
      `(For the 1,000-rule file each repetition is one call, so its p95 is the slowest of ${REPS}.)`,
  ],
  ["run:evaluation", `## Evaluation\n\n${resultText}\n\n${evalTable}\n\n${breakdownText}\n\n${explainCostText}`],
  ["per-device", perDevice],
  ["run:stream", `## Streaming and end to end\n\n${streamTable}`],
  ["run:peers", `## Peer engines\n\n${peerText}\n\n${peerTable}\n\nParser-only figures: \`pnpm bench:parse\`.`],
];
const path = `${root}docs/benchmarks.md`;
const start = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
writeFileSync(
  path,
  sections.reduce((doc, [name, body]) => replaceSection(doc, name, body), start),
);
console.log([parseTable, evalTable, streamTable, peerTable].join("\n\n"));
if (sink === -1) console.log(sink);
