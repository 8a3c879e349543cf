// pnpm bench:floor — what a daily `check --history` on the embedded engine cannot avoid, measured
// apart from Tenet's own code, against `check`'s CPU (issue 15 asks the daily run to add under 20%).
// On bench-daily's store: PGlite's start (its module loaded and the engine started, nothing
// queried), the least this schema's run writes (in raw SQL: the run's row and tallies, its volatile
// fields, the changed devices' new snapshots, their spans closed and opened, in one transaction) and
// the shutdown checkpoint that makes it durable. Then the least conceivable store that keeps each
// device's history (one narrow table keyed by device and run: every open row read, a row added per
// changed device, nothing updated, no foreign key), whatever Tenet's schema. And one sha256 per
// device over its whole line, less than a content address needs (its stable part is cut out first).
// Whatever Tenet does besides (capturing outcomes, tallies, the audit chain) only adds to these.
// DEVICES devices, day 1 with 2% changed. Each part runs in a child process of its own (CPU of that
// process, user + system, from just before the part to just after it); ROUNDS of each, medians.
// Usage: node bench-floor.mjs [DEVICES] [ROUNDS].
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuUsage } from "node:process";
import { setFlagsFromString } from "node:v8";
import { gzipSync } from "node:zlib";
import { changedIndices, checkArgs, dailyInputs, device, load, measure, ndjsonLines } from "./bench-support.mjs";

const cpuMs = () => {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
};

/** PGlite on `dir` as a daily run opens it: Liftoff only, the pool given (a daily run sizes it to the store, 16-32 MB). */
async function openPglite(dir, poolMb) {
  const { PGlite } = await import("@electric-sql/pglite");
  return PGlite.create(`file://${dir}`, {
    startParams: [
      ...PGlite.defaultStartParams,
      ...["-c", "max_wal_size=64MB", "-c", "min_wal_size=32MB", "-c", `shared_buffers=${poolMb}MB`],
    ],
  });
}

