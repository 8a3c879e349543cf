// What reading the previous run (`store.previousRun()`, the open spans `check --history` starts
// from) costs on a PostgreSQL server, paired against another build: a server started here holds
// bench-daily's day 0, recorded by this build's CLI and analyzed as autovacuum would have by the next
// day; each sample is a fresh process that opens the store and reads it once, the builds
// alternating. Client CPU is that process's over the read (process.cpuUsage), server CPU its
// processes' over the whole sample (parallel workers included). Both builds must read the same spans
// (ids, hashes and previous states in id order): any difference stops the run. Usage:
// TENET_HISTORY_BASE=<other build's @tenet/history dist/index.js> node bench-previous-run.mjs
// [DEVICES] [ROUNDS]. The fleet is bench-daily's (written if missing).
import { execFileSync, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze, checkArgs, dailyInputs, load, measure, serverCpu, startPostgres } from "./bench-support.mjs";

if (process.argv[2] === "--read") {
  // One sample: the read, then what was read as one line for the comparison.
  const { HistoryStore } = await import(process.argv[3]);
  const store = await HistoryStore.open(process.argv[4], { tool: "bench" });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const run = await store.previousRun();
  const used = process.cpuUsage(cpu);
  const wall = (performance.now() - started) / 1000;
  await store.close();
  const p = run.packed;
  const spans = Array.from(p.stateOf, (s, i) =>
    [0, 1, 2].map((f) => p.text.slice(p.start[3 * i + f], p.end[3 * i + f])).concat(JSON.stringify(p.states[s])),
  );
  const { createHash } = await import("node:crypto");
  const digest = createHash("sha256").update(JSON.stringify(spans)).digest("hex");
  console.log(JSON.stringify({ cpu: (used.user + used.system) / 1e6, wall, digest }));
  process.exit(0);
}

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 9);
const builds = {
  base: process.env.TENET_HISTORY_BASE,
  this: new URL("../dist/index.js", import.meta.url).href,
};
if (builds.base === undefined) throw new Error("TENET_HISTORY_BASE must name the other build's dist/index.js");
const { policy, days } = dailyInputs(join(tmpdir(), `tenet-bench-daily-${N}`), N);
const server = await startPostgres();
try {
  measure(checkArgs(new URL("../../cli/dist/bin/tenet.js", import.meta.url).pathname, policy, days[0], 0, server.url));
  await analyze(server.url);
  const got = { base: [], this: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const build of round % 2 === 0 ? ["base", "this"] : ["this", "base"]) {
      const before = serverCpu(server.dataDir);
      const out = execFileSync(process.execPath, [import.meta.filename, "--read", builds[build], server.url], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      // The backend exits once the client has gone; let the postmaster reap it (and its workers) first.
      spawnSync("sleep", ["0.3"]);
      got[build].push({ ...JSON.parse(out), server: serverCpu(server.dataDir) - before });
    }
    if (got.base[round].digest !== got.this[round].digest)
      throw new Error(`round ${round}: the builds read different spans`);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const spread = (xs) =>
    `${(1000 * median(xs)).toFixed(0)} (${(1000 * Math.min(...xs)).toFixed(0)}-${(1000 * Math.max(...xs)).toFixed(0)})`;
  console.log(`previous run of ${N} devices on a server, ${ROUNDS} rounds, load ${load()}, ms: median (range)`);
  for (const key of ["cpu", "server", "wall"])
    console.log(
      `  ${key === "cpu" ? "client CPU" : key === "server" ? "server CPU" : "wall"}: other ${spread(got.base.map((r) => r[key]))}, ` +
        `this ${spread(got.this.map((r) => r[key]))}`,
    );
} finally {
  await server.stop();
}
