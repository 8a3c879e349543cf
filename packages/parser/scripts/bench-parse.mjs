// `pnpm bench:parse`: tokenize + parse + check of the shipped policies/ folder (cold and
// warm), of a generated 1 MB single policy and of a 1 MB file of many policies, and the many-policy
// file side by side with TypeScript's own parser on a TypeScript file of the same rules and size
// (rounds taking turns, so load moves both). Prints a Markdown table; figures are measured on the
// machine running it, never asserted in tests.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import os from "node:os";

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

const time = (fn) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cold = time(() => loadPolicySources(files));
const warm = median(Array.from({ length: 20 }, () => time(() => loadPolicySources(files))));

const rule = (i) =>
  `  rule r${i} "Rule ${i}" {\n    require device.osVersion >= "10.0.${19000 + (i % 100)}" and device.passcodeLength >= ${i % 16}\n    severity high\n    remediation "Update {device.osVersion}"\n  }\n`;
let body = "";
for (let i = 0; Buffer.byteLength(body) < 1_000_000; i++) body += rule(i);
const big = `compliance generated "Generated" {\n  platform windows\n${body}}\n`;
const mb = Buffer.byteLength(big) / 1e6;
for (let i = 0; i < 3; i++) loadPolicySources([{ path: "big.tenet", text: big }]);
const tokenizeMs = median(Array.from({ length: 7 }, () => time(() => tokenize(big, "big.tenet"))));
const parseMs = median(Array.from({ length: 7 }, () => time(() => parse(big, "big.tenet"))));
const loadMs = median(
  Array.from({ length: 7 }, () => time(() => loadPolicySources([{ path: "big.tenet", text: big }]))),
);

// The same rules as 20-rule policies: the usual shape of a big policy repository in one file.
let many = "";
for (let p = 0, i = 0; Buffer.byteLength(many) < 1_000_000; p++) {
  let rules = "";
  for (let k = 0; k < 20; k++, i++) rules += rule(i);
  many += `compliance generated-${p} "Generated ${p}" {\n  platform windows\n${rules}}\n\n`;
}
const manyMb = Buffer.byteLength(many) / 1e6;
const manyPolicies = many.split("\ncompliance ").length;
for (let i = 0; i < 3; i++) loadPolicySources([{ path: "many.tenet", text: many }]);
const manyParseMs = median(Array.from({ length: 7 }, () => time(() => parse(many, "many.tenet"))));
const manyLoadMs = median(
  Array.from({ length: 7 }, () => time(() => loadPolicySources([{ path: "many.tenet", text: many }]))),
);

// The same rules as TypeScript (an object per rule, the condition as an arrow function), parsed
// by `ts.createSourceFile` with parent pointers: a same-run yardstick, since MB/s move 2-4x with load.
const { default: ts } = await import("typescript");
let tsText = "interface Device { osVersion: string; passcodeLength: number }\n";
for (let i = 0; Buffer.byteLength(tsText) < Buffer.byteLength(many); i++)
  tsText += `export const r${i} = {\n  title: "Rule ${i}",\n  require: (device: Device) => device.osVersion >= "10.0.${19000 + (i % 100)}" && device.passcodeLength >= ${i % 16},\n  severity: "high",\n  remediation: \`Update \${device.osVersion}\`,\n};\n`;
const tsMb = Buffer.byteLength(tsText) / 1e6;
const parseTs = () => ts.createSourceFile("many.ts", tsText, ts.ScriptTarget.Latest, true);
for (let i = 0; i < 3; i++) parseTs();
const ratios = [];
const tsRates = [];
const tenetRates = [];
for (let round = 0; round < 7; round++) {
  const tenetRate = manyMb / (time(() => loadPolicySources([{ path: "many.tenet", text: many }])) / 1000);
  const tsRate = tsMb / (time(parseTs) / 1000);
  tenetRates.push(tenetRate);
  tsRates.push(tsRate);
  ratios.push(tenetRate / tsRate);
}

const f = (n) => n.toFixed(1);
console.log(`Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}\n`);
console.log("| measurement | figure |\n|---|---|");
console.log(`| module load (@tenet/parser, chevrotain grammar) | ${f(importMs)} ms |`);
console.log(`| policies/ (${files.length} files, ${f(libraryBytes / 1024)} KB): parse + check, cold | ${f(cold)} ms |`);
console.log(`| policies/: parse + check, warm (median of 20) | ${f(warm)} ms |`);
console.log(
  `| ${f(mb)} MB generated file: tokenize, warm | ${f(tokenizeMs)} ms (${f(mb / (tokenizeMs / 1000))} MB/s) |`,
);
console.log(
  `| ${f(mb)} MB generated file: tokenize + parse, warm | ${f(parseMs)} ms (${f(mb / (parseMs / 1000))} MB/s) |`,
);
console.log(`| ${f(mb)} MB generated file: parse + check, warm | ${f(loadMs)} ms (${f(mb / (loadMs / 1000))} MB/s) |`);
console.log(
  `| ${f(manyMb)} MB file of ${manyPolicies} policies of 20 rules: tokenize + parse, warm | ${f(manyParseMs)} ms (${f(manyMb / (manyParseMs / 1000))} MB/s) |`,
);
console.log(`| same file: parse + check, warm | ${f(manyLoadMs)} ms (${f(manyMb / (manyLoadMs / 1000))} MB/s) |`);
console.log(
  `| same file: parse + check vs TypeScript \`createSourceFile\` on ${f(tsMb)} MB of the same rules, 7 alternating rounds | Tenet ${f(median(tenetRates))} MB/s, TypeScript ${f(median(tsRates))} MB/s: ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x) |`,
);
console.log(`\nLoad average ${os.loadavg()[0].toFixed(1)} at the end.`);
