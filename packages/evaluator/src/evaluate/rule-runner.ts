import type { Truth } from "../values/kleene.js";
import type { CompiledPolicy, CompiledRule, CompiledWaiver } from "../compile/compiled-policy-set.js";

/**
 * How conditions are decided during one evaluation. The compiled evaluator runs closures;
 * the reference interpreter walks the AST. Everything around (waivers, states, grace,
 * default policy) is shared, so the differential test compares the condition engines.
 */
export interface ConditionRunner {
  ruleWhen(rule: CompiledRule): Truth;
  ruleRequire(rule: CompiledRule): Truth;
  policyWhen(policy: CompiledPolicy): Truth;
  waiverScope(waiver: CompiledWaiver): Truth;
}
