import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Command } from "commander";
import yaml from "js-yaml";
import { renderDiagnostics } from "@tenet/parser";
import { compile, type CompiledPolicySet } from "@tenet/evaluator";
import { computeCoverage, runTestFile, validateTestFile, type CaseResult, type CoverageSample, type TestFile } from "@tenet/testing";
import { choice, collectPaths } from "../common-options.js";
import { loadConfig } from "../config.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { loadPolicies } from "../policies/load-policies.js";
import { paintWith, useColor } from "../terminal.js";
import { junitOfCases, printCoverage } from "./test-report.js";

const FORMATS = ["text", "json", "junit"] as const;

/** Every `*.test.yaml` / `*.test.yml` / `*.test.json` under the paths, sorted. */
function findTestFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (stat === undefined) throw new UsageError(`no such file or directory: \`${p}\``);
    if (stat.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (/\.test\.(ya?ml|json)$/.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

export function testCommand(): Command {
  return new Command("test")
    .description("run policy test cases (*.test.yaml): expected device states, failing rules and access decisions")
    .argument("[paths...]", "test files or directories to search (default: the policy paths)")
    .option("-p, --policy <path>", "policy file or directory; repeat or comma-separate (default: tenet.config policy, else policies/)", collectPaths)
    .option("--filter <text>", "only cases whose name contains this text")
    .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "text")
    .option("--coverage", "print condition coverage: every comparison seen true and false, facts no test touched")
    .option("--coverage-min <percent>", "fail when coverage is below this percentage")
    .option("--no-color", "no colours (also honours NO_COLOR)")
    .addHelpText("after", "\nExamples:\n  $ tenet test -p examples/tests examples/tests\n  $ tenet test -p policies --coverage --coverage-min 90 --format junit > tests.xml\n\nExit codes: 0 all cases pass, 1 a case failed or coverage is below the minimum, 2 usage error, 3 policy errors.")
    .action((paths: string[], options: { policy?: string[]; filter?: string; format: string; coverage?: boolean; coverageMin?: string; color?: boolean }) => {
      const format = choice(options.format, FORMATS, "--format");
      const min = options.coverageMin === undefined ? undefined : Number(options.coverageMin);
      if (min !== undefined && !(min >= 0 && min <= 100)) throw new UsageError(`invalid value \`${options.coverageMin}\` for \`--coverage-min\`; expected a percentage from 0 to 100`);
      const policyPaths = options.policy ?? loadConfig().policy ?? ["policies"];
      // One compiled set per distinct policy list: the `-p` set, or a test file's own `policies`.
      const sets = new Map<string, CompiledPolicySet | undefined>();
      const compiledFor = (paths: string[]): CompiledPolicySet | undefined => {
        const key = JSON.stringify(paths);
        if (!sets.has(key)) {
          const policies = loadPolicies(paths);
          if (policies.diagnostics.length > 0) process.stderr.write(renderDiagnostics(policies.diagnostics, (f) => policies.sources.get(f)));
          sets.set(key, policies.hasErrors ? undefined : compile(policies.set));
        }
        return sets.get(key);
      };
      const results: CaseResult[] = [];
      const samples = new Map<CompiledPolicySet, CoverageSample[]>();
      let policyErrors = false;
      for (const file of findTestFiles(paths.length > 0 ? paths : policyPaths)) {
        const fileError = (message: string) => results.push({ file, name: "(file)", passed: false, mismatches: [message], explanation: "" });
        let doc: unknown;
        try {
          const text = readFileSync(file, "utf8");
          doc = file.endsWith(".json") ? JSON.parse(text) : yaml.load(text);
        } catch (error) {
          fileError(`invalid test file: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
          continue;
        }
        const problems = validateTestFile(doc);
        if (problems.length > 0) {
          for (const problem of problems) fileError(`invalid test file: ${problem}`);
          continue;
        }
        const tests = doc as TestFile;
        const base = dirname(resolve(file));
        const compiled = compiledFor(tests.policies === undefined ? policyPaths : tests.policies.map((p) => relative(process.cwd(), join(base, p)) || "."));
        if (compiled === undefined) {
          policyErrors = true;
          continue;
        }
        const loadSnapshot = (p: string) => JSON.parse(readFileSync(join(base, p), "utf8")) as unknown;
        const ran = runTestFile(tests, { compiled, file, loadSnapshot, ...(options.filter === undefined ? {} : { filter: options.filter }) });
        results.push(...ran);
        const into = samples.get(compiled) ?? [];
        for (const r of ran) if (r.device !== undefined && r.nowMs !== undefined) into.push({ facts: r.facts, now: r.nowMs, result: r.device });
        samples.set(compiled, into);
      }
      if (policyErrors && results.length === 0) {
        process.exitCode = EXIT.policyErrors;
        return;
      }
      const failed = results.filter((r) => !r.passed);
      const paint = paintWith(useColor(process.stdout, options.color));
      if (format === "json") {
        const cases = results.map((r) => ({ file: r.file, name: r.name, passed: r.passed, mismatches: r.mismatches, ...(r.passed ? {} : { explanation: r.explanation }) }));
        process.stdout.write(`${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, cases }, null, 2)}\n`);
      }
      else if (format === "junit") process.stdout.write(junitOfCases(results));
      else {
        for (const r of results) {
          process.stdout.write(`${r.passed ? paint("green", "✓") : paint("red", "✗")} ${r.file} › ${r.name}\n`);
          for (const m of r.mismatches) process.stdout.write(`    ${m}\n`);
          if (!r.passed && r.explanation !== "") process.stdout.write(`${r.explanation.replace(/^/gm, "      ")}\n`);
        }
        process.stdout.write(`\n${results.length - failed.length} passed, ${failed.length} failed\n`);
      }
      let coverageLow = false;
      if (options.coverage === true || min !== undefined) {
        for (const [compiled, taken] of samples) {
          const report = computeCoverage(compiled, taken);
          process.stderr.write(printCoverage(report));
          if (min !== undefined && report.percent < min) {
            coverageLow = true;
            process.stderr.write(`coverage ${report.percent.toFixed(1)}% is below the minimum ${min}%\n`);
          }
        }
      }
      if (results.length === 0) process.stderr.write("no test cases found (test files are named *.test.yaml)\n");
      process.exitCode = policyErrors ? EXIT.policyErrors : failed.length > 0 || coverageLow ? EXIT.failed : EXIT.ok;
    });
}
