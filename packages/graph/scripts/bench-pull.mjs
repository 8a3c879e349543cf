// `pnpm bench:pull`: tenet pull against the Graph emulator (100,000 devices by default), then a
// pull killed at 50% of the device pages and resumed, then `tenet check` of the pulled directory.
// Figures go to docs/benchmarks.md; this is a measurement, not a test.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startGraphEmulator } from "../dist/emulator/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const MAIN = join(ROOT, "packages/cli/dist/bin/tenet.js");
const devices = Number(process.argv.find((a) => a.startsWith("--devices="))?.slice(10) ?? 100_000);
const pageSize = 1000; // Intune's managedDevices page
const TOKEN = "bench";

/** Runs a tenet command under /usr/bin/time; resolves with its exit, stderr and peak RSS (MB). */
function run(args, onSpawn) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // A run to be killed is not wrapped in time(1), so the kill reaches node itself.
    const [command, argv] =
      onSpawn === undefined
        ? ["/usr/bin/time", ["-f", "maxrss_kb=%M", process.execPath, MAIN, ...args]]
        : [process.execPath, [MAIN, ...args]];
    const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, TENET_GRAPH_TOKEN: TOKEN } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.resume();
    child.on("close", (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /maxrss_kb=(\d+)/.exec(stderr);
      resolve({ code, signal, stderr, seconds, rssMb: rss === null ? undefined : Math.round(Number(rss[1]) / 1024) });
    });
    onSpawn?.(child);
  });
}

const devicePages = (e) =>
  e.requests.filter((r) => r.status === 200 && r.path.startsWith("/deviceManagement/managedDevices?")).length;
const tmp = mkdtempSync(join(tmpdir(), "tenet-bench-pull-"));
const results = [];
try {
  // 1. A full pull.
  let e = await startGraphEmulator({ devices, pageSize, token: TOKEN });
  const full = join(tmp, "full");
  const pulled = await run(["pull", "intune", "--out", full, "--graph-url", e.url, "--no-rate-limit", "-q", "--stats"]);
  if (pulled.code !== 0) throw new Error(`pull failed: ${pulled.stderr}`);
  const fullRequests = e.requests.length;
  results.push({ step: "full pull", devices, requests: fullRequests, seconds: pulled.seconds, rssMb: pulled.rssMb });
  await e.close();

  // 2. Killed (SIGKILL) half-way through the devices, in the middle of a page's enrichment, then run again.
  let child;
  let states = 0;
  const half = Math.floor(devices / 2) + pageSize / 2;
  e = await startGraphEmulator({
    devices,
    pageSize,
    token: TOKEN,
    onRequest: (r) =>
      void (r.path.endsWith("/deviceCompliancePolicyStates") && ++states === half && child?.kill("SIGKILL")),
  });
  const resumedDir = join(tmp, "resumed");
  const killed = await run(
    ["pull", "intune", "--out", resumedDir, "--graph-url", e.url, "--no-rate-limit", "-q"],
    (c) => (child = c),
  );
  const beforeResume = e.requests.length;
  const resumed = await run([
    "pull",
    "intune",
    "--out",
    resumedDir,
    "--graph-url",
    e.url,
    "--no-rate-limit",
    "-q",
    "--stats",
  ]);
  if (resumed.code !== 0) throw new Error(`resumed pull failed: ${resumed.stderr}`);
  const same = readFileSync(join(full, "devices.ndjson")).equals(readFileSync(join(resumedDir, "devices.ndjson")));
  results.push({
    step: "killed half-way through the devices (mid-page), then resumed",
    killedBy: killed.signal,
    requestsBeforeKill: beforeResume,
    requestsOfResume: e.requests.length - beforeResume,
    remadeRequests: e.requests.length - fullRequests,
    remadeDevicePages: devicePages(e) - Math.ceil(devices / pageSize),
    resumeSeconds: resumed.seconds,
    devicesFileIdentical: same,
  });
  await e.close();

  // 3. check of the pulled directory with the shipped library.
  const checked = await run([
    "check",
    "-p",
    "policies",
    full,
    "--now",
    "2026-11-25T12:00:00Z",
    "--format",
    "csv",
    "-o",
    join(tmp, "out.csv"),
    "--fail-on",
    "never",
    "--stats",
    "-q",
  ]);
  results.push({
    step: "tenet check DIR (shipped policies, csv)",
    exit: checked.code,
    seconds: checked.seconds,
    rssMb: checked.rssMb,
    stats: /stats: (.*)/.exec(checked.stderr)?.[1],
  });
  results.push({ step: "pull then check, end to end", seconds: Number((pulled.seconds + checked.seconds).toFixed(2)) });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
for (const r of results) console.log(JSON.stringify(r));
