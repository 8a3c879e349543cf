import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import yaml from "js-yaml";
import { emptySpan, makeDiagnostic } from "@tenet/parser";
import { compile, type CompiledPolicySet } from "@tenet/evaluator";
import { validateTestFile, type CaseResult, type PolicySource, type RunContext, type TestFile } from "@tenet/testing";
import { CliError } from "../exit-codes.js";
import { printDiagnostics } from "../diagnostics/print-diagnostics.js";
import { loadPolicies } from "../policies/load-policies.js";

/** Test files that run against the same policy set, with that set compiled. */
export interface Suite {
  compiled: CompiledPolicySet;
  sources: PolicySource[];
  files: { doc: TestFile; context: Omit<RunContext, "compiled"> }[];
}

/**
 * The JSON schema (an unquoted timestamp stays a string) plus merge keys: test files share
 * fixtures with anchors and `<<: *overlay`, which the JSON schema alone reads as a key named `<<`.
 */
// js-yaml 4 exports its built-in `types` at run time; @types/js-yaml 4.0.9 does not declare them.
const TEST_FILE_SCHEMA = yaml.JSON_SCHEMA.extend({
  implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge],
});

/** Every `*.test.yaml` / `*.test.yml` / `*.test.json` under the paths, sorted. */
export function findTestFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (stat === undefined) throw new CliError([makeDiagnostic("CP5001", emptySpan(p), { path: p })]);
    if (stat.isDirectory()) {
      for (const name of readdirSync(p).sort())
        if (name !== "node_modules" && !name.startsWith(".")) walk(join(p, name));
    } else if (/\.test\.(ya?ml|json)$/.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

/**
 * Read and validate the test files and group them by the policies they run against: a
 * file's own `policies` (relative to it) or `defaultPolicies`. A file that cannot be read
 * or is malformed becomes a failed `(file)` result; policy diagnostics go to stderr.
 */
export function loadSuites(
  testFiles: string[],
  defaultPolicies: string[],
  filter: string | undefined,
): { suites: Suite[]; fileErrors: CaseResult[]; policyErrors: boolean } {
  const suites = new Map<string, Suite | undefined>();
  const fileErrors: CaseResult[] = [];
  let policyErrors = false;
  const suiteFor = (paths: string[]): Suite | undefined => {
    const key = JSON.stringify(paths);
    if (!suites.has(key)) {
      const policies = loadPolicies(paths);
      if (policies.diagnostics.length > 0) printDiagnostics(policies.diagnostics, policies.sources);
      const sources = [...policies.sources].map(([path, text]) => ({ path, text }));
      suites.set(key, policies.hasErrors ? undefined : { compiled: compile(policies.set), sources, files: [] });
    }
    return suites.get(key);
  };
  for (const file of testFiles) {
    const fileError = (message: string) =>
      fileErrors.push({
        file,
        name: "(file)",
        passed: false,
        mismatches: [`invalid test file: ${message}`],
        explanation: "",
      });
    let doc: unknown;
    try {
      const text = readFileSync(file, "utf8");
      doc = file.endsWith(".json") ? JSON.parse(text) : yaml.load(text, { schema: TEST_FILE_SCHEMA });
    } catch (error) {
      fileError(error instanceof Error ? error.message.split("\n")[0]! : String(error));
      continue;
    }
    const problems = validateTestFile(doc);
    if (problems.length > 0) {
      for (const problem of problems) fileError(problem);
      continue;
    }
    const tests = doc as TestFile;
    const base = dirname(resolve(file));
    const suite = suiteFor(
      tests.policies === undefined
        ? defaultPolicies
        : tests.policies.map((p) => relative(process.cwd(), join(base, p)) || "."),
    );
    if (suite === undefined) {
      policyErrors = true;
      continue;
    }
    const loadSnapshot = (p: string) => JSON.parse(readFileSync(join(base, p), "utf8")) as unknown;
    suite.files.push({ doc: tests, context: { file, loadSnapshot, ...(filter === undefined ? {} : { filter }) } });
  }
  return { suites: [...suites.values()].filter((s): s is Suite => s !== undefined), fileErrors, policyErrors };
}
