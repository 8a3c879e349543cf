import { Command } from "commander";
import type { CompiledPolicySet } from "@tenet/evaluator";
import { computeCoverage, runTestFile, type CaseResult, type CoverageSample } from "@tenet/testing";
import { withOptions, type SharedOptions, choiceOption } from "../options/option-groups.js";
import { choice } from "../options/option-values.js";
import { loadConfig } from "../config.js";
import { EXIT, invocationDiagnostic, usageError } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { paintWith, useColor } from "../terminal.js";
import { junitOfCases, printCoverage, printMutations } from "./test-report.js";
import { findTestFiles, loadSuites } from "./test-suites.js";

const FORMATS = ["text", "json", "junit"] as const;

export function testCommand(): Command {
  const command = new Command("test")
    .description("run policy test cases (*.test.yaml): expected device states, failing rules and access decisions")
    .argument("[paths...]", "test files or directories to search (default: the policy paths)")
    .option("--filter <text>", "only cases whose name contains this text")
    .option("--coverage", "print condition coverage: every comparison seen true and false, facts no test touched")
    .option("--coverage-min <percent>", "fail when coverage is below this percentage")
    .option(
      "--mutate",
      "mutation testing: flip each comparison and move each bound of every rule; fail if the cases still pass on one",
    );
  return withOptions(command, ["policy", "color"], { formats: FORMATS, default: "text" })
    .addOption(
      choiceOption(
        "--fail-on <what>",
        "exit 1 on `failures` (a failed case, coverage below --coverage-min, a surviving mutant; default) or `never`",
        ["failures", "never"],
        "failures",
      ),
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ tenet test examples/tests",
        "  $ tenet test -p policies policies --coverage --coverage-min 90 --format junit > tests.xml",
        "  $ tenet test examples/tests --mutate",
        "",
        "A test file may name its policies (`policies: [windows.tenet]`, " +
          "relative to the file); other files run against -p.",
        "",
        "Exit codes: 0 all cases pass, 1 a case failed, coverage is below the minimum or a mutant survived, " +
          "2 usage error, 3 policy errors.",
      ].join("\n"),
    )
    .action(
      (
        paths: string[],
        options: SharedOptions & {
          filter?: string;
          format: string;
          coverage?: boolean;
          coverageMin?: string;
          mutate?: boolean;
          failOn: string;
        },
      ) => {
        const format = choice(options.format, FORMATS, "--format");
        const failOn = choice(options.failOn, ["failures", "never"] as const, "--fail-on");
        const min = options.coverageMin === undefined ? undefined : Number(options.coverageMin);
        if (min !== undefined && !(min >= 0 && min <= 100))
          throw usageError("CP5015", {
            value: options.coverageMin ?? "",
            option: "--coverage-min",
            help: "expected a percentage from 0 to 100",
          });
        const policyPaths = options.policy ?? loadConfig().policy ?? ["policies"];
        const { suites, fileErrors, policyErrors } = loadSuites(
          findTestFiles(paths.length > 0 ? paths : policyPaths),
          policyPaths,
          options.filter,
        );
        const results: CaseResult[] = [...fileErrors];
        const samples = new Map<CompiledPolicySet, CoverageSample[]>();
        for (const suite of suites) {
          const taken: CoverageSample[] = [];
          for (const { doc, context } of suite.files) {
            const ran = runTestFile(doc, { ...context, compiled: suite.compiled });
            results.push(...ran);
            for (const r of ran)
              if (r.device !== undefined && r.nowMs !== undefined)
                taken.push({ facts: r.facts, now: r.nowMs, result: r.device });
          }
          samples.set(suite.compiled, taken);
        }
        if (policyErrors && results.length === 0) {
          process.exitCode = EXIT.policyErrors;
          return;
        }
        const failed = results.filter((r) => !r.passed);
        const paint = paintWith(useColor(process.stdout, options.color));
        if (format === "json") {
          const cases = results.map((r) => ({
            file: r.file,
            name: r.name,
            passed: r.passed,
            mismatches: r.mismatches,
            ...(r.passed ? {} : { explanation: r.explanation }),
          }));
          process.stdout.write(
            `${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, cases }, null, 2)}\n`,
          );
        } else if (format === "junit") process.stdout.write(junitOfCases(results));
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
          for (const suite of suites) {
            const report = computeCoverage(suite.compiled, samples.get(suite.compiled) ?? []);
            process.stderr.write(
              printCoverage(
                report,
                suite.files.map((f) => f.context.file),
              ),
            );
            if (min !== undefined && report.percent < min) {
              coverageLow = true;
              process.stderr.write(`coverage ${report.percent.toFixed(1)}% is below the minimum ${min}%\n`);
            }
          }
        }
        let survivors = 0;
        if (options.mutate === true) {
          if (failed.length > 0) process.stderr.write("mutation testing skipped: every case must pass first\n");
          else for (const suite of suites) survivors += printMutations(suite);
        }
        if (results.length === 0) printDiagnostics([invocationDiagnostic("CP5210")], new Map());
        const failing = failOn === "failures" && (failed.length > 0 || coverageLow || survivors > 0);
        process.exitCode = policyErrors ? EXIT.policyErrors : failing ? EXIT.failed : EXIT.ok;
      },
    );
}
