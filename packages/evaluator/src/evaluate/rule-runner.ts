import { F, T, type Truth } from "../values/kleene.js";
import type { CompiledPolicy, CompiledRule, CompiledWaiver } from "../compile/compiled-policy-set.js";
import { RULE_NOT_APPLICABLE } from "../compile/generate-policy.js";

/**
 * How conditions are decided during one evaluation. The compiled evaluator runs generated
 * code and closures; the reference interpreter walks the AST. Everything around (waivers,
 * states, grace, default policy) is shared, so the differential test compares the condition engines.
 */
export interface ConditionRunner {
  /**
   * Each rule's outcome, by its position in the policy: its `when` when that is not true
   * (false as `RULE_NOT_APPLICABLE`), otherwise its `require`. Read before the next call.
   */
  ruleOutcomes(policy: CompiledPolicy): ArrayLike<number>;
  policyWhen(policy: CompiledPolicy): Truth;
  waiverScope(waiver: CompiledWaiver): Truth;
}

/** Fills `out` with each rule's outcome (as `ConditionRunner.ruleOutcomes`) from per-rule deciders. */
export function outcomesOf(
  rules: readonly CompiledRule[],
  out: Uint8Array,
  when: (rule: CompiledRule) => Truth,
  require: (rule: CompiledRule) => Truth,
): Uint8Array {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as CompiledRule;
    const w = rule.when === undefined ? T : when(rule);
    out[i] = w === F ? RULE_NOT_APPLICABLE : w === T ? require(rule) : w;
  }
  return out;
}
