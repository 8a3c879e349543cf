// `pnpm bench:parse`: parse + check of the shipped policies/ folder (cold and warm), of a
// generated 1 MB single policy and of a 1 MB file of many policies; the many-policy file side by
// side with TypeScript's own parser on a TypeScript file of the same rules and size (rounds taking
// turns, so load moves both); peak RSS of both at 1 MB and 10 MB. Prints a Markdown table; figures
// are measured on the machine running it, never asserted in tests.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";

// `--peak tenet|ts FILE...` (a child of the run below): parse the files, print the peak RSS.
if (process.argv[2] === "--peak") {
  const { readFileSync } = await import("node:fs");
  const sources = process.argv.slice(4).map((path) => ({ path, text: readFileSync(path, "utf8") }));
  const before = process.resourceUsage().maxRSS / 1024;
  if (process.argv[3] === "ts") {
    const { default: ts } = await import("typescript");
    globalThis.kept = sources.map((s) => ts.createSourceFile(s.path, s.text, ts.ScriptTarget.Latest, true));
  } else {
    const { loadPolicySources } = await import("../dist/index.js");
    const loaded = loadPolicySources(sources);
    if (loaded.diagnostics.length > 0) throw new Error(loaded.diagnostics[0].message);
    globalThis.kept = loaded;
  }
  console.log(JSON.stringify({ before, peak: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const importStart = performance.now();
const { loadPolicySources, parse } = await import("../dist/index.js");
const { tokenize } = await import("../dist/lexer/tokenize.js");
const importMs = performance.now() - importStart;

const root = new URL("../../../policies/", import.meta.url).pathname;
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".tenet")) files.push({ path, text: readFileSync(path, "utf8") });
  }
};
walk(root);
const libraryBytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

// CPU time of the process (user + system, V8's collector threads included): on a shared machine a
// wait for a core inflates wall time several times over, CPU time much less.
const cpu = (fn) => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const time = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cold = cpu(() => loadPolicySources(files));
const warm = median(Array.from({ length: 20 }, () => cpu(() => loadPolicySources(files))));

const rule = (i) =>
  `  rule r${i} "Rule ${i}" {\n` +
  `    require device.osVersion >= "10.0.${19000 + (i % 100)}" and device.passcodeLength >= ${i % 16}\n` +
  `    severity high\n    remediation "Update {device.osVersion}"\n  }\n`;
let body = "";
for (let i = 0; Buffer.byteLength(body) < 1_000_000; i++) body += rule(i);
const big = `compliance generated "Generated" {\n  platform windows\n${body}}\n`;
const mb = Buffer.byteLength(big) / 1e6;
for (let i = 0; i < 3; i++) loadPolicySources([{ path: "big.tenet", text: big }]);
const tokenizeMs = median(Array.from({ length: 7 }, () => cpu(() => tokenize(big, "big.tenet"))));
const parseMs = median(Array.from({ length: 7 }, () => cpu(() => parse(big, "big.tenet"))));
const loadMs = median(
  Array.from({ length: 7 }, () => cpu(() => loadPolicySources([{ path: "big.tenet", text: big }]))),
);

// The same rules as 20-rule policies: the usual shape of a big policy repository in one file.
function manyPolicies(bytes) {
  let text = "";
  for (let p = 0, i = 0; text.length < bytes; p++) {
    let rules = "";
    for (let k = 0; k < 20; k++, i++) rules += rule(i);
    text += `compliance generated-${p} "Generated ${p}" {\n  platform windows\n${rules}}\n\n`;
  }
  return text;
}
const many = manyPolicies(1_000_000);
const manyMb = Buffer.byteLength(many) / 1e6;
const manyCount = many.split("\ncompliance ").length;
for (let i = 0; i < 3; i++) loadPolicySources([{ path: "many.tenet", text: many }]);
const manyParseMs = median(Array.from({ length: 7 }, () => cpu(() => parse(many, "many.tenet"))));
const manyLoadMs = median(
  Array.from({ length: 7 }, () => cpu(() => loadPolicySources([{ path: "many.tenet", text: many }]))),
);

