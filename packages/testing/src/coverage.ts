import type { Expr, PathExpr } from "@tenet/parser";
import { compileCondition, renderExpr, type CompiledPolicySet, type DeviceResult } from "@tenet/evaluator";

/** One device evaluation a test performed, as coverage input. */
export interface CoverageSample {
  facts: unknown;
  now: number;
  result: DeviceResult;
}

export interface ConditionCoverage {
  text: string;
  sawTrue: boolean;
  sawFalse: boolean;
}

export interface RuleCoverage {
  id: string;
  sawPass: boolean;
  sawFail: boolean;
  conditions: ConditionCoverage[];
}

export interface CoverageReport {
  rules: RuleCoverage[];
  /** Fact paths the policies read that no test snapshot provided. */
  untouchedFacts: string[];
  /** Verdicts that no test produced, among those that matter for review. */
  missingVerdicts: string[];
  /** Covered outcomes / all outcomes (each rule pass+fail, each comparison true+false), 0-100. */
  percent: number;
}

const VERDICTS = ["pass", "fail", "error", "waived", "notApplicable", "inGracePeriod"] as const;

/**
 * Condition coverage of a test run: for every rule and every comparison inside it, whether some
 * test saw it true and some test saw it false; fact paths no test touched; verdicts never produced.
 */
export function computeCoverage(compiled: CompiledPolicySet, samples: CoverageSample[]): CoverageReport {
  const rules: RuleCoverage[] = [];
  const readPaths = new Set<string>();
  let total = 0;
  let covered = 0;
  for (const policy of compiled.policies) {
    for (const rule of policy.rules) {
      const statuses = samples.map(
        (s) => s.result.policies.find((p) => p.policy === policy.name)?.rules.find((r) => r.id === rule.id)?.status,
      );
      const conditions = atoms(rule.checked.require).map((atom) => {
        const fn = compileCondition(compiled.set, atom);
        let sawTrue = false;
        let sawFalse = false;
        for (const s of samples) {
          const v = fn(s.facts, s.now);
          if (v === true) sawTrue = true;
          else if (v === false) sawFalse = true;
        }
        for (const p of factPaths(atom, compiled.rootName)) readPaths.add(p);
        return { text: renderExpr(atom), sawTrue, sawFalse };
      });
      const entry: RuleCoverage = {
        id: rule.id,
        sawPass: statuses.includes("pass"),
        sawFail: statuses.includes("fail"),
        conditions,
      };
      rules.push(entry);
      total += 2 + conditions.length * 2;
      covered += Number(entry.sawPass) + Number(entry.sawFail);
      for (const c of conditions) covered += Number(c.sawTrue) + Number(c.sawFalse);
    }
  }
  const untouchedFacts = [...readPaths].filter((p) => !samples.some((s) => hasPath(s.facts, p))).sort();
  const seen = new Set<string>();
  for (const s of samples) {
    for (const p of s.result.policies) {
      if (p.state === "inGracePeriod") seen.add("inGracePeriod");
      for (const r of p.rules) seen.add(r.status);
    }
  }
  const missingVerdicts = VERDICTS.filter((v) => !seen.has(v));
  return {
    rules,
    untouchedFacts,
    missingVerdicts,
    percent: total === 0 ? 100 : Math.round((covered / total) * 1000) / 10,
  };
}

/** The comparisons (leaves under and/or/not) of a condition. */
function atoms(e: Expr): Expr[] {
  switch (e.kind) {
    case "Binary":
      return [...atoms(e.left), ...atoms(e.right)];
    case "Not":
      return atoms(e.operand);
    case "Paren":
      return atoms(e.inner);
    default:
      return [e];
  }
}

function factPaths(e: Expr, root: string): string[] {
  const out: string[] = [];
  const visit = (x: Expr): void => {
    if (x.kind === "Path") {
      if (x.segments[0]?.name === root && x.segments.length > 1)
        out.push(
          (x as PathExpr).segments
            .slice(1)
            .map((s) => s.name)
            .join("."),
        );
      return;
    }
    for (const child of Object.values(x)) {
      if (child !== null && typeof child === "object" && "kind" in child && child !== x) visit(child as Expr);
      if (Array.isArray(child))
        for (const c of child) if (c !== null && typeof c === "object" && "kind" in c) visit(c as Expr);
    }
  };
  visit(e);
  return out;
}

function hasPath(facts: unknown, path: string): boolean {
  let cur: unknown = facts;
  for (const seg of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return false;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur !== undefined && cur !== null;
}
