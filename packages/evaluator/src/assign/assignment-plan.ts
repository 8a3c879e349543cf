// assign: the compiled set's assignment data, looked up once per set rather than per device.
import type { CheckedFilter, CheckedPolicySet } from "@tenet/parser";

/** Filters by name and whether any policy declares assignments. */
export interface AssignmentPlan {
  filters: ReadonlyMap<string, CheckedFilter>;
  any: boolean;
}

const plans = new WeakMap<CheckedPolicySet, AssignmentPlan>();

/** The assignment plan of a checked set (cached per set; the set is never mutated). */
export function assignmentPlan(set: CheckedPolicySet): AssignmentPlan {
  let plan = plans.get(set);
  if (plan === undefined) {
    plan = { filters: new Map((set.filters ?? []).map((f) => [f.name, f])), any: set.compliance.some((p) => p.assignments !== undefined) };
    plans.set(set, plan);
  }
  return plan;
}
