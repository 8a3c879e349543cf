import type { CheckedAccess } from "@tenet/parser";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { EvalEnv } from "../compile/env.js";
import { evaluateEntraFilter } from "./entra-filter-eval.js";

/**
 * Whether a policy's device filter matches a device, in `env`; an unregistered device (null)
 * has no facts, so a Tenet filter over it reads as missing. A policy without a filter: false.
 */
export function deviceFilterMatcher(
  compiled: CompiledPolicySet,
  env: EvalEnv,
): (policy: CheckedAccess, device: unknown) => boolean {
  return (policy, device) => {
    const filter = compiled.accessFilters.get(policy);
    if (filter === undefined) return false;
    if (filter.kind === "entra") return evaluateEntraFilter(filter.ast, device);
    return filter.condition(device ?? {}, env) === 1;
  };
}
