// pnpm bench:daily — what `tenet check --history` adds to `tenet check` on a daily run, end to end.
// A store holds the first run of DEVICES devices (bench-support's fleet); then the next day's fleet
// (every device checked in, 2% changed) is checked with and without --history, side by side in each
// round (the order alternates, each --history run on a fresh copy of the one-run store). Whole CLI
// processes under /usr/bin/time: CPU = user + system of all their threads. A PostgreSQL server's own
// CPU (its processes, from /proc) is counted apart. Usage: node bench-daily.mjs [DEVICES] [ROUNDS]
// [ENGINES] (default 100000 3 embedded,postgres). TENET_CLI runs another build's tenet.js (to pair
// with an earlier version); NODE_OPTIONS=--cpu-prof profiles the runs.
import { spawnSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { checkArgs, dailyInputs, load, measure, serverCpu, startPostgres } from "./bench-support.mjs";

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const ENGINES = (process.argv[4] ?? "embedded,postgres").split(",");
const cli = process.env.TENET_CLI ?? new URL("../../cli/dist/bin/tenet.js", import.meta.url).pathname;
const dir = join(tmpdir(), `tenet-bench-daily-${N}`);

const { policy, days } = dailyInputs(dir, N);
const check = (fleet, day, history) => checkArgs(cli, policy, fleet, day, history);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

/** Rounds of check and check --history on a fresh copy of the one-run store, paired. */
async function rounds(engine, fresh, server) {
  const got = [];
  const loads = [load()];
  for (let round = 0; round < ROUNDS; round++) {
    const store = await fresh(round);
    const plain = () => measure(check(days[1], 1));
    const history = () => {
      const before = server === undefined ? 0 : serverCpu(server);
      const m = measure(check(days[1], 1, store.location));
      // The backend exits once the client has gone; let the postmaster reap it before reading.
      if (server !== undefined) spawnSync("sleep", ["0.5"]);
      return { ...m, server: server === undefined ? 0 : serverCpu(server) - before };
    };
    let a, b;
    if (round % 2 === 0) [a, b] = [plain(), history()];
    else [b, a] = [history(), plain()];
    got.push({ plain: a, history: b, ratio: b.cpu / a.cpu, withServer: (b.cpu + b.server) / a.cpu });
    await store.drop();
    loads.push(load());
  }
  const col = (pick) => got.map(pick);
  console.log(`\n${engine}, ${N.toLocaleString("en")} devices, ${ROUNDS} rounds, load ${loads.join(" -> ")}`);
  console.log("| run | CPU s (median, range) | wall s (median, range) | peak RSS MiB (max) |\n|---|---|---|---|");
  for (const [name, pick] of [
    ["check", (r) => r.plain],
    ["check --history", (r) => r.history],
  ])
    console.log(
      `| ${name} | ${median(col((r) => pick(r).cpu)).toFixed(2)} (${range(col((r) => pick(r).cpu))}) | ` +
        `${median(col((r) => pick(r).wall)).toFixed(2)} (${range(col((r) => pick(r).wall))}) | ` +
        `${Math.max(...col((r) => pick(r).rss)).toFixed(0)} |`,
    );
  console.log(
    `CPU ratio, paired per round: ${median(col((r) => r.ratio)).toFixed(2)}x (${range(col((r) => r.ratio))})` +
      (server === undefined
        ? ""
        : `; with the server's CPU: ${median(col((r) => r.withServer)).toFixed(2)}x ` +
          `(${range(col((r) => r.withServer))}), server ${range(col((r) => r.history.server))} s`),
  );
}

if (ENGINES.includes("embedded")) {
  const base = join(dir, "store-embedded");
  rmSync(base, { recursive: true, force: true });
  const first = measure(check(days[0], 0, base));
  console.log(`embedded: first run recorded in ${first.wall.toFixed(1)} s wall, ${first.cpu.toFixed(1)} s CPU`);
  await rounds("embedded", (round) => {
    const location = join(dir, `store-embedded-${round}`);
    cpSync(base, location, { recursive: true });
    return { location, drop: () => rmSync(location, { recursive: true, force: true }) };
  });
  rmSync(base, { recursive: true, force: true });
}
if (ENGINES.includes("postgres")) {
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url.replace(/\/bench$/, "/postgres") });
  try {
    await admin.connect();
    const first = measure(check(days[0], 0, server.url));
    console.log(`postgres: first run recorded in ${first.wall.toFixed(1)} s wall, ${first.cpu.toFixed(1)} s CPU`);
    await rounds(
      "postgres",
      async (round) => {
        // A copy of the one-run store: a database made from it as a template.
        await admin.query(`CREATE DATABASE round${round} TEMPLATE bench`);
        return {
          location: server.url.replace(/\/bench$/, `/round${round}`),
          drop: () => admin.query(`DROP DATABASE round${round}`),
        };
      },
      server.dataDir,
    );
  } finally {
    await admin.end();
    await server.stop();
  }
}