/** The parts, each run in a child: `--part NAME ...` prints its CPU milliseconds as JSON. */
const PARTS = {
  async start(dir, poolMb) {
    const before = cpuMs();
    const db = await openPglite(dir, Number(poolMb));
    const ms = cpuMs() - before;
    await db.close();
    return { ms };
  },
  async write(dir, poolMb, changesFile) {
    const db = await openPglite(dir, Number(poolMb));
    const { ids, snapshots, volatile } = JSON.parse(readFileSync(changesFile, "utf8"));
    const [last] = (await db.query("SELECT * FROM runs ORDER BY id DESC LIMIT 1")).rows;
    const run = last.id + 1;
    // Sent as Tenet sends them: bulk rows by COPY, the volatile body as base64 text (PGlite's client
    // encodes a bytea parameter byte by byte), the changed devices as two arrays.
    const body = gzipSync(volatile, { level: 3 }).toString("base64");
    const hashes = snapshots.map((s) => hash("sha256", s, "hex"));
    const csv = snapshots.map((s, i) => `${hashes[i]},"${s.replaceAll('"', '""')}"`).join("\n");
    // Statement by statement in one transaction, each step's CPU apart.
    const steps = {};
    let at = cpuMs();
    const step = async (name, sql, params, options) => {
      await db.query(sql, params, options);
      const now = cpuMs();
      steps[name] = (steps[name] ?? 0) + now - at;
      at = now;
    };
    const before = at;
    await step("begin", "BEGIN");
    await step(
      "run row and tallies",
      `INSERT INTO runs SELECT $1, at, tenant, policy_set_hash, tenant_hash, groups_hash, engine_version, devices, ` +
        `counts, content_hash, row_hash, $2, redacted FROM runs WHERE id = $3`,
      [run, hash("sha256", String(run), "hex"), last.id],
    );
    await step(
      "run row and tallies",
      "INSERT INTO run_tallies SELECT $1, dimension, key, state, devices FROM run_tallies WHERE run_id = $2",
      [run, last.id],
    );
    await step("volatile fields", "INSERT INTO run_volatile VALUES ($1, $2, decode($3, 'base64'))", [
      run,
      hash("sha256", volatile, "hex"),
      body,
    ]);
    await step("new snapshots (COPY)", "COPY snapshots (hash, body) FROM '/dev/blob' WITH (FORMAT csv)", [], {
      blob: new Blob([csv]),
    });
    // Each changed device's open span is closed and a new one opened on its new snapshot.
    await step(
      "spans closed and opened",
      `WITH closed AS (UPDATE device_spans SET to_run = $1 WHERE to_run IS NULL AND device_id = ANY($2) RETURNING *)
       INSERT INTO device_spans SELECT c.device_id, $1, NULL, n.hash, c.outcome_hash, c.outcome_ref, c.platform,
         c.state, c.name, c.failing, c.first_found FROM closed c JOIN unnest($2::text[], $3::text[]) AS n(id, hash)
         ON n.id = c.device_id`,
      [run, ids, hashes],
    );
    await step("commit", "COMMIT");
    const written = cpuMs();
    await db.close();
    return { ms: written - before, closeMs: cpuMs() - written, steps };
  },
  // The least conceivable store that keeps each device's history: one narrow table keyed by device
  // and run. A daily run reads every device's open row and adds a row per changed device.
  async least(dir, poolMb, changesFile) {
    const { ids } = JSON.parse(readFileSync(changesFile, "utf8"));
    const before = cpuMs();
    const db = await openPglite(dir, Number(poolMb));
    const started = cpuMs();
    const [{ open }] = (
      await db.query(
        "SELECT string_agg(device_id || ' ' || snapshot_hash || ' ' || outcome_hash, ' ') AS open FROM spans WHERE to_run IS NULL",
      )
    ).rows;
    const read = cpuMs();
    const csv = ids.map((id) => `${id},2,${hash("sha256", id, "hex")},${hash("sha256", `${id}!`, "hex")}`).join("\n");
    await db.transaction((tx) =>
      tx.query("COPY spans (device_id, from_run, snapshot_hash, outcome_hash) FROM '/dev/blob' WITH (FORMAT csv)", [], {
        blob: new Blob([csv]),
      }),
    );
    const written = cpuMs();
    await db.close();
    return {
      startMs: started - before,
      readMs: read - started,
      rows: open.split(" ").length / 3,
      writeMs: written - read,
      closeMs: cpuMs() - written,
    };
  },
  async hash(file) {
    const all = ndjsonLines(file);
    const before = cpuMs();
    for (const line of all) hash("sha256", line, "hex");
    return { ms: cpuMs() - before };
  },
};

if (process.argv[2] === "--part") {
  // As `check --history` compiles PGlite's WebAssembly (check-history.ts).
  setFlagsFromString("--liftoff-only");
  const [name, ...args] = process.argv.slice(3);
  console.log(JSON.stringify(await PARTS[name](...args)));
  process.exit(0);
}

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const cli = process.env.TENET_CLI ?? new URL("../../cli/dist/bin/tenet.js", import.meta.url).pathname;
const dir = join(tmpdir(), `tenet-bench-daily-${N}`);
const { policy, days } = dailyInputs(dir, N);
const work = mkdtempSync(join(tmpdir(), "tenet-bench-floor-"));

