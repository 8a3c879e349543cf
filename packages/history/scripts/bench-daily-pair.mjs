// bench-daily's `check --history` of day 1 (embedded store holding day 0) by two builds, paired: in each
// round both run on fresh copies of one store, the order alternating, so a change too small for
// bench-daily's spread (it pairs `check` with `check --history` of one build) shows as a ratio of the
// builds' CPU (wall and peak RSS beside it). Whole CLI processes under /usr/bin/time, CPU = user +
// system of all threads. Usage:
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
const runs = { base: [], this: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const build of round % 2 === 0 ? ["base", "this"] : ["this", "base"]) {
    const copy = join(dir, `pair-store-${build}`);
    cpSync(store, copy, { recursive: true });
    runs[build].push(measure(checkArgs(builds[build], policy, days[1], 1, copy)));
    rmSync(copy, { recursive: true, force: true });
  }
  const [other, own] = [runs.base[round], runs.this[round]];
  console.log(
    `round ${round}: CPU other ${other.cpu.toFixed(2)} s, this ${own.cpu.toFixed(2)} s; wall ${other.wall.toFixed(2)}, ` +
      `${own.wall.toFixed(2)} s; peak RSS ${other.rss.toFixed(0)}, ${own.rss.toFixed(0)} MiB; load ${load()}`,
  );
}
rmSync(store, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs, digits = 3) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;
console.log(`check --history of day 1, ${N} devices, ${ROUNDS} rounds`);
for (const [what, unit, digits] of [
  ["cpu", "CPU s", 3],
  ["wall", "wall s", 3],
  ["rss", "peak RSS MiB", 0],
]) {
  const [other, own] = [runs.base.map((r) => r[what]), runs.this.map((r) => r[what])];
  console.log(
    `  ${unit}: other build ${spread(other, digits)}, this build ${spread(own, digits)}; ` +
      `paired ratio this/other ${spread(own.map((x, i) => x / other[i]))}`,
  );
}
