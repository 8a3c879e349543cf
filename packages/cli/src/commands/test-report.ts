import { describeSurvivors, mutationReport, runTestFile, type CaseResult, type CoverageReport } from "@tenet/testing";
import type { Suite } from "./test-suites.js";
import { failure, testcase, testsuiteOpen, testsuites } from "../render/junit-xml.js";

/** Test results as JUnit XML, one test case per case, grouped by file. */
export function junitOfCases(results: CaseResult[]): string {
  const files = [...new Set(results.map((r) => r.file))];
  const suites = files.map((file) => {
    const cases = results.filter((r) => r.file === file);
    const body = cases
      .map((r) =>
        r.passed
          ? testcase(file, r.name, "")
          : testcase(file, r.name, failure(r.mismatches[0] ?? "failed", [...r.mismatches, r.explanation].join("\n"))),
      )
      .join("\n");
    const failures = cases.filter((r) => !r.passed).length;
    return `${testsuiteOpen(file, { tests: cases.length, failures })}\n${body}\n  </testsuite>`;
  });
  return testsuites(suites.join("\n"));
}

/** Human coverage report: per rule, comparisons never seen true or false; untouched facts; missing verdicts. */
export function printCoverage(report: CoverageReport, files: string[]): string {
  const lines = [
    `coverage: ${report.percent.toFixed(1)}% of rule outcomes and comparison outcomes seen (${files.join(", ")})`,
  ];
  for (const rule of report.rules) {
    const gaps = [
      ...(rule.sawPass ? [] : ["never passed"]),
      ...(rule.sawFail ? [] : ["never failed"]),
      ...rule.conditions.flatMap((c) => [
        ...(c.sawTrue ? [] : [`\`${c.text}\` never true`]),
        ...(c.sawFalse ? [] : [`\`${c.text}\` never false`]),
      ]),
    ];
    if (gaps.length > 0) lines.push(`  ${rule.id}: ${gaps.join("; ")}`);
  }
  if (report.untouchedFacts.length > 0) lines.push(`  facts no test provided: ${report.untouchedFacts.join(", ")}`);
  if (report.missingVerdicts.length > 0)
    lines.push(`  verdicts no test produced: ${report.missingVerdicts.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/** Run the suite against every mutant of its policies; print the score and each survivor to stderr. Returns the number of survivors. */
export function printMutations(suite: Suite): number {
  const report = mutationReport(suite.sources, (compiled) =>
    suite.files.every(({ doc, context }) => runTestFile(doc, { ...context, compiled }).every((r) => r.passed)),
  );
  const files = suite.files.map((f) => f.context.file).join(", ");
  process.stderr.write(
    `mutation (${files}): ${report.killed} of ${report.mutants} mutants killed` +
      (report.invalid > 0 ? `, ${report.invalid} did not check` : "") +
      "\n",
  );
  for (const line of describeSurvivors(report)) process.stderr.write(`  survived: ${line}\n`);
  return report.survivors.length;
}