function part(name, ...args) {
  const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--part", name, ...args], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;

try {
  const loads = [load()];
  // The store after day 0, as bench-daily makes it; an empty store (a database and nothing in it) beside it.
  const store = join(work, "store");
  measure(checkArgs(cli, policy, days[0], 0, store));
  const empty = join(work, "empty");
  const { PGlite } = await import("@electric-sql/pglite");
  await (await PGlite.create(`file://${empty}`)).close();
  const least = join(work, "least");
  const seed = await PGlite.create(`file://${least}`);
  await seed.exec(
    "CREATE TABLE spans (device_id text, from_run integer, to_run integer, snapshot_hash text NOT NULL, " +
      "outcome_hash text NOT NULL, PRIMARY KEY (device_id, from_run))",
  );
  const seedCsv = Array.from({ length: N }, (_, i) => {
    const id = device(i, 0).id;
    return `${id},1,${hash("sha256", id, "hex")},${hash("sha256", `${id}?`, "hex")}`;
  }).join("\n");
  await seed.query(
    "COPY spans (device_id, from_run, snapshot_hash, outcome_hash) FROM '/dev/blob' WITH (FORMAT csv)",
    [],
    {
      blob: new Blob([seedCsv]),
    },
  );
  await seed.close();

  // What day 1 changed (bench-support's changeDay): those devices' day-1 lines as their new snapshots.
  const dayLines = ndjsonLines(days[1]);
  const changed = changedIndices(N, 1);
  const changesFile = join(work, "changes.json");
  writeFileSync(
    changesFile,
    JSON.stringify({
      ids: changed.map((i) => device(i, 1, 1).id),
      snapshots: changed.map((i) => dayLines[i].toString("utf8")),
      volatile: dayLines
        .map((l) => {
          const { lastSyncDateTime, freeStorageSpaceInBytes } = JSON.parse(l);
          return JSON.stringify({ freeStorageSpaceInBytes, lastSyncDateTime });
        })
        .join("\n"),
    }),
  );

  const got = { check: [], startEmpty: [], start16: [], start32: [], write: [], close: [], hash: [], least: [] };
  const steps = {};
  for (let round = 0; round < ROUNDS; round++) {
    got.check.push(measure(checkArgs(cli, policy, days[1], 1)).cpu * 1000);
    got.startEmpty.push(part("start", empty, "16").ms);
    const copy = join(work, `round${round}`);
    cpSync(store, copy, { recursive: true });
    got.start16.push(part("start", copy, "16").ms);
    got.start32.push(part("start", copy, "32").ms);
    const w = part("write", copy, "16", changesFile);
    got.write.push(w.ms);
    got.close.push(w.closeMs);
    for (const [name, ms] of Object.entries(w.steps)) (steps[name] ??= []).push(ms);
    rmSync(copy, { recursive: true, force: true });
    got.hash.push(part("hash", days[1]).ms);
    const leastCopy = join(work, `least${round}`);
    cpSync(least, leastCopy, { recursive: true });
    got.least.push(part("least", leastCopy, "16", changesFile));
    rmSync(leastCopy, { recursive: true, force: true });
    loads.push(load());
  }
  const check = median(got.check);
  const row = (name, xs) =>
    `| ${name} | ${median(xs).toFixed(0)} (${range(xs)}) | ${((100 * median(xs)) / check).toFixed(1)}% |`;
  console.log(
    `\n${N.toLocaleString("en")} devices, ${changed.length} changed, ${ROUNDS} rounds, load ${loads.join(" -> ")}`,
  );
  console.log("| part | CPU ms (median, range) | of `check`'s CPU |\n|---|---|---|");
  console.log(row("`check` (the whole run, no history)", got.check));
  console.log(row("PGlite loaded and started, empty store, 16 MB pool", got.startEmpty));
  console.log(row("PGlite loaded and started, this store, 16 MB pool", got.start16));
  console.log(row("PGlite loaded and started, this store, 32 MB pool (as a daily run opens it)", got.start32));
  console.log(row("the run's least writes, one transaction (raw SQL)", got.write));
  for (const [name, xs] of Object.entries(steps)) console.log(row(`- ${name}`, xs));
  console.log(row("close (shutdown checkpoint)", got.close));
  console.log(row("sha256 of every device's line", got.hash));
  const floor = got.start16.map((s, i) => s + got.write[i] + got.close[i] + got.hash[i]);
  console.log(row("**floor: start (16 MB) + writes + close + hashes**", floor));
  const pick = (k) => got.least.map((r) => r[k]);
  console.log(`| the least conceivable store (${got.least[0].rows.toLocaleString("en")} open rows read): | | |`);
  console.log(row("- PGlite loaded and started, 16 MB pool", pick("startMs")));
  console.log(row("- every device's open row read, packed in one text", pick("readMs")));
  console.log(row("- a row per changed device added (COPY), committed", pick("writeMs")));
  console.log(row("- close", pick("closeMs")));
  const leastFloor = got.least.map((r, i) => r.startMs + r.readMs + r.writeMs + r.closeMs + got.hash[i]);
  console.log(row("**floor of the least conceivable store, with the hashes**", leastFloor));
} finally {
  rmSync(work, { recursive: true, force: true });
}
