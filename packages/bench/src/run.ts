// `pnpm bench`: measures evaluation against a hand-written baseline and end-to-end `tenet check`
// on a generated fleet, then writes docs/benchmarks.md. Figures are measured here, never asserted.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import { createReadStream } from "node:fs";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { deviceGenerator, writeFleet } from "./fleet.js";
import { handWrittenWindows } from "./hand-written.js";
import { benchAccess } from "./access-bench.js";
import { benchPeers } from "./peer-bench.js";

const root = new URL("../../../", import.meta.url).pathname;
const quick = process.argv.includes("--quick");
const FLEET = quick ? 100_000 : 1_000_000;
const NOW = "2026-11-25T12:00:00Z";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

// 1. Evaluation: Tenet's compiled Windows baseline vs the same rules written by hand.
const text = readFileSync(`${root}policies/compliance/windows.tenet`, "utf8");
const compiled = compile(loadPolicySources([{ path: "windows.tenet", text }]).value);
const next = deviceGenerator(5);
const devices: Record<string, unknown>[] = [];
for (let i = 0; devices.length < 50_000; i++) {
  const d = next(i);
  if (d["operatingSystem"] === "Windows") devices.push(d);
}
const runs = 7;
let sink = 0;
const tenetMs = median(Array.from({ length: runs }, () => time(() => { for (const d of devices) sink += evaluate(compiled, d, { now: NOW, explain: false }).policies.length; })));
const explainMs = median(Array.from({ length: runs }, () => time(() => { for (const d of devices) sink += evaluate(compiled, d, { now: NOW }).policies.length; })));
const handMs = median(Array.from({ length: runs }, () => time(() => { for (const d of devices) sink += handWrittenWindows(d).fail.length; })));
const us = (ms: number) => (ms * 1000) / devices.length;

// 2. End to end: tenet check over an NDJSON fleet, against a bare readline + JSON.parse.
mkdirSync(`${root}.bench-cache`, { recursive: true });
const fleet = `${root}.bench-cache/fleet-${FLEET}.ndjson`;
if (!existsSync(fleet)) await writeFleet(fleet, FLEET, 42);
const bareStart = Date.now();
for await (const line of createInterface({ input: createReadStream(fleet), crlfDelay: Infinity })) if (line !== "") sink += (JSON.parse(line) as object) === null ? 1 : 0;
const bareS = (Date.now() - bareStart) / 1000;
const runStats = (jobs: number) => {
  const r = execFileSync("sh", ["-c", `node ${root}packages/cli/dist/main.js check -p ${root}policies ${fleet} --now ${NOW} --format csv --jobs ${jobs} --stats -o /dev/null --fail-on never 2>&1 >/dev/null`], { encoding: "utf8" });
  const m = /in ([\d.]+) s \((\d+)\/s\), jobs \d+, peak RSS (\d+) MB/.exec(r);
  return { seconds: Number(m?.[1]), rate: Number(m?.[2]), rss: Number(m?.[3]) };
};
const access = benchAccess(quick ? 20_000 : 100_000);
const peers = await benchPeers(quick ? 20_000 : 100_000);
const peerTable = `| engine | devices | µs/device | devices/s | vs hand-written |
|---|---|---|---|---|
${peers.map((r) => `| ${r.engine} | ${r.devices.toLocaleString("en-US")} | ${r.microseconds.toFixed(2)} | ${r.perSecond.toLocaleString("en-US")} | ${r.ratio.toFixed(1)}x |`).join("\n")}`;
const one = runStats(1);
const two = runStats(2);

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const table = `| measurement | figure |
|---|---|
| Windows baseline (10 rules), Tenet \`evaluate\`, explain off | ${f2(us(tenetMs))} µs/device (${Math.round(devices.length / (tenetMs / 1000)).toLocaleString("en-US")} devices/s) |
| same, explanations on (default) | ${f2(us(explainMs))} µs/device |
| same rules hand-written in TypeScript | ${f2(us(handMs))} µs/device |
| Tenet / hand-written | ${f1(tenetMs / handMs)}x |
| access: 50 policies with device filters, ${access.count.toLocaleString("en-US")} generated sign-ins | ${access.perSecond.toLocaleString("en-US")} decisions/s (${f2(access.microseconds)} µs/decision) |
| ${FLEET.toLocaleString("en-US")} devices NDJSON: bare readline + \`JSON.parse\` | ${f2(bareS)} s (${Math.round(FLEET / bareS).toLocaleString("en-US")} lines/s) |
| \`tenet check\` (shipped library, csv), --jobs 1 | ${f2(one.seconds)} s (${one.rate.toLocaleString("en-US")} devices/s, ${f1((100 * bareS) / one.seconds)}% of bare parse), peak RSS ${one.rss} MB |
| \`tenet check\`, --jobs 2 | ${f2(two.seconds)} s (${two.rate.toLocaleString("en-US")} devices/s, ${f2(one.seconds / two.seconds)}x one job), peak RSS ${two.rss} MB |`;

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const doc = `# Benchmarks

Measured by \`pnpm bench\` (packages/bench/src/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}.
Each evaluation figure is the median of ${runs} runs over ${devices.length.toLocaleString("en-US")} generated Windows devices; the fleet is generated with a fixed seed.
The hand-written baseline is checked against Tenet in \`packages/bench/src/hand-written.test.ts\` (same failing and erroring rules on 2,000 devices).

${table}

## Peer engines

The same twelve Windows checks (OS build, encryption, BitLocker, Secure Boot, firewall, antivirus, real-time protection, signatures, threat level at most medium, password length, TPM, check-in within 30 days; \`packages/bench/src/peer-checks.ts\`) in every engine, each producing the list of failing checks. \`packages/bench/src/peers.test.ts\` checks that every engine agrees with Tenet on every device (complete, well-formed Windows devices: the engines treat missing facts differently). Versions: json-logic-js 2.0.5, json-rules-engine 7.3.1 (asynchronous; timed over 5,000 devices), @bufbuild/cel 0.6.1, @cedar-policy/cedar-wasm 4.13.0 (the request context is built from each device inside the timed call; Node runs it with \`--no-turbo-inline-js-wasm-calls\`). Tenet's figure includes assembling its full result (per-rule outcomes, default policy, grace and actions).

${peerTable}

Parsing figures: \`pnpm bench:parse\` (see README).
`;
writeFileSync(`${root}docs/benchmarks.md`, doc);
console.log(table);
console.log(peerTable);
if (sink === -1) console.log(sink);
