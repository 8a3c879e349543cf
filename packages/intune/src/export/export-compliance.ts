import {
  makeDiagnostic,
  type CheckedCompliance,
  type CheckedPolicySet,
  type CheckedRule,
  type Diagnostic,
} from "@tenet/parser";
import { parseReportedDescription } from "../import/reported-settings.js";
import { canonicalConjuncts } from "./canonical-conjuncts.js";
import { ACTIONS } from "../import/scheduled-actions.js";
import { PLATFORM_OF, SETTINGS, type SettingMapping } from "../import/settings.js";
import { exportAssignments } from "./assignments.js";

type Json = Record<string, unknown>;
const TYPE_OF: Record<string, string> = Object.fromEntries(
  Object.entries(PLATFORM_OF).map(([type, platform]) => [platform, type]),
);
const STEP_TEXT: Record<string, string> = {
  markNoncompliant: "mark noncompliant",
  notify: "notify",
  retire: "retire",
  wipe: "wipe",
  push: "push",
  lock: "lock",
  removeAccessProfiles: "remove profiles",
};
const ACTION_TYPE: Record<string, string> = Object.fromEntries(
  Object.entries(ACTIONS).map(([graph, tenet]) => [tenet, graph]),
);

/** Graph `actionType` of a Tenet schedule step. */
export function graphActionType(action: string): string {
  return ACTION_TYPE[STEP_TEXT[action] ?? ""] ?? "noAction";
}

/**
 * One compliance policy as a Graph `deviceCompliancePolicy` of the type its single platform
 * maps to. Each rule is recognised by its expression, whatever it is named: its conjuncts,
 * in canonical form (`canonicalConjuncts`), must each be a Graph setting of that type. Two
 * rules that set one setting combine to the stricter value, or are refused (CP5030) when no
 * single value means both. Anything else (other conditions, `when`, advisory rules, a
 * non-default `on unknown`) is a CP5014 warning, because Intune would evaluate it
 * differently or not at all.
 */
export function exportCompliance(
  policy: CheckedCompliance,
  set: Pick<CheckedPolicySet, "types" | "letTargets">,
  diagnostics: Diagnostic[],
): Json | undefined {
  const span = policy.decl.name.span;
  const warn = (what: string, at = span) =>
    diagnostics.push(makeDiagnostic("CP5014", at, { what, policy: policy.name }));
  const type = policy.platforms.length === 1 ? TYPE_OF[policy.platforms[0]!] : undefined;
  if (type === undefined) {
    warn(
      policy.platforms.length === 0
        ? "a policy without a platform"
        : policy.platforms.length > 1
          ? "a policy for several platforms"
          : `platform \`${policy.platforms[0]}\``,
    );
    return undefined;
  }
  const out: Json = { "@odata.type": `#microsoft.graph.${type}`, displayName: policy.title };
  if (policy.description !== undefined) out["description"] = policy.description;
  if (policy.when !== undefined) warn("the `when` condition");
  const setBy = new Map<string, string>();
  for (const rule of policy.rules) {
    const at = rule.decl.name.span;
    const settings = settingsOf(rule, type, set);
    if (typeof settings === "string") warn(`rule \`${rule.name}\` (${settings})`, at);
    else if (rule.when !== undefined) warn(`the \`when\` condition of rule \`${rule.name}\``, at);
    else if (rule.enforcement === "advisory") warn(`advisory rule \`${rule.name}\``, at);
    else {
      if (rule.onUnknown !== "error") warn(`\`on unknown ${rule.onUnknown}\` of rule \`${rule.name}\``, at);
      for (const { mapping, value } of settings) {
        const property = mapping.property;
        const first = setBy.get(property);
        if (first === undefined) {
          out[property] = value;
          setBy.set(property, rule.name);
        } else {
          const combined = combine(mapping, out[property], value);
          if (combined === undefined) {
            diagnostics.push(
              makeDiagnostic("CP5030", at, {
                first,
                second: rule.name,
                policy: policy.name,
                property,
                values: `${JSON.stringify(out[property])} and ${JSON.stringify(value)}`,
              }),
            );
          } else out[property] = combined;
        }
        if (property === "deviceThreatProtectionRequiredSecurityLevel") out["deviceThreatProtectionEnabled"] = true;
      }
    }
  }
  out["scheduledActionsForRule"] = [
    {
      // Graph: "ruleName is always set to default value PasswordRequired"; actions are per policy.
      ruleName: "PasswordRequired",
      scheduledActionConfigurations: policy.schedule.map((s) => {
        if (s.afterMillis % 3_600_000 !== 0)
          warn(`a schedule of \`${s.afterMillis / 1000}s\` (Intune counts whole hours)`);
        return {
          actionType: graphActionType(s.action),
          gracePeriodHours: Math.round(s.afterMillis / 3_600_000),
          notificationTemplateId: s.action === "notify" ? (s.args[0] ?? "") : "",
          notificationMessageCCList: [],
        };
      }),
    },
  ];
  for (const s of policy.schedule)
    if (s.action === "notify" && s.args.length > 1) warn("a notification with several templates");
  if (policy.assignments !== undefined) out["assignments"] = exportAssignments(policy.assignments);
  return out;
}

/** The Graph settings a rule's conjuncts stand for, or why one of them stands for none. */
function settingsOf(
  rule: CheckedRule,
  type: string,
  set: Pick<CheckedPolicySet, "types" | "letTargets">,
): { mapping: SettingMapping; value: unknown }[] | string {
  const out: { mapping: SettingMapping; value: unknown }[] = [];
  for (const text of canonicalConjuncts(set, rule.require)) {
    const found = SETTINGS[type]!.map((mapping) => ({ mapping, value: mapping.parse(text) })).find(
      (m) => m.value !== undefined,
    );
    if (found === undefined) return `\`${text}\` is no ${type} setting`;
    if (found.mapping.reported === true) {
      const kept = parseReportedDescription(ruleDescription(rule));
      if (kept === undefined || kept.property !== found.mapping.property)
        return `a reported-state rule needs its Intune value as \`description "Intune setting: ${found.mapping.property} = <JSON value>"\``;
      found.value = kept.value;
    }
    out.push(found);
  }
  return out;
}

function ruleDescription(rule: CheckedRule): string | undefined {
  const clause = rule.decl.clauses.find((c) => c.kind === "Description");
  return clause?.kind === "Description" ? clause.text.value : undefined;
}

function combine(mapping: SettingMapping, a: unknown, b: unknown): unknown {
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  return mapping.stricter?.(a, b);
}
