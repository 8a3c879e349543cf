// bench-daily's `check --history` of day 1 (a store holding day 0) by two builds, paired: in each
// round both run on fresh copies of one store, the order alternating, so a change too small for
// bench-daily's spread (it pairs `check` with `check --history` of one build) shows as a ratio of the
// builds' CPU (wall and peak RSS beside it). Whole CLI processes under /usr/bin/time, CPU = user +
// system of all threads; on a server its own CPU is counted apart. Usage: TENET_CLI_BASE=<other
// build's tenet.js> node bench-daily-pair.mjs [DEVICES] [ROUNDS] [ENGINE] (TENET_CLI: this build's by
// default). ENGINE is embedded (the default) or postgres: a server started here, the day-0 database
// analyzed as autovacuum would have by the next day, each copy a database made from it as a
// template. The fleet is bench-daily's (written if missing), under TMPDIR like it.
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { analyze, checkArgs, dailyInputs, load, measure, serverCpu, startPostgres } from "./bench-support.mjs";

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const ENGINE = process.argv[4] ?? "embedded";
const builds = {
  base: process.env.TENET_CLI_BASE,
  this: process.env.TENET_CLI ?? new URL("../../cli/dist/bin/tenet.js", import.meta.url).pathname,
};
if (builds.base === undefined) throw new Error("TENET_CLI_BASE must name the other build's tenet.js");
if (!["embedded", "postgres"].includes(ENGINE)) throw new Error(`ENGINE must be embedded or postgres, not ${ENGINE}`);
const dir = join(tmpdir(), `tenet-bench-daily-${N}`);
const { policy, days } = dailyInputs(dir, N);

/** The day-0 store both builds continue, recorded once by the other build, and fresh copies of it. */
async function stores() {
  if (ENGINE === "embedded") {
    const store = join(dir, "pair-store");
    rmSync(store, { recursive: true, force: true });
    measure(checkArgs(builds.base, policy, days[0], 0, store));
    return {
      copy: async (name) => {
        const copy = join(dir, `pair-store-${name}`);
        cpSync(store, copy, { recursive: true });
        return { location: copy, drop: async () => rmSync(copy, { recursive: true, force: true }) };
      },
      stop: async () => rmSync(store, { recursive: true, force: true }),
      serverCpu: () => 0,
    };
  }
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url.replace(/\/bench$/, "/postgres") });
  await admin.connect();
  measure(checkArgs(builds.base, policy, days[0], 0, server.url));
  await analyze(server.url);
  return {
    copy: async (name) => {
      await admin.query(`CREATE DATABASE pair_${name} TEMPLATE bench`);
      return {
        location: server.url.replace(/\/bench$/, `/pair_${name}`),
        drop: () => admin.query(`DROP DATABASE pair_${name}`),
      };
    },
    stop: async () => {
      await admin.end();
      await server.stop();
    },
    serverCpu: () => serverCpu(server.dataDir),
  };
}

const source = await stores();
const runs = { base: [], this: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const build of round % 2 === 0 ? ["base", "this"] : ["this", "base"]) {
      const copy = await source.copy(build);
      const before = source.serverCpu();
      const run = measure(checkArgs(builds[build], policy, days[1], 1, copy.location));
      // The backend exits once the client has gone; let the postmaster reap it before reading.
      if (ENGINE === "postgres") spawnSync("sleep", ["0.5"]);
      runs[build].push({ ...run, server: source.serverCpu() - before });
      await copy.drop();
    }
    const [other, own] = [runs.base[round], runs.this[round]];
    console.log(
      `round ${round}: CPU other ${other.cpu.toFixed(2)} s, this ${own.cpu.toFixed(2)} s; wall ${other.wall.toFixed(2)}, ` +
        `${own.wall.toFixed(2)} s; peak RSS ${other.rss.toFixed(0)}, ${own.rss.toFixed(0)} MiB; load ${load()}`,
    );
  }
} finally {
  await source.stop();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs, digits = 3) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;
console.log(`check --history of day 1 (${ENGINE}), ${N} devices, ${ROUNDS} rounds`);
for (const [what, unit, digits] of [
  ["cpu", "CPU s", 3],
  ["wall", "wall s", 3],
  ["rss", "peak RSS MiB", 0],
  ...(ENGINE === "postgres" ? [["server", "the server's CPU s", 3]] : []),
]) {
  const [other, own] = [runs.base.map((r) => r[what]), runs.this.map((r) => r[what])];
  console.log(
    `  ${unit}: other build ${spread(other, digits)}, this build ${spread(own, digits)}; ` +
      `paired ratio this/other ${spread(own.map((x, i) => x / other[i]))}`,
  );
}
