import { evaluate, type CompiledPolicySet, type DeviceResult, type EvaluateOptions } from "@tenet/evaluator";

/** A compiled policy set, optionally narrowed to one of its compliance policies. */
export type PolicyUnderTest = CompiledPolicySet | { compiled: CompiledPolicySet; policy: string };

/** Whether `target` accepts the device: the named policy (or the whole device) is compliant or not applicable. */
export function accepts(
  target: PolicyUnderTest,
  facts: unknown,
  options: EvaluateOptions,
): { ok: boolean; result: DeviceResult; state: string } {
  const { compiled, policy } = split(target);
  const result = evaluate(compiled, facts, options);
  if (policy === undefined) return { ok: result.state === "compliant", result, state: result.state };
  const p = result.policies.find((x) => x.policy === policy);
  if (p === undefined) throw new Error(`policy \`${policy}\` is not in the compiled set`);
  return { ok: p.state === "compliant" || p.state === "notApplicable", result, state: p.state };
}

/** The display name of a target, for messages. */
export function targetName(target: PolicyUnderTest): string {
  const { policy } = split(target);
  return policy === undefined ? "the policy set" : `\`${policy}\``;
}

/** The policy name of a target, if it names one. */
export function policyOf(target: PolicyUnderTest): string | undefined {
  return split(target).policy;
}

/** The compiled set behind a target. */
export function compiledOf(target: PolicyUnderTest): CompiledPolicySet {
  return split(target).compiled;
}

function split(target: PolicyUnderTest): { compiled: CompiledPolicySet; policy?: string } {
  return "compiled" in target && "policy" in target ? target : { compiled: target as CompiledPolicySet };
}
