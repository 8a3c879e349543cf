/**
 * The shipped policy library: clean under lint and fmt, complete metadata, its own tests
 * pass, and those tests are strong enough that every mutant (`tenet test --mutate`) is caught.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { builtinSchemas, format, loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import {
  describeSurvivors,
  mutationReport,
  propertiesOf,
  runTestFile,
  verifyProperty,
  type TestFile,
} from "@tenet/testing";

const root = new URL("../../policies/", import.meta.url).pathname;
const walk = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((n) =>
      statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), ext) : ext.test(n) ? [join(dir, n)] : [],
    );
const sources = walk(root, /\.tenet$/).map((path) => ({ path, text: readFileSync(path, "utf8") }));
const testFiles = walk(root, /\.test\.yaml$/).map((path) => ({
  path,
  doc: yaml.load(readFileSync(path, "utf8")) as TestFile,
}));

const runAll = (files: { path: string; text: string }[]) => {
  const compiled = compile(loadPolicySources(files).value);
  return testFiles.flatMap((t) => runTestFile(t.doc, { compiled, file: t.path, loadSnapshot: () => ({}) }));
};

describe("policy library", () => {
  it("loads without a single diagnostic and is formatted", () => {
    expect(loadPolicySources(sources).diagnostics).toEqual([]);
    for (const s of sources) expect(format(s.text, s.path).value, s.path).toBe(s.text);
  });

  it("gives every rule a title, severity, remediation and controls", () => {
    const set = loadPolicySources(sources).value;
    for (const policy of set.compliance) {
      for (const rule of policy.rules) {
        const clauses = rule.decl.clauses.map((c) => c.kind);
        expect(rule.decl.title, rule.id).toBeDefined();
        expect(clauses, rule.id).toContain("Severity");
        expect(rule.remediation, rule.id).toBeDefined();
        expect(rule.controls.length, rule.id).toBeGreaterThan(0);
      }
    }
  });

  it("has a test file for every compliance and access policy file, and every case passes", () => {
    const policyFiles = [...walk(`${root}compliance`, /\.tenet$/), ...walk(`${root}access`, /\.tenet$/)];
    for (const p of policyFiles)
      expect(
        testFiles.map((t) => t.path),
        p,
      ).toContain(p.replace(/\.tenet$/, ".test.yaml"));
    const failed = runAll(sources).filter((r) => !r.passed);
    expect(failed.map((r) => `${r.file} › ${r.name}: ${r.mismatches.join("; ")}`)).toEqual([]);
  });

  it("holds every shipped property (fixed seed)", () => {
    const SEED = 20261125;
    const verifyAll = (files: { path: string; text: string }[]) => {
      const compiled = compile(loadPolicySources(files).value);
      return propertiesOf(compiled).map((p) =>
        verifyProperty(compiled, p, { schemas: builtinSchemas(), now: "2026-11-25T12:00:00Z", seed: SEED }),
      );
    };
    const results = verifyAll(sources);
    expect(results.length).toBeGreaterThanOrEqual(6);
    expect(results.filter((r) => !r.passed).map((r) => `${r.name} (seed ${SEED})`)).toEqual([]);
    // The access properties have teeth: leave the admin portals template in report-only and they catch it.
    const relaxed = sources.map((s) =>
      s.path.endsWith("admins.tenet")
        ? { ...s, text: s.text.replace(/(access admin-portals-mfa [^{]*\{[^}]*?)state enabled/, "$1state report-only") }
        : s,
    );
    expect(relaxed).not.toEqual(sources);
    expect(verifyAll(relaxed).find((r) => r.name === "admin-portals-require-mfa")?.passed).toBe(false);
  });

  it("kills every mutant: each flipped comparison, moved bound or loosened access condition fails some test", () => {
    const passes = (compiled: ReturnType<typeof compile>) =>
      testFiles.every((t) =>
        runTestFile(t.doc, { compiled, file: t.path, loadSnapshot: () => ({}) }).every((r) => r.passed),
      );
    const report = mutationReport(sources, passes);
    expect(report.mutants).toBeGreaterThan(100);
    expect(report.invalid).toBe(0);
    expect(describeSurvivors(report)).toEqual([]);
  });
});
