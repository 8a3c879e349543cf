// `tenet lint` of a large policy set, whole process under /usr/bin/time: CPU (user + system),
// wall and peak RSS per round. The policies are the 20-rule policies of `pnpm bench:parse`,
// repeated to the size asked, written once into .bench-cache/ (one file up to 4 MB, else a
// directory of files of up to 4 MB). Usage: node bench-lint.mjs [ROUNDS] [MB] (default 3 rounds of 10 MB).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";

const root = new URL("../../../", import.meta.url).pathname;
const [roundsArg, mbArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 3);
const bytes = Number(mbArg ?? 10) * 1e6;
const rule = (i) =>
  `  rule r${i} "Rule ${i}" {\n` +
  `    require device.osVersion >= "10.0.${19000 + (i % 100)}" and device.passcodeLength >= ${i % 16}\n` +
  `    severity high\n    remediation "Update {device.osVersion}"\n  }\n`;
// One file holds at most 4,194,304 characters (CP1018): a larger size is written as a directory
// of files under that, the way a large policy set is kept.
const FILE_LIMIT = 4_000_000;
mkdirSync(`${root}.bench-cache`, { recursive: true });
const target = `${root}.bench-cache/policies-${bytes / 1e6}mb${bytes > FILE_LIMIT ? "" : ".tenet"}`;
if (!existsSync(target)) {
  const files = [[]];
  let size = 0;
  let total = 0;
  for (let p = 0, i = 0; total < bytes; p++) {
    let rules = "";
    for (let k = 0; k < 20; k++, i++) rules += rule(i);
    const policy = `compliance generated-${p} "Generated ${p}" {\n  platform windows\n${rules}}\n\n`;
    if (size + Buffer.byteLength(policy) > FILE_LIMIT) {
      files.push([]);
      size = 0;
    }
    files.at(-1).push(policy);
    size += Buffer.byteLength(policy);
    total += Buffer.byteLength(policy);
  }
  if (bytes <= FILE_LIMIT) writeFileSync(target, files[0].join(""));
  else {
    mkdirSync(target, { recursive: true });
    files.forEach((parts, n) => writeFileSync(`${target}/part-${n}.tenet`, parts.join("")));
  }
}
const file = target;

const load = [loadavg()[0]];
const runs = [];
for (let round = 0; round < rounds; round++) {
  const r = spawnSync(
    "/usr/bin/time",
    ["-f", "TIME %e %U %S %M", process.execPath, `${root}packages/cli/dist/bin/tenet.js`, "lint", file],
    { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const line = r.stderr.split("\n").find((l) => l.startsWith("TIME "));
  if (line === undefined) throw new Error(`lint exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const [wall, user, sys, rssKb] = line.split(" ").slice(1).map(Number);
  runs.push({ wall, cpu: user + sys, rss: rssKb / 1024, status: r.status });
  load.push(loadavg()[0]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const span = (xs) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;
console.log(
  `tenet lint of ${(bytes / 1e6).toFixed(0)} MB (${file.replace(root, "")}), ${rounds} rounds, exit ` +
    `${runs[0].status}, load average ${load.map((l) => l.toFixed(1)).join(" -> ")}`,
);
console.log(
  `CPU s ${median(runs.map((r) => r.cpu)).toFixed(2)} (${span(runs.map((r) => r.cpu))}), wall s ` +
    `${median(runs.map((r) => r.wall)).toFixed(2)} (${span(runs.map((r) => r.wall))}), peak RSS MiB ` +
    `${median(runs.map((r) => r.rss)).toFixed(0)} (${span(runs.map((r) => r.rss))})`,
);
