// prepare: compiled policy set + per-call settings -> an evaluator that owns its context (OPA's PrepareForEval).
import type { Instant } from "@tenet/parser";
import type { CompiledPolicySet, CompiledRule } from "../compile/compiled-policy-set.js";
import { EvalEnv } from "../compile/env.js";
import type { DeviceResult, DeviceVerdict, PreviousState } from "../model/device-result.js";
import type { PrepareOptions, PreviousLookup } from "../model/prepare-options.js";
import type { Truth } from "../values/kleene.js";
import { getOwn } from "../values/fact-lookup.js";
import { withReportedStates } from "../values/reported-states.js";
import { assembleResult, resolveSettings, unlistedRecords } from "./assemble-result.js";
import { ExplanationCache } from "../explain/explanation-cache.js";
import { assignContext } from "../assign/resolve-assignments.js";
import { outcomesOf, type ConditionRunner } from "./rule-runner.js";

/** A compiled set bound to one instant and one set of settings: evaluate many snapshots with it. */
export interface PreparedEvaluation {
  readonly compiled: CompiledPolicySet;
  readonly now: Instant;
  /**
   * Evaluates one device snapshot with Intune semantics. `previous`, when given, is used
   * instead of the prepared lookup for this snapshot. Deterministic; synchronous, and not
   * re-entrant (a prepared evaluation reuses one context).
   */
  evaluate(facts: unknown, previous?: PreviousState): DeviceResult;
  /**
   * The same evaluation, returning only the verdict: the device state and each policy's state
   * and listed rules (as `evaluate` gives them), without the default policy, grace and action
   * records, the next-state record or replay fields. For bulk scoring (with `explain: false`
   * and `rules: "failures"`, the failed-rule list per device). A policy record that lists no
   * rule is one frozen object shared by every verdict of this prepared evaluation.
   */
  verdict(facts: unknown, previous?: PreviousState): DeviceVerdict;
}

/**
 * Binds a compiled set to an instant and settings. The returned evaluator owns its settings,
 * its evaluation context and its condition runner; the compiled set stays untouched, so any
 * number of prepared evaluations can share it.
 */
export function prepare(compiled: CompiledPolicySet, options: PrepareOptions): PreparedEvaluation {
  const settings = resolveSettings(options);
  // Remembered for this instant and these settings only, so kept here and not in the compiled set.
  if (settings.explain) settings.explanations = new ExplanationCache();
  settings.unlisted = unlistedRecords(compiled);
  const env = new EvalEnv(compiled.slots, compiled.memoSlots);
  env.now = settings.now;
  env.less = settings.padding === "less";
  // Closures over the context, made once, so evaluation allocates none.
  // One buffer for every policy: a policy's outcomes are read before the next policy is decided.
  const outcomes = new Uint8Array(compiled.maxRules);
  const when = (rule: CompiledRule) => (rule.when as NonNullable<typeof rule.when>)(env.root, env) as Truth;
  const require = (rule: CompiledRule) => rule.require(env.root, env) as Truth;
  const runner: ConditionRunner = {
    ruleOutcomes: (policy) => {
      if (policy.decide === undefined) return outcomesOf(policy.rules, outcomes, when, require);
      policy.decide(env.root, env, outcomes);
      return outcomes;
    },
    policyWhen: (policy) => (policy.when as NonNullable<typeof policy.when>)(env.root, env) as Truth,
    waiverScope: (w) => (w.scope as NonNullable<typeof w.scope>)(env.root, env) as Truth,
  };
  const lookup = previousLookup(options.previous);
  // Assignment texts and plans are made once here, not per device.
  const assign = compiled.hasAssignments
    ? assignContext(compiled.policies, compiled.assignmentFilters, options.memberships)
    : undefined;
  function run(facts: unknown, previous: PreviousState | undefined, verdict: boolean): DeviceResult | DeviceVerdict {
    const prev = previous ?? (lookup === undefined ? undefined : lookup(facts));
    const root = withReportedStates(facts);
    env.begin(root);
    try {
      return verdict
        ? assembleResult(compiled, root, settings, prev, assign, runner, true)
        : assembleResult(compiled, root, settings, prev, assign, runner);
    } finally {
      // Do not keep the snapshot alive through the prepared evaluation.
      env.end();
    }
  }
  return Object.freeze({
    compiled,
    now: options.now,
    evaluate: (facts: unknown, previous?: PreviousState) => run(facts, previous, false) as DeviceResult,
    verdict: (facts: unknown, previous?: PreviousState) => run(facts, previous, true),
  });
}

function previousLookup(
  previous: PreviousLookup | undefined,
): ((facts: unknown) => PreviousState | undefined) | undefined {
  if (previous === undefined) return undefined;
  const find = typeof previous === "function" ? previous : (id: string) => previous.get(id);
  return (facts) => {
    const id = getOwn(facts, "id");
    return typeof id === "string" ? find(id) : undefined;
  };
}
