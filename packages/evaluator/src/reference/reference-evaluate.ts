// reference: evaluate by walking the checked AST directly (the oracle for the compiled evaluator).
import type { CheckedPolicySet } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import { assembleResult, resolveSettings } from "../evaluate/assemble-result.js";
import { assignContext } from "../assign/resolve-assignments.js";
import { instantOf } from "../evaluate/evaluation-instant.js";
import { outcomesOf, type ConditionRunner } from "../evaluate/rule-runner.js";
import { withReportedStates } from "../values/reported-states.js";
import { refCondition, type RefContext } from "./reference-expr.js";

/**
 * Evaluates a snapshot like `evaluate`, but decides every condition with the plain AST
 * walker in `reference-expr.ts`. Slow and simple on purpose: property tests compare it
 * with the compiled closures.
 */
export function referenceEvaluate(set: CheckedPolicySet, snapshot: unknown, options: EvaluateOptions): DeviceResult {
  const facts = withReportedStates(snapshot);
  const settings = resolveSettings({ ...options, now: instantOf(options.now) });
  const compiled = compile(set);
  const ctx: RefContext = {
    set,
    root: facts,
    rootName: compiled.rootName,
    now: settings.now,
    padding: settings.padding,
    vars: new Map(),
  };
  const runner: ConditionRunner = {
    ruleOutcomes: (policy) =>
      outcomesOf(
        policy.rules,
        new Uint8Array(policy.rules.length),
        (rule) => refCondition(ctx, rule.checked.when!),
        (rule) => refCondition(ctx, rule.checked.require),
      ),
    policyWhen: (policy) => refCondition(ctx, policy.checked.when!),
    waiverScope: (w) => refCondition(ctx, w.checked.scope!),
  };
  return assembleResult(
    compiled,
    facts,
    settings,
    options.previous,
    compiled.hasAssignments
      ? assignContext(compiled.policies, compiled.assignmentFilters, options.memberships)
      : undefined,
    runner,
  );
}
