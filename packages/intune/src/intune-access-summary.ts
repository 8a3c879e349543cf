import type { AccessDecision } from "@tenet/evaluator";

/** The Intune-mode summary of an access decision (docs/intune-mode.md §4.2). */
export interface IntuneAccessSummary {
  applies: string[];
  reportOnlyApplies: string[];
  notApplied: string[];
  notEvaluated: string[];
  decision: AccessDecision["decision"];
  unmetControls: { policyId: string; operator: "AND" | "OR"; controls: string[] }[];
  accessGrantedNow: boolean;
  reportOnlyResults: Record<string, "success" | "failure" | "userActionRequired">;
  invalidPolicies: string[];
}

/** Maps Tenet's decision to the exact shape Intune users compare against; `invalid` lists policies the checker rejected. */
export function accessSummary(decision: AccessDecision, invalid: string[] = []): IntuneAccessSummary {
  const p = decision.policies;
  return {
    applies: p.filter((x) => x.applies && x.state === "enabled").map((x) => x.policy),
    reportOnlyApplies: p.filter((x) => x.applies && x.state === "reportOnly").map((x) => x.policy),
    notApplied: [...p.filter((x) => !x.applies && x.state !== "disabled").map((x) => x.policy), ...invalid],
    notEvaluated: p.filter((x) => x.state === "disabled").map((x) => x.policy),
    decision: decision.decision,
    unmetControls: decision.unmetControls.map((u) => ({
      policyId: u.policy,
      operator: u.operator,
      controls: u.controls.map((c) =>
        c === "hybridJoinedDevice"
          ? "domainJoinedDevice"
          : c === "approvedApp"
            ? "approvedApplication"
            : c === "appProtection"
              ? "compliantApplication"
              : c,
      ),
    })),
    accessGrantedNow: decision.accessGrantedNow,
    reportOnlyResults: Object.fromEntries(
      p.filter((x) => x.reportOnlyResult !== undefined).map((x) => [x.policy, x.reportOnlyResult!]),
    ),
    invalidPolicies: invalid,
  };
}
