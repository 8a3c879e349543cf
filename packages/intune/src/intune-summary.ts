import type { ActionDue, DeviceResult } from "@tenet/evaluator";

/** One noncompliance action in the Intune summary, with its Graph `actionType`. */
export interface IntuneAction {
  policyId: string;
  actionType: string;
  gracePeriodHours: number;
}

/** The Intune-compatible compliance summary (docs/intune-mode.md §4.1). */
export interface IntuneComplianceSummary {
  policyStates: Record<string, string>;
  failedSettings: Record<string, string[]>;
  defaultPolicyState: "compliant" | "nonCompliant";
  defaultPolicyFailedSettings?: string[];
  deviceState: string;
  actions: { due: IntuneAction[]; pending: IntuneAction[] };
  /** With assignments: the policies assigned to the device (Intune lists only those in its policy states). */
  assignedPolicies?: string[];
  /** With assignments: why each policy that is not assigned is not ("excluded by group ...", "filter F excluded it: ..."). */
  notAssigned?: Record<string, string[]>;
  /** With assignments: policies whose assignment Tenet cannot decide (membership not known), and why. */
  assignmentUnknown?: Record<string, string[]>;
}

/** How `intuneComplianceSummary` names policies. */
export interface SummaryOptions {
  /** Graph policy id per Tenet policy name; policies without one keep their Tenet name. */
  policyIds?: Record<string, string>;
}

// Per-policy states use Graph `complianceStatus` spelling (`nonCompliant`); the device state
// keeps `managedDevice.complianceState` spelling (`noncompliant`), as Intune does.
const POLICY_STATE: Record<string, string> = { noncompliant: "nonCompliant" };
const ACTION_TYPE: Record<string, string> = {
  markNoncompliant: "block",
  notify: "notification",
  retire: "retire",
  wipe: "wipe",
  push: "pushNotification",
  lock: "remoteLock",
  removeAccessProfiles: "removeResourceAccessProfiles",
};

/**
 * Maps a Tenet device result onto Intune's summary: Graph state spellings, failed settings
 * by Graph property name (the rule names the importer gives), actions by Graph `actionType`.
 */
export function intuneComplianceSummary(result: DeviceResult, options: SummaryOptions = {}): IntuneComplianceSummary {
  const idOf = (name: string) => options.policyIds?.[name] ?? name;
  const policyStates: Record<string, string> = {};
  const failedSettings: Record<string, string[]> = {};
  const notAssigned: Record<string, string[]> = {};
  const assignmentUnknown: Record<string, string[]> = {};
  for (const p of result.policies) {
    if (p.assignment?.status === "notAssigned") {
      notAssigned[idOf(p.policy)] = p.assignment.reasons;
      continue;
    }
    if (p.assignment?.status === "unknown") assignmentUnknown[idOf(p.policy)] = p.assignment.reasons;
    policyStates[idOf(p.policy)] = POLICY_STATE[p.state] ?? p.state;
    if (p.state === "noncompliant" || p.state === "inGracePeriod")
      failedSettings[idOf(p.policy)] = [...new Set(p.rules.filter((r) => r.status === "fail").map((r) => r.rule))];
  }
  const action = (a: ActionDue): IntuneAction => ({
    policyId: idOf(a.policy),
    actionType: ACTION_TYPE[a.action] ?? a.action,
    gracePeriodHours: Math.round(a.afterMillis / 3_600_000),
  });
  const summary: IntuneComplianceSummary = {
    policyStates,
    failedSettings,
    defaultPolicyState: result.defaultPolicy.state === "compliant" ? "compliant" : "nonCompliant",
    deviceState: result.state,
    actions: { due: result.actions.due.map(action), pending: result.actions.pending.map(action) },
  };
  if (result.defaultPolicy.state !== "compliant")
    summary.defaultPolicyFailedSettings = [...result.defaultPolicy.failed];
  if (result.assigned !== undefined) {
    summary.assignedPolicies = result.assigned.map(idOf);
    summary.notAssigned = notAssigned;
    if (Object.keys(assignmentUnknown).length > 0) summary.assignmentUnknown = assignmentUnknown;
  }
  return summary;
}
