import { makeDiagnostic, printExpr, type CheckedCompliance, type Diagnostic } from "@tenet/parser";
import { ACTIONS } from "../import/scheduled-actions.js";
import { PLATFORM_OF, SETTINGS } from "../import/settings.js";

type Json = Record<string, unknown>;
const TYPE_OF: Record<string, string> = Object.fromEntries(Object.entries(PLATFORM_OF).map(([type, platform]) => [platform, type]));
const STEP_TEXT: Record<string, string> = { markNoncompliant: "mark noncompliant", notify: "notify", retire: "retire", wipe: "wipe", push: "push", lock: "lock", removeAccessProfiles: "remove profiles" };
const ACTION_TYPE: Record<string, string> = Object.fromEntries(Object.entries(ACTIONS).map(([graph, tenet]) => [tenet, graph]));

/** Graph `actionType` of a Tenet schedule step. */
export function graphActionType(action: string): string {
  return ACTION_TYPE[STEP_TEXT[action] ?? ""] ?? "noAction";
}

/**
 * One compliance policy as a Graph `deviceCompliancePolicy` of the type its single platform
 * maps to. Rules in a shape the importer writes become the Graph setting they came from;
 * anything else (other conditions, `when`, advisory rules, a non-default `on unknown`) is a
 * CP5014 warning, because Intune would evaluate it differently or not at all.
 */
export function exportCompliance(policy: CheckedCompliance, diagnostics: Diagnostic[]): Json | undefined {
  const span = policy.decl.name.span;
  const warn = (what: string, at = span) => diagnostics.push(makeDiagnostic("CP5014", at, { what, policy: policy.name }));
  const type = policy.platforms.length === 1 ? TYPE_OF[policy.platforms[0]!] : undefined;
  if (type === undefined) {
    warn(policy.platforms.length === 0 ? "a policy without a platform" : policy.platforms.length > 1 ? "a policy for several platforms" : `platform \`${policy.platforms[0]}\``);
    return undefined;
  }
  const out: Json = { "@odata.type": `#microsoft.graph.${type}`, displayName: policy.title };
  if (policy.description !== undefined) out["description"] = policy.description;
  if (policy.when !== undefined) warn("the `when` condition");
  for (const rule of policy.rules) {
    const mapping = SETTINGS[type]!.find((m) => m.property === rule.name);
    const value = mapping?.parse(printExpr(rule.require));
    const at = rule.decl.name.span;
    if (mapping === undefined || value === undefined) warn(`rule \`${rule.name}\``, at);
    else if (rule.when !== undefined) warn(`the \`when\` condition of rule \`${rule.name}\``, at);
    else if (rule.enforcement === "advisory") warn(`advisory rule \`${rule.name}\``, at);
    else {
      if (rule.onUnknown !== "error") warn(`\`on unknown ${rule.onUnknown}\` of rule \`${rule.name}\``, at);
      out[mapping.property] = value;
      if (mapping.property === "deviceThreatProtectionRequiredSecurityLevel") out["deviceThreatProtectionEnabled"] = true;
    }
  }
  out["scheduledActionsForRule"] = [
    {
      // Graph: "ruleName is always set to default value PasswordRequired"; actions are per policy.
      ruleName: "PasswordRequired",
      scheduledActionConfigurations: policy.schedule.map((s) => {
        if (s.afterMillis % 3_600_000 !== 0) warn(`a schedule of \`${s.afterMillis / 1000}s\` (Intune counts whole hours)`);
        return {
          actionType: graphActionType(s.action),
          gracePeriodHours: Math.round(s.afterMillis / 3_600_000),
          notificationTemplateId: s.action === "notify" ? (s.args[0] ?? "") : "",
          notificationMessageCCList: [],
        };
      }),
    },
  ];
  for (const s of policy.schedule) if (s.action === "notify" && s.args.length > 1) warn("a notification with several templates");
  return out;
}
