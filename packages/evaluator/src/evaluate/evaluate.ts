// evaluate: compiled policy set + device snapshot -> DeviceResult (pure; `now` comes from options).
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import type { Truth } from "../values/kleene.js";
import { assembleResult, resolveSettings } from "./assemble-result.js";
import type { ConditionRunner } from "./rule-runner.js";

/**
 * Evaluates one device snapshot against a compiled set with Intune semantics. Deterministic:
 * the same compiled set, facts and options give the same result. Throws `InvalidNowError`
 * when `options.now` is not a valid instant.
 */
export function evaluate(compiled: CompiledPolicySet, facts: unknown, options: EvaluateOptions): DeviceResult {
  const settings = resolveSettings(options);
  const env = compiled.env;
  env.now = settings.now;
  env.less = settings.padding === "less";
  const runner: ConditionRunner = {
    ruleWhen: (rule) => (rule.when as NonNullable<typeof rule.when>)(facts, env) as Truth,
    ruleRequire: (rule) => rule.require(facts, env) as Truth,
    policyWhen: (policy) => (policy.when as NonNullable<typeof policy.when>)(facts, env) as Truth,
    waiverScope: (w) => (w.scope as NonNullable<typeof w.scope>)(facts, env) as Truth,
  };
  return assembleResult(compiled, facts, settings, options.previous, runner);
}
