import { q } from "./names.js";

/** Graph `deviceComplianceActionItem.actionType` -> Tenet schedule step. */
export const ACTIONS: Record<string, string> = {
  block: "mark noncompliant",
  notification: "notify",
  retire: "retire",
  wipe: "wipe",
  pushNotification: "push",
  remoteLock: "lock",
  removeResourceAccessProfiles: "remove profiles",
};

/** Actions Intune cannot carry out on a platform (the UI does not offer them; the checker warns, CP2025). */
const UNSUPPORTED_ON: Record<string, readonly string[]> = {
  pushNotification: ["windows", "macOS"],
  remoteLock: ["windows"],
};

/** Intune writes an all-zero template id when no message template is chosen. */
const NO_TEMPLATE = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/** The `on noncompliant` steps of a policy, plus the parts Tenet cannot express (property names for CP5013). */
export function scheduleOf(policy: Record<string, unknown>, platform: string): { steps: string[]; skipped: string[] } {
  const rules = Array.isArray(policy["scheduledActionsForRule"]) ? policy["scheduledActionsForRule"] : [];
  // Graph keeps one rule ("PasswordRequired"); actions are per policy, so all rules' actions are merged.
  const configs = rules.flatMap((r) => {
    const c =
      r !== null && typeof r === "object" ? (r as Record<string, unknown>)["scheduledActionConfigurations"] : undefined;
    return Array.isArray(c) ? c.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object") : [];
  });
  const skipped: string[] = [];
  const steps: { hours: number; text: string }[] = [];
  let blocks = 0;
  for (const c of configs) {
    const type = c["actionType"];
    if (type === "noAction") continue;
    const step = typeof type === "string" ? ACTIONS[type] : undefined;
    const hours =
      typeof c["gracePeriodHours"] === "number" && Number.isInteger(c["gracePeriodHours"]) && c["gracePeriodHours"] >= 0
        ? c["gracePeriodHours"]
        : undefined;
    if (step === undefined || hours === undefined || UNSUPPORTED_ON[String(type)]?.includes(platform) === true) {
      skipped.push(`scheduledActionsForRule.${String(type)}`);
      continue;
    }
    // Intune allows exactly one block action; a second one cannot be expressed.
    if (type === "block" && ++blocks > 1) {
      skipped.push("scheduledActionsForRule.block");
      continue;
    }
    const template = c["notificationTemplateId"];
    const args =
      type === "notification" && typeof template === "string" && template !== "" && !NO_TEMPLATE.test(template)
        ? ` [${q(template)}]`
        : "";
    if (Array.isArray(c["notificationMessageCCList"]) && c["notificationMessageCCList"].length > 0)
      skipped.push("notificationMessageCCList");
    steps.push({ hours, text: `after ${hours}h ${step}${args}` });
  }
  // Stable by schedule, so the text reads in time order whatever order Graph listed.
  steps.sort((a, b) => a.hours - b.hours);
  return { steps: steps.map((s) => s.text), skipped };
}
