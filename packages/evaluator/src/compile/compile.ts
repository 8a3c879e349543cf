// compile: checked policy set -> closures, compiled once and evaluated many times.
import type { CheckedAccess, CheckedPolicySet, CheckedWaiver, Expr, Platform } from "@tenet/parser";
import { EvalEnv, type CompiledCondition } from "./env.js";
import { compileCondition as compileExprCondition, newExprCompiler, type ExprCompiler } from "./compile-expr.js";
import { generatePolicy } from "./generate-policy.js";
import type {
  CompiledAccessFilter,
  CompiledPolicy,
  CompiledPolicySet,
  CompiledRule,
  CompiledWaiver,
} from "./compiled-policy-set.js";

/**
 * Compiles every compliance policy and waiver of a checked set into closures built only
 * from the checked AST (no generated source text), precomputing paths, literals, version
 * components and regexes, and every access policy's device filter. The result is frozen.
 * Throws `CompileError` only on a checker invariant violation.
 */
export function compile(set: CheckedPolicySet): CompiledPolicySet {
  const c = newExprCompiler(set);
  const waivers = set.waivers.map((w) => compileWaiver(c, w));
  const policies = set.compliance.map((p): CompiledPolicy => {
    const rules = p.rules.map((r): CompiledRule => {
      const rule: CompiledRule = {
        id: r.id,
        name: r.name,
        policy: p.name,
        title: r.title,
        severity: r.severity,
        enforcement: r.enforcement,
        onUnknown: r.onUnknown,
        advisory: r.enforcement === "advisory",
        unknownStatus: r.onUnknown === "error" ? "error" : r.onUnknown === "fail" ? "fail" : "unknown",
        controls: r.controls,
        remediation: r.remediation,
        require: compileExprCondition(c, r.require),
        when: r.when === undefined ? undefined : compileExprCondition(c, r.when),
        waivers:
          r.enforcement === "hard"
            ? []
            : waivers.filter((w) =>
                w.checked.rules.some((ref) => ref.policy === p.name && (ref.rule === undefined || ref.rule === r.name)),
              ),
        checked: r,
      };
      return rule;
    });
    const mark = p.schedule.find((s) => s.action === "markNoncompliant");
    const policy: CompiledPolicy = {
      name: p.name,
      title: p.title,
      platforms: new Set<Platform>(p.platforms),
      enforcement: p.enforcement,
      rules,
      counted: rules.some((r) => !r.advisory),
      when: p.when === undefined ? undefined : compileExprCondition(c, p.when),
      decide: generatePolicy(c, p),
      schedule: [...p.schedule].sort((a, b) => a.afterMillis - b.afterMillis),
      graceMillis: mark?.afterMillis ?? 0,
      checked: p,
    };
    return policy;
  });
  const accessFilters = new Map<CheckedAccess, CompiledAccessFilter>();
  for (const policy of set.access) {
    const filter = policy.deviceFilter?.filter;
    if (filter === undefined) continue;
    accessFilters.set(
      policy,
      filter.kind === "entra"
        ? { kind: "entra", ast: filter.ast }
        : { kind: "tenet", condition: compileExprCondition(c, filter.condition) },
    );
  }
  return Object.freeze({
    policies,
    waivers,
    access: set.access,
    accessFilters,
    assignmentFilters: new Map((set.filters ?? []).map((f) => [f.name, f])),
    hasAssignments: set.compliance.some((p) => p.assignments !== undefined),
    hash: set.hash,
    rootName: set.schemas?.device?.rootName ?? "device",
    set,
    slots: c.slots,
    memoSlots: c.memoSlots,
    maxRules: policies.reduce((n, p) => Math.max(n, p.rules.length), 0),
  });
}

function compileWaiver(c: ExprCompiler, w: CheckedWaiver): CompiledWaiver {
  const out: CompiledWaiver = { name: w.name, expiresMillis: w.expiresMillis, checked: w };
  if (w.scope !== undefined) out.scope = compileExprCondition(c, w.scope);
  if (w.deviceIds !== undefined) out.deviceIds = new Set(w.deviceIds);
  return out;
}

/**
 * Compiles one condition over a fact root (e.g. an access policy's `devices where`
 * filter) against a checked set. The result returns true, false, or undefined when a
 * fact is missing or malformed.
 */
export function compileCondition(
  set: Pick<CheckedPolicySet, "types" | "letTargets">,
  expr: Expr,
): (root: unknown, now: number) => boolean | undefined {
  const c = newExprCompiler(set);
  const cond: CompiledCondition = compileExprCondition(c, expr);
  const env = new EvalEnv(c.slots, c.memoSlots);
  return (root, now) => {
    env.now = now;
    env.begin(root);
    try {
      const r = cond(root, env);
      return r === 1 ? true : r === 0 ? false : undefined;
    } finally {
      env.end();
    }
  };
}
