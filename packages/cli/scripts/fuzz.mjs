// `pnpm fuzz`: the mutation fuzzer over policies, snapshots (NDJSON, JSON, YAML, gzip) and audit
// logs. Options: --cases N (per target, default 2000), --seed S (default: the time), --seconds T
// (budget per target), --target NAME, --case I (replay one case and write its input to
// fuzz-case.bin). Exit 1 when any case failed; each failure prints the command that replays it.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fuzzTargets } from "../dist/fuzz/fuzz-targets.js";
import { fuzzCase, runFuzz } from "../dist/fuzz/run-fuzz.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "2000" },
    seed: { type: "string" },
    seconds: { type: "string" },
    target: { type: "string" },
    case: { type: "string" },
  },
});
const root = fileURLToPath(new URL("../../../", import.meta.url));
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
let failed = 0;
for (const target of fuzzTargets(root)) {
  if (values.target !== undefined && values.target !== target.name) {
    target.close();
    continue;
  }
  if (values.case !== undefined) writeFileSync("fuzz-case.bin", fuzzCase(target, seed, Number(values.case)).input);
  const report = await runFuzz(target, {
    seed,
    cases: Number(values.cases),
    ...(values.seconds === undefined ? {} : { budgetMs: Number(values.seconds) * 1000 }),
    ...(values.case === undefined ? {} : { only: Number(values.case) }),
  });
  target.close();
  failed += report.failures.length;
  console.log(
    `${report.target}: ${report.tried} cases, ${report.failures.length} failures, ` +
      `slowest case ${report.slowest.case} (${report.slowest.ms.toFixed(0)} ms, ${report.slowest.bytes} bytes); seed ${seed}`,
  );
  for (const f of report.failures.slice(0, 10))
    console.log(
      `  case ${f.case}: ${f.error.split("\n")[0]}\n    replay: pnpm fuzz --target ${f.target} --seed ${f.seed} --case ${f.case}`,
    );
}
process.exitCode = failed > 0 ? 1 : 0;
