// evaluate: compiled policy set + device snapshot -> DeviceResult in one call (pure; `now` comes from options).
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import { instantOf } from "./evaluation-instant.js";
import { prepare } from "./prepare.js";

/**
 * Evaluates one device snapshot against a compiled set with Intune semantics: the one-call
 * helper over `prepare`. Deterministic: the same compiled set, facts and options give the
 * same result. Throws `InvalidNowError` when `options.now` is not a valid instant. For many
 * snapshots, `prepare` once and evaluate each with the prepared evaluation.
 */
export function evaluate(compiled: CompiledPolicySet, facts: unknown, options: EvaluateOptions): DeviceResult {
  const { now, previous, ...rest } = options;
  return prepare(compiled, { ...rest, now: instantOf(now) }).evaluate(facts, previous);
}
