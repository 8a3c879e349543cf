/**
 * The shipped policy library: clean under lint and fmt, complete metadata, its own tests
 * pass, and those tests are strong enough that every mutant of a comparison is caught.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { builtinSchemas, format, loadPolicySources, parse, print, type Expr, type PolicyFile } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { propertiesOf, runTestFile, verifyProperty, type TestFile } from "@tenet/testing";

const root = new URL("../../policies/", import.meta.url).pathname;
const walk = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), ext) : ext.test(n) ? [join(dir, n)] : []));
const sources = walk(root, /\.tenet$/).map((path) => ({ path, text: readFileSync(path, "utf8") }));
const testFiles = walk(root, /\.test\.yaml$/).map((path) => ({ path, doc: yaml.load(readFileSync(path, "utf8")) as TestFile }));

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

  it("has a test file for every compliance policy, and every case passes", () => {
    const policyFiles = walk(`${root}compliance`, /\.tenet$/);
    for (const p of policyFiles) expect(testFiles.map((t) => t.path), p).toContain(p.replace(/\.tenet$/, ".test.yaml"));
    const failed = runAll(sources).filter((r) => !r.passed);
    expect(failed.map((r) => `${r.file} › ${r.name}: ${r.mismatches.join("; ")}`)).toEqual([]);
  });

  it("holds every shipped property (fixed seed)", () => {
    const SEED = 20261125;
    const verifyAll = (files: { path: string; text: string }[]) => {
      const compiled = compile(loadPolicySources(files).value);
      return propertiesOf(compiled).map((p) => verifyProperty(compiled, p, { schemas: builtinSchemas(), now: "2026-11-25T12:00:00Z", seed: SEED }));
    };
    const results = verifyAll(sources);
    expect(results.length).toBeGreaterThanOrEqual(6);
    expect(results.filter((r) => !r.passed).map((r) => `${r.name} (seed ${SEED})`)).toEqual([]);
    // The access properties have teeth: leave the admin portals template in report-only and they catch it.
    const relaxed = sources.map((s) => (s.path.endsWith("admins.tenet") ? { ...s, text: s.text.replace(/(access admin-portals-mfa [^{]*\{[^}]*?)state enabled/, "$1state report-only") } : s));
    expect(relaxed).not.toEqual(sources);
    expect(verifyAll(relaxed).find((r) => r.name === "admin-portals-require-mfa")?.passed).toBe(false);
  });

  it("kills every mutant: flipping a comparison in any compliance rule fails some test", () => {
    const FLIP: Record<string, string> = { ">=": ">", ">": ">=", "<=": "<", "<": "<=", "==": "!=", "!=": "==" };
    const survivors: string[] = [];
    let mutants = 0;
    for (const [index, source] of sources.entries()) {
      if (!source.path.includes("/compliance/")) continue;
      const original = parse(source.text, source.path).value;
      const sites = comparisons(original);
      for (let site = 0; site < sites; site++) {
        const mutant = structuredClone(original) as PolicyFile;
        const described = mutate(mutant, site, FLIP);
        mutants++;
        const files = sources.map((s, i) => (i === index ? { path: s.path, text: print(mutant) } : s));
        if (runAll(files).every((r) => r.passed)) survivors.push(`${source.path.replace(root, "")}: ${described}`);
      }
    }
    expect(mutants).toBeGreaterThan(30);
    expect(survivors).toEqual([]);
  });
});

/** Visits every comparison-like node of the require clauses, in order. */
function visitRequires(file: PolicyFile, visit: (e: Expr) => boolean): void {
  const walkExpr = (e: Expr): boolean => {
    if (visit(e)) return true;
    for (const child of Object.values(e)) {
      if (child !== null && typeof child === "object" && "kind" in child && typeof (child as { kind: unknown }).kind === "string" && "span" in child) {
        if (walkExpr(child as Expr)) return true;
      }
    }
    return false;
  };
  for (const d of file.declarations) {
    if (d.kind !== "Compliance") continue;
    for (const c of d.clauses) if (c.kind === "Rule") for (const rc of c.clauses) if (rc.kind === "Require" && walkExpr(rc.condition)) return;
  }
}

const mutable = (e: Expr) => e.kind === "Compare" || e.kind === "Time" || e.kind === "In" || e.kind === "Presence";

function comparisons(file: PolicyFile): number {
  let n = 0;
  visitRequires(file, (e) => {
    if (mutable(e)) n++;
    return false;
  });
  return n;
}

function mutate(file: PolicyFile, site: number, flip: Record<string, string>): string {
  let n = 0;
  let described = "";
  visitRequires(file, (e) => {
    if (!mutable(e) || n++ !== site) return false;
    if (e.kind === "Compare") {
      described = `${e.operator} -> ${flip[e.operator]} at line ${e.span.start.line}`;
      e.operator = flip[e.operator] as typeof e.operator;
    } else if (e.kind === "Time") {
      described = `${e.operator} -> the other time operator at line ${e.span.start.line}`;
      e.operator = e.operator === "within" ? "olderThan" : "within";
    } else if (e.kind === "In") {
      described = `in negated at line ${e.span.start.line}`;
      e.negated = !e.negated;
    } else if (e.kind === "Presence") {
      described = `is present flipped at line ${e.span.start.line}`;
      e.present = !e.present;
    }
    return true;
  });
  return described;
}
