// `tenet check` end to end against the floor, whole processes measured side by side: every
// round runs the floor (a bare readline + JSON.parse loop over the same NDJSON file), then
// `check -p policies FLEET --format F -o /dev/null` with --jobs 1 and --jobs 2 (the order
// rotates between rounds, so a change in the machine's load does not favour one), under
// /usr/bin/time for CPU (user + system, all threads), wall time and peak RSS. Prints, per
// fleet size, medians with ranges and each run's CPU and wall ratio to the floor of its round.
// Usage: node bench-check.mjs [ROUNDS] [COUNT ...] (default 3 rounds of 1,000,000 and 2,000,000
// devices; fleets are generated once into .bench-cache/). BENCH_FORMAT=table|csv|... (default csv).
// BENCH_BASE=DIR (another built checkout, e.g. a `git worktree` of main) adds that build's --jobs 1 and
// --jobs 2 to every round, for a paired comparison of two builds on a shared machine.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";

const root = new URL("../../../", import.meta.url).pathname;
const { ensureFleet, FLEET_NOW } = await import(`${root}packages/bench/dist/fleet.js`);
const [roundsArg, ...counts] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 3);
const sizes = counts.length > 0 ? counts.map(Number) : [1_000_000, 2_000_000];
const format = process.env.BENCH_FORMAT ?? "csv";
const base = process.env.BENCH_BASE?.replace(/\/?$/, "/");
const FLOOR = `const input = require("node:fs").createReadStream(process.argv[1]);
const rl = require("node:readline").createInterface({ input, crlfDelay: Infinity });
let n = 0; rl.on("line", (l) => { if (l !== "") { JSON.parse(l); n++; } }); rl.on("close", () => console.error(n));`;

/** One process under /usr/bin/time: CPU and wall seconds, peak RSS in MiB. */
function measure(args) {
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", process.execPath, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const line = r.stderr.split("\n").find((l) => l.startsWith("TIME "));
  if (line === undefined || (r.status !== 0 && r.status !== 1)) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  const [wall, user, sys, rssKb] = line.split(" ").slice(1).map(Number);
  return { cpu: user + sys, wall, rss: rssKb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
for (const size of sizes) {
  const fleet = await ensureFleet(size);
  // Paths stay single arguments whatever they hold; the options are split on spaces.
  const check = (jobs, dir = root) => [
    `${dir}packages/cli/dist/bin/tenet.js`,
    "check",
    "-p",
    `${dir}policies`,
    fleet,
    ...`--now ${FLEET_NOW} --format ${format} --fail-on never -o /dev/null --jobs ${jobs}`.split(" "),
  ];
  const runs = { floor: ["-e", FLOOR, fleet], "--jobs 1": check(1), "--jobs 2": check(2) };
  if (base !== undefined) Object.assign(runs, { "base --jobs 1": check(1, base), "base --jobs 2": check(2, base) });
  const names = Object.keys(runs);
  const got = Object.fromEntries(names.map((n) => [n, []]));
  const load = [loadavg()[0]];
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const results = Object.fromEntries(order.map((n) => [n, measure(runs[n])]));
    for (const n of names)
      got[n].push({
        ...results[n],
        cpuRatio: results[n].cpu / results.floor.cpu,
        wallRatio: results[n].wall / results.floor.wall,
      });
    load.push(loadavg()[0]);
  }
  console.log(
    `\n${size.toLocaleString("en")} devices, --format ${format}, ${rounds} rounds, load average ` +
      `${load.map((l) => l.toFixed(1)).join(" -> ")}`,
  );
  console.log(
    "| run | CPU s (median, range) | wall s (median, range) | peak RSS MiB (max) | CPU x floor | wall x " +
      "floor | floor's share of CPU |\n|---|---|---|---|---|---|---|",
  );
  for (const n of names) {
    const xs = got[n];
    const cpu = xs.map((x) => x.cpu);
    const wall = xs.map((x) => x.wall);
    const cpuRatio = xs.map((x) => x.cpuRatio);
    const wallRatio = xs.map((x) => x.wallRatio);
    console.log(
      `| ${n} | ${median(cpu).toFixed(2)} (${range(cpu)}) | ${median(wall).toFixed(2)} (${range(wall)}) ` +
        `| ${Math.max(...xs.map((x) => x.rss)).toFixed(0)} | ${median(cpuRatio).toFixed(2)}x ` +
        `(${range(cpuRatio)}) | ${median(wallRatio).toFixed(2)}x (${range(wallRatio)}) | ` +
        `${(100 / median(cpuRatio)).toFixed(0)}% |`,
    );
  }
  for (const prefix of base === undefined ? [""] : ["", "base "]) {
    const speedup = got[`${prefix}--jobs 1`].map((x, i) => x.wall / got[`${prefix}--jobs 2`][i].wall);
    console.log(
      `${prefix}--jobs 2 wall speed-up over --jobs 1, paired per round: ${median(speedup).toFixed(2)}x (${range(speedup)})`,
    );
  }
  for (const jobs of base === undefined ? [] : [1, 2]) {
    const ratio = got[`--jobs ${jobs}`].map((x, i) => x.wall / got[`base --jobs ${jobs}`][i].wall);
    console.log(
      `--jobs ${jobs} wall against the base build, paired per round: ${median(ratio).toFixed(3)}x (${range(ratio)})`,
    );
  }
}
