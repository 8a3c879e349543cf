import type { DeviceResult } from "@tenet/evaluator";

/** The Intune-compatible compliance summary (intune-mode.md §4.1). */
export interface IntuneComplianceSummary {
  policyStates: Record<string, string>;
  failedSettings: Record<string, string[]>;
  defaultPolicyState: "compliant" | "nonCompliant";
  defaultPolicyFailedSettings?: string[];
  deviceState: string;
  actions: { due: IntuneAction[]; pending: IntuneAction[] };
}

export interface IntuneAction {
  policyId: string;
  actionType: string;
  gracePeriodHours: number;
}

const POLICY_STATE: Record<string, string> = { noncompliant: "nonCompliant" };
const ACTION: Record<string, string> = { markNoncompliant: "block", notify: "notification", retire: "retire", wipe: "wipe", push: "pushNotification", lock: "remoteLock", removeAccessProfiles: "removeResourceAccessProfiles" };

/** Maps a Tenet device result onto Intune's summary: Graph state spellings, failed settings by Graph property name. */
export function intuneComplianceSummary(result: DeviceResult): IntuneComplianceSummary {
  const policyStates: Record<string, string> = {};
  const failedSettings: Record<string, string[]> = {};
  for (const p of result.policies) {
    policyStates[p.policy] = POLICY_STATE[p.state] ?? p.state;
    if (p.state === "noncompliant" || p.state === "inGracePeriod") failedSettings[p.policy] = p.rules.filter((r) => r.status === "fail").map((r) => r.rule);
  }
  const action = (a: DeviceResult["actions"]["due"][number]): IntuneAction => ({ policyId: a.policy, actionType: ACTION[a.action] ?? a.action, gracePeriodHours: Math.round(a.afterMillis / 3_600_000) });
  return {
    policyStates,
    failedSettings,
    defaultPolicyState: result.defaultPolicy.state === "compliant" ? "compliant" : "nonCompliant",
    ...(result.defaultPolicy.state === "compliant" ? {} : { defaultPolicyFailedSettings: result.defaultPolicy.failed }),
    deviceState: result.state,
    actions: { due: result.actions.due.map(action), pending: result.actions.pending.map(action) },
  };
}
