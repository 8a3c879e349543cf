// evaluate: compiled policy set + device snapshot -> DeviceResult (pure; `now` comes from options).
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { EvalEnv } from "../compile/env.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import type { Truth } from "../values/kleene.js";
import { assembleResult, resolveSettings } from "./assemble-result.js";
import type { ConditionRunner } from "./rule-runner.js";

const runners = new WeakMap<EvalEnv, ConditionRunner>();

/** One runner per compiled set, reading the snapshot from its env, so evaluation allocates no closures. */
function runnerFor(env: EvalEnv): ConditionRunner {
  let runner = runners.get(env);
  if (runner === undefined) {
    runner = {
      ruleWhen: (rule) => (rule.when as NonNullable<typeof rule.when>)(env.root, env) as Truth,
      ruleRequire: (rule) => rule.require(env.root, env) as Truth,
      policyWhen: (policy) => (policy.when as NonNullable<typeof policy.when>)(env.root, env) as Truth,
      waiverScope: (w) => (w.scope as NonNullable<typeof w.scope>)(env.root, env) as Truth,
    };
    runners.set(env, runner);
  }
  return runner;
}

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
  env.root = facts;
  try {
    return assembleResult(compiled, facts, settings, options.previous, runnerFor(env));
  } finally {
    // Do not keep the snapshot alive through the compiled set.
    env.root = undefined;
  }
}