// The same rules as TypeScript (an object per rule, the condition as an arrow function), parsed
// by `ts.createSourceFile` with parent pointers: a same-run yardstick, since MB/s move 2-4x with load.
const { default: ts } = await import("typescript");
const tsRules = (bytes) => {
  let text = "interface Device { osVersion: string; passcodeLength: number }\n";
  for (let i = 0; text.length < bytes; i++)
    text +=
      `export const r${i} = {\n  title: "Rule ${i}",\n` +
      `  require: (device: Device) => device.osVersion >= "10.0.${19000 + (i % 100)}" && device.passcodeLength >= ${i % 16},\n` +
      `  severity: "high",\n  remediation: \`Update \${device.osVersion}\`,\n};\n`;
  return text;
};
const tsText = tsRules(many.length);
const tsMb = Buffer.byteLength(tsText) / 1e6;
const parseTs = () => ts.createSourceFile("many.ts", tsText, ts.ScriptTarget.Latest, true);
for (let i = 0; i < 3; i++) parseTs();
// Each round times both, in turn, by wall clock and by CPU time.
const ROUNDS = 11;
const wallRatios = [];
const cpuRatios = [];
const tenetRates = [];
const tsRates = [];
const loadMany = () => loadPolicySources([{ path: "many.tenet", text: many }]);
for (let round = 0; round < ROUNDS; round++) {
  const tenetCpu = cpu(() => (tenetRates.push(manyMb / (time(loadMany) / 1000)), 0));
  const tsCpu = cpu(() => (tsRates.push(tsMb / (time(parseTs) / 1000)), 0));
  wallRatios.push(tenetRates[round] / tsRates[round]);
  cpuRatios.push(tsCpu / tsMb / (tenetCpu / manyMb));
}

// Peak RSS in a fresh process per case, reading files from disk as the CLI does: parse + check of
// a 1 MB file and of a 10 MB policy set (three files: one file may hold at most 4 MiB, CP1018),
// and TypeScript's parser on the same sizes of the same rules.
const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
const { spawnSync } = await import("node:child_process");
const dir = mkdtempSync(join(os.tmpdir(), "tenet-bench-parse-"));
const peak = (kind, files) => {
  const paths = files.map((text, i) => {
    const path = join(dir, `${kind}-${files.length}-${i}.${kind === "ts" ? "ts" : "tenet"}`);
    writeFileSync(path, text);
    return path;
  });
  const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--peak", kind, ...paths], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`peak RSS run failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
};
const manyOf = (bytes, tag) => manyPolicies(bytes).replaceAll("generated-", `${tag}-`);
const peaks = [
  ["1 MB file", peak("tenet", [many]), peak("ts", [tsText])],
  [
    "10 MB in three files",
    peak(
      "tenet",
      [0, 1, 2].map((i) => manyOf(10e6 / 3, `g${i}`)),
    ),
    peak(
      "ts",
      [0, 1, 2].map(() => tsRules(10e6 / 3)),
    ),
  ],
];
rmSync(dir, { recursive: true, force: true });

const f = (n) => n.toFixed(1);
const spread = (xs) => `${median(xs).toFixed(2)}x (${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}x)`;
console.log(`Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}\n`);
console.log(`Load average ${os.loadavg()[0].toFixed(1)} at the start of the comparison rounds.\n`);
console.log("Times are CPU time of the process unless marked wall clock.\n");
console.log("| measurement | figure |\n|---|---|");
console.log(`| module load (@tenet/parser), wall clock | ${f(importMs)} ms |`);
console.log(`| policies/ (${files.length} files, ${f(libraryBytes / 1024)} KB): parse + check, cold | ${f(cold)} ms |`);
console.log(`| policies/: parse + check, warm (median of 20) | ${f(warm)} ms |`);
console.log(
  `| ${f(mb)} MB generated file: chevrotain lexer (files with errors only), warm | ${f(tokenizeMs)} ms ` +
    `(${f(mb / (tokenizeMs / 1000))} MB/s) |`,
);
console.log(`| ${f(mb)} MB generated file: parse, warm | ${f(parseMs)} ms (${f(mb / (parseMs / 1000))} MB/s) |`);
console.log(`| ${f(mb)} MB generated file: parse + check, warm | ${f(loadMs)} ms (${f(mb / (loadMs / 1000))} MB/s) |`);
console.log(
  `| ${f(manyMb)} MB file of ${manyCount} policies of 20 rules: parse, warm | ${f(manyParseMs)} ms ` +
    `(${f(manyMb / (manyParseMs / 1000))} MB/s) |`,
);
console.log(`| same file: parse + check, warm | ${f(manyLoadMs)} ms (${f(manyMb / (manyLoadMs / 1000))} MB/s) |`);
console.log(
  `| same file: parse + check against TypeScript \`createSourceFile\` on ${f(tsMb)} MB of the same ` +
    `rules, ${ROUNDS} alternating rounds, CPU time | ${spread(cpuRatios)} TypeScript's speed |`,
);
console.log(
  `| same, wall clock | Tenet ${f(median(tenetRates))} MB/s, TypeScript ${f(median(tsRates))} MB/s: ${spread(wallRatios)} |`,
);
for (const [what, tenet, tsPeak] of peaks)
  console.log(
    `| peak RSS, ${what}: Tenet parse + check / TypeScript \`createSourceFile\` | ${f(tenet.peak)} MiB / ` +
      `${f(tsPeak.peak)} MiB (${f(tenet.before)} / ${f(tsPeak.before)} MiB after reading the files) |`,
  );
console.log(`\nLoad average ${os.loadavg()[0].toFixed(1)} at the end.`);
