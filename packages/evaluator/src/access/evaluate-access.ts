import type { CheckedAccess } from "@tenet/parser";
import { compileCondition } from "../compile/compile.js";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import { ENGINE_VERSION } from "../evaluate/engine-version.js";
import { parseNow } from "../evaluate/evaluation-instant.js";
import type { AccessDecision, PolicyEvaluation } from "../model/access-decision.js";
import { evaluateEntraFilter } from "./entra-filter-eval.js";
import { combineSessions, legacyClientOf, reportOnlyResult, unmetControls, unsatisfiableControls } from "./grant.js";
import { firstUnmetCondition, viewOf } from "./match-conditions.js";

export interface AccessOptions {
  /** The evaluation instant (ISO-8601, Date or epoch ms); never read from the clock. */
  now: string | Date | number;
}

type Filter = (device: unknown, now: number) => boolean;
const filters = new WeakMap<CompiledPolicySet, Map<CheckedAccess, Filter>>();

/** Compiles each policy's device filter once per compiled set. */
function filterOf(compiled: CompiledPolicySet, policy: CheckedAccess): Filter {
  let cache = filters.get(compiled);
  if (cache === undefined) filters.set(compiled, (cache = new Map()));
  let filter = cache.get(policy);
  if (filter === undefined) {
    const f = policy.deviceFilter?.filter;
    if (f === undefined) filter = () => false;
    else if (f.kind === "entra") filter = (device) => evaluateEntraFilter(f.ast, device);
    else {
      const condition = compileCondition(compiled.set, f.condition);
      // An unregistered device (null) has no facts: a Tenet filter over it reads as missing, so it does not match.
      filter = (device, now) => condition(device ?? {}, now) === true;
    }
    cache.set(policy, filter);
  }
  return filter;
}

/**
 * Evaluates a sign-in against the access policies as Entra Conditional Access does: which
 * enforced and report-only policies apply (and, for the others, the first condition that
 * did not match), the decision, the controls still to satisfy in prompt order, and the
 * combined session controls. Pure: the same input always gives the same decision.
 */
export function evaluateAccess(compiled: CompiledPolicySet, signIn: unknown, options: AccessOptions): AccessDecision {
  const nowMs = parseNow(options.now);
  const view = viewOf(signIn);
  const policies: PolicyEvaluation[] = [];
  for (const policy of compiled.access) {
    // Plain object literals: spreading a shared base object here cost 20x the whole condition check.
    const grant = policy.grant.kind;
    if (policy.state === "disabled") {
      policies.push({ policy: policy.name, title: policy.title, state: policy.state, grant, applies: false, unmet: [] });
      continue;
    }
    const unmetCondition = firstUnmetCondition(policy, view, () => filterOf(compiled, policy)(view.device, nowMs));
    if (unmetCondition !== undefined) {
      policies.push({ policy: policy.name, title: policy.title, state: policy.state, grant, applies: false, reason: unmetCondition.reason, detail: unmetCondition.detail, unmet: [] });
      continue;
    }
    const unmet = unmetControls(policy.grant, signIn, view.device);
    const evaluation: PolicyEvaluation = { policy: policy.name, title: policy.title, state: policy.state, grant, applies: true, unmet };
    if (policy.grant.kind === "controls") evaluation.operator = policy.grant.operator;
    const unsatisfiable = unsatisfiableControls(unmet, signIn);
    if (unsatisfiable.length > 0) {
      evaluation.unsatisfiable = unsatisfiable;
      const names = unsatisfiable.map((c) => `\`${c}\``).join(", ");
      evaluation.detail = `${names} cannot be satisfied over the legacy authentication client \`${legacyClientOf(signIn)}\`: legacy protocols cannot do multifactor authentication or show an interactive prompt`;
    }
    if (policy.state === "reportOnly") evaluation.reportOnlyResult = reportOnlyResult(policy.grant, unmet, unsatisfiable);
    policies.push(evaluation);
  }
  const enforced = policies.filter((p) => p.applies && p.state === "enabled");
  const decision = enforced.some((p) => p.grant === "block") ? "block" : enforced.length > 0 ? "grant" : "notApplied";
  const unmet =
    decision === "block"
      ? []
      : enforced.filter((p) => p.grant === "controls" && p.unmet.length > 0).map((p) => ({ policy: p.policy, operator: p.operator ?? "AND", controls: p.unmet }));
  const byName = new Map(compiled.access.map((p) => [p.name, p]));
  return {
    decision,
    accessGrantedNow: decision === "notApplied" || (decision === "grant" && unmet.length === 0),
    policies,
    unmetControls: unmet,
    session: decision === "block" ? {} : combineSessions(enforced.map((p) => byName.get(p.policy)!.session)),
    now: new Date(nowMs).toISOString(),
    policySetHash: compiled.hash,
    engineVersion: ENGINE_VERSION,
  };
}
