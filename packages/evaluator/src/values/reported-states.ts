/**
 * The per-setting outcomes Intune reported (`deviceCompliancePolicyStates[].settingStates[]`,
 * as Graph sends them) as one map by Graph property: `reported.passwordRequiredType`.
 * Rules that carry over settings Tenet cannot recompute from facts read this map; a setting
 * nobody reported stays missing, so such a rule is `error`, never `pass`.
 */
import { getOwn, MISSING } from "./fact-lookup.js";

type Json = Record<string, unknown>;
export interface ReportedSetting {
  state: string;
  compliant?: boolean;
  currentValue?: string;
  errorCode?: number;
  errorDescription?: string;
  policy?: string;
}

// Graph complianceStatus: which states say the setting holds, fails, or says nothing.
const HOLDS = new Set(["compliant", "remediated", "notApplicable"]);
const FAILS = new Set(["nonCompliant", "noncompliant"]);
const BROKEN = new Set(["error", "conflict"]);
/** Rank of a state when several policies report one setting: the worst decides (error is worst, as in Tenet's state ladder). */
const rank = (state: string) => (BROKEN.has(state) ? 3 : FAILS.has(state) ? 2 : HOLDS.has(state) ? 1 : 0);

/** `Windows10CompliancePolicy.PasswordRequiredType` -> `passwordRequiredType`. */
export function reportedKey(setting: unknown, settingName: unknown): string | undefined {
  const raw =
    typeof setting === "string" && setting !== "" ? setting : typeof settingName === "string" ? settingName : "";
  const name = raw.slice(raw.lastIndexOf(".") + 1).trim();
  return name === "" ? undefined : name[0]!.toLowerCase() + name.slice(1);
}

/**
 * The snapshot with `reported` derived from `deviceCompliancePolicyStates` (a shallow copy;
 * the input is not changed). A snapshot that already has `reported`, or has no policy states,
 * is returned as it is.
 */
export function withReportedStates(facts: unknown): unknown {
  const states = getOwn(facts, "deviceCompliancePolicyStates");
  if (!Array.isArray(states) || getOwn(facts, "reported") !== MISSING) return facts;
  const reported: Record<string, ReportedSetting> = Object.create(null) as Record<string, ReportedSetting>;
  for (const policy of states) {
    const settings = getOwn(policy, "settingStates");
    if (!Array.isArray(settings)) continue;
    const policyName = getOwn(policy, "displayName");
    for (const s of settings) {
      const key = reportedKey(getOwn(s, "setting"), getOwn(s, "settingName"));
      const state = getOwn(s, "state");
      if (key === undefined || typeof state !== "string" || key === "__proto__") continue;
      const before = reported[key];
      if (before !== undefined && rank(before.state) >= rank(state)) continue;
      reported[key] = settingOf(s as Json, state, policyName);
    }
  }
  return { ...(facts as Json), reported: { ...reported } };
}

function settingOf(s: Json, state: string, policy: unknown): ReportedSetting {
  const out: ReportedSetting = { state };
  if (HOLDS.has(state)) out.compliant = true;
  else if (FAILS.has(state)) out.compliant = false;
  for (const k of ["currentValue", "errorDescription"] as const) if (typeof s[k] === "string") out[k] = s[k];
  if (typeof s["errorCode"] === "number") out.errorCode = s["errorCode"];
  if (typeof policy === "string") out.policy = policy;
  return out;
}
