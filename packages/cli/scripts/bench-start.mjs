// Cold start of each `tenet` command, whole process, measured side by side: every round runs
// a bare `node -e 0` and each command once in turn (interleaved, so a change in the machine's
// load moves them together), then prints median / min / max wall milliseconds and each
// command's median ratio to the bare start. Usage: node bench-start.mjs [ROUNDS] [CLI ...]
// (default: 15 rounds of packages/cli/dist/bin/tenet.js; give several CLIs to compare builds).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

const root = new URL("../../../", import.meta.url).pathname;
const [roundsArg, ...clis] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 15);
const entries = clis.length > 0 ? clis : [`${root}packages/cli/dist/bin/tenet.js`];
const now = ["--now", "2026-11-25T12:00:00Z"];
const device = readFileSync(`${root}examples/fleet/devices.ndjson`, "utf8").split("\n")[0];
const commands = {
  "--version": { args: ["--version"] },
  "lint (one file)": { args: ["lint", `${root}policies/compliance/windows.tenet`] },
  "check (one device)": {
    args: ["check", "-p", `${root}policies/compliance/windows.tenet`, "-", ...now, "--fail-on", "never"],
    input: device,
  },
  "fmt --check (one file)": { args: ["fmt", "--check", `${root}policies/compliance/windows.tenet`] },
  "whatif (one sign-in)": {
    args: ["whatif", "-p", `${root}policies/access`, `${root}examples/signins/risky-sign-in.json`, ...now],
  },
};

const time = (args, input) => {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { input: input ?? "", stdio: ["pipe", "ignore", "pipe"] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const runs = new Map([["node -e 0 (bare start)", []]]);
const load = [loadavg()[0]];
for (let round = 0; round < rounds + 1; round++) {
  const bare = time(["-e", "0"]);
  if (round > 0) runs.get("node -e 0 (bare start)").push(bare);
  for (const cli of entries)
    for (const [name, { args, input }] of Object.entries(commands)) {
      const key = entries.length > 1 ? `${name} [${cli.replace(root, "")}]` : name;
      const ms = time([cli, ...args], input);
      // The first round only warms the file cache.
      if (round > 0) runs.set(key, [...(runs.get(key) ?? []), ms]);
    }
}
load.push(loadavg()[0]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(runs.get("node -e 0 (bare start)"));
console.log(`${rounds} rounds, load average ${load.map((l) => l.toFixed(1)).join(" -> ")}`);
console.log("| command | median ms | min | max | x bare node |\n|---|---|---|---|---|");
for (const [name, xs] of runs)
  console.log(
    `| ${name} | ${[median(xs), Math.min(...xs), Math.max(...xs)].map((x) => x.toFixed(0)).join(" | ")} | ` +
      `${(median(xs) / bare).toFixed(2)} |`,
  );
