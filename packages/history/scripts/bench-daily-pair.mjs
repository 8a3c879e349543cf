// bench-daily's `check --history` of day 1 (embedded store holding day 0) by two builds, paired: in each
// round both run on fresh copies of one store, the order alternating, so a change too small for
// bench-daily's spread (it pairs `check` with `check --history` of one build) shows as a ratio of the
// builds' CPU. Whole CLI processes under /usr/bin/time, CPU = user + system of all threads. Usage:
// TENET_CLI_BASE=<other build's tenet.js> node bench-daily-pair.mjs [DEVICES] [ROUNDS] (TENET_CLI: this
// build's by default). The fleet is bench-daily's (written if missing), under TMPDIR like it.
import { cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkArgs, dailyInputs, load, measure } from "./bench-support.mjs";

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const builds = {
  base: process.env.TENET_CLI_BASE,
  this: process.env.TENET_CLI ?? new URL("../../cli/dist/bin/tenet.js", import.meta.url).pathname,
};
if (builds.base === undefined) throw new Error("TENET_CLI_BASE must name the other build's tenet.js");
const dir = join(tmpdir(), `tenet-bench-daily-${N}`);
const { policy, days } = dailyInputs(dir, N);

// The day-0 store both builds continue, recorded once by the other build.
const store = join(dir, "pair-store");
rmSync(store, { recursive: true, force: true });
measure(checkArgs(builds.base, policy, days[0], 0, store));
const cpu = { base: [], this: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const build of round % 2 === 0 ? ["base", "this"] : ["this", "base"]) {
    const copy = join(dir, `pair-store-${build}`);
    cpSync(store, copy, { recursive: true });
    cpu[build].push(measure(checkArgs(builds[build], policy, days[1], 1, copy)).cpu);
    rmSync(copy, { recursive: true, force: true });
  }
  console.log(
    `round ${round}: other ${cpu.base[round].toFixed(2)} s, this ${cpu.this[round].toFixed(2)} s, load ${load()}`,
  );
}
rmSync(store, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs) => `${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)})`;
console.log(`check --history of day 1, ${N} devices, ${ROUNDS} rounds, CPU s: other build ${spread(cpu.base)}`);
console.log(
  `  this build ${spread(cpu.this)}; paired ratio this/other ${spread(cpu.this.map((c, i) => c / cpu.base[i]))}`,
);
