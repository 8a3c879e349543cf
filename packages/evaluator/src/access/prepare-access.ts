// prepareAccess: compiled access policies + an instant -> a sign-in evaluator that owns its context.
import type { Instant } from "@tenet/parser";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import { EvalEnv } from "../compile/env.js";
import { ENGINE_VERSION } from "../evaluate/engine-version.js";
import type { AccessDecision, PolicyEvaluation } from "../model/access-decision.js";
import { deviceFilterMatcher } from "./device-filter-matcher.js";
import { combineSessions, legacyClientOf, reportOnlyResult, unmetControls, unsatisfiableControls } from "./grant.js";
import { firstUnmetCondition, viewOf } from "./match-conditions.js";

/** The settings a prepared access evaluation binds once for every sign-in. */
export interface PrepareAccessOptions {
  /** The evaluation instant, read with `parseInstant`: never read from a clock. */
  now: Instant;
}

/** A compiled set's access policies bound to one instant: evaluate many sign-ins with it. */
export interface PreparedAccess {
  readonly compiled: CompiledPolicySet;
  readonly now: Instant;
  /** Decides one sign-in (see `evaluateAccess`). Synchronous and not re-entrant. */
  evaluate(signIn: unknown): AccessDecision;
}

/**
 * Binds a compiled set's access policies to an instant. The returned evaluator owns its
 * evaluation context; the compiled set stays untouched.
 */
export function prepareAccess(compiled: CompiledPolicySet, options: PrepareAccessOptions): PreparedAccess {
  const now = options.now;
  const env = new EvalEnv(compiled.slots);
  env.now = now.millis;
  const byName = new Map(compiled.access.map((p) => [p.name, p]));
  const filterMatches = deviceFilterMatcher(compiled, env);
  return Object.freeze({
    compiled,
    now,
    evaluate(signIn: unknown): AccessDecision {
      const view = viewOf(signIn);
      const policies: PolicyEvaluation[] = [];
      for (const policy of compiled.access) {
        // Plain object literals: spreading a shared base object here cost 20x the whole condition check.
        const grant = policy.grant.kind;
        if (policy.state === "disabled") {
          policies.push({
            policy: policy.name,
            title: policy.title,
            state: policy.state,
            grant,
            applies: false,
            unmet: [],
          });
          continue;
        }
        const undecided: string[] = [];
        const unmetCondition = firstUnmetCondition(policy, view, () => filterMatches(policy, view.device), undecided);
        if (unmetCondition !== undefined) {
          policies.push({
            policy: policy.name,
            title: policy.title,
            state: policy.state,
            grant,
            applies: false,
            reason: unmetCondition.reason,
            detail: unmetCondition.detail,
            unmet: [],
          });
          continue;
        }
        if (policy.unsupported !== undefined || undecided.length > 0) {
          // The representation applies to at least every sign-in the source policy applies to; what it drops decides the rest.
          // Likewise a condition the sign-in's source could not decide (a log without group membership).
          const why = [...(policy.unsupported ?? []), ...undecided];
          policies.push({
            policy: policy.name,
            title: policy.title,
            state: policy.state,
            grant,
            applies: true,
            unmet: [],
            notEvaluable: why,
            detail: `not evaluable: ${why.join("; ")}`,
          });
          continue;
        }
        const unmet = unmetControls(policy.grant, signIn, view.device);
        const evaluation: PolicyEvaluation = {
          policy: policy.name,
          title: policy.title,
          state: policy.state,
          grant,
          applies: true,
          unmet,
        };
        if (policy.grant.kind === "controls") evaluation.operator = policy.grant.operator;
        const unsatisfiable = unsatisfiableControls(unmet, signIn);
        if (unsatisfiable.length > 0) {
          evaluation.unsatisfiable = unsatisfiable;
          const names = unsatisfiable.map((c) => `\`${c}\``).join(", ");
          evaluation.detail =
            `${names} cannot be satisfied over the legacy authentication client \`${legacyClientOf(signIn)}\`: ` +
            "legacy protocols cannot do multifactor authentication or show an interactive prompt";
        }
        if (policy.state === "reportOnly")
          evaluation.reportOnlyResult = reportOnlyResult(policy.grant, unmet, unsatisfiable);
        policies.push(evaluation);
      }
      const applying = policies.filter((p) => p.applies && p.state === "enabled");
      const enforced = applying.filter((p) => p.notEvaluable === undefined);
      const decision = enforced.some((p) => p.grant === "block")
        ? "block"
        : enforced.length < applying.length
          ? "unknown"
          : enforced.length > 0
            ? "grant"
            : "notApplied";
      const unmet =
        decision === "block"
          ? []
          : enforced
              .filter((p) => p.grant === "controls" && p.unmet.length > 0)
              .map((p) => ({ policy: p.policy, operator: p.operator ?? "AND", controls: p.unmet }));
      return {
        decision,
        accessGrantedNow: decision === "notApplied" || (decision === "grant" && unmet.length === 0),
        policies,
        unmetControls: unmet,
        session: decision === "block" ? {} : combineSessions(enforced.map((p) => byName.get(p.policy)!.session)),
        now: now.iso,
        policySetHash: compiled.hash,
        engineVersion: ENGINE_VERSION,
      };
    },
  });
}
