import { makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { locate } from "../read-graph-json.js";
import { q } from "./names.js";
import { METADATA, notConfigured, PLATFORM_OF, SETTINGS } from "./settings.js";

/** Graph `actionType` -> Tenet schedule step. */
export const ACTIONS: Record<string, string> = {
  block: "mark noncompliant",
  notification: "notify",
  retire: "retire",
  wipe: "wipe",
  pushNotification: "push",
  remoteLock: "lock",
  removeResourceAccessProfiles: "remove profiles",
};

export interface ImportedPolicy {
  text: string;
  imported: number;
  skipped: number;
}

/** One Graph compliance policy as a `compliance` block; settings Tenet cannot express yet are warnings (CP5013), never dropped silently. */
export function importCompliance(policy: Record<string, unknown>, type: string, name: string, file: string, diagnostics: Diagnostic[], text?: string): ImportedPolicy {
  const mappings = SETTINGS[type]!;
  const displayName = typeof policy["displayName"] === "string" ? policy["displayName"] : name;
  const lines = [`compliance ${name} ${q(displayName)} {`];
  if (typeof policy["description"] === "string" && policy["description"] !== "") lines.push(`  description ${q(policy["description"])}`);
  lines.push(`  platform ${PLATFORM_OF[type]}`);
  let imported = 0;
  let skipped = 0;
  for (const [property, value] of Object.entries(policy)) {
    if (property.startsWith("@odata") || property.includes("@odata") || METADATA.has(property) || notConfigured(value)) continue;
    const mapping = mappings.find((m) => m.property === property);
    const condition = mapping?.condition(value, policy);
    if (mapping === undefined || condition === undefined) {
      skipped++;
      diagnostics.push(makeDiagnostic("CP5013", locate(text, file, displayName, property), { property, policy: displayName }));
      continue;
    }
    imported++;
    lines.push("", `  rule ${property} ${q(mapping.title)} {`, `    require ${condition}`, `    severity ${mapping.severity}`, `    remediation ${q(mapping.remediation)}`, "  }");
  }
  const steps = scheduleOf(policy);
  if (steps.length > 0) lines.push("", "  on noncompliant {", ...steps.map((s) => `    ${s}`), "  }");
  lines.push("}");
  return { text: lines.join("\n"), imported, skipped };
}

function scheduleOf(policy: Record<string, unknown>): string[] {
  const rules = Array.isArray(policy["scheduledActionsForRule"]) ? policy["scheduledActionsForRule"] : [];
  const configs = rules.flatMap((r) => {
    const c = (r as Record<string, unknown>)?.["scheduledActionConfigurations"];
    return Array.isArray(c) ? (c as Record<string, unknown>[]) : [];
  });
  return configs
    .filter((c) => typeof c["actionType"] === "string" && ACTIONS[c["actionType"]] !== undefined)
    .map((c) => {
      const hours = typeof c["gracePeriodHours"] === "number" ? c["gracePeriodHours"] : 0;
      const template = c["notificationTemplateId"];
      const args = c["actionType"] === "notification" && typeof template === "string" && template !== "" && !/^0{8}-/.test(template) ? ` [${q(template)}]` : "";
      return { hours, text: `after ${hours}h ${ACTIONS[c["actionType"] as string]}${args}` };
    })
    .sort((a, b) => a.hours - b.hours)
    .map((s) => s.text);
}
