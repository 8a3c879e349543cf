import type { DefaultPolicyResult, RuleExplanation } from "@tenet/evaluator";

/**
 * One failed comparison in words: `device.osVersion is "10.0.19045", expected >= 10.0.26100`.
 * A value the device did not report or reported empty is said so, never as `undefined` or `null`.
 */
export function failedText(failed: RuleExplanation["failed"][number]): string {
  const subject = failed.path ?? "value";
  if (failed.actual === undefined)
    return failed.expected === "is present"
      ? `${subject} is not reported`
      : `${subject} is not reported, expected ${failed.expected}`;
  if (failed.actual === null) return `${subject} is not set, expected ${failed.expected}`;
  return `${subject} is ${JSON.stringify(failed.actual)}, expected ${failed.expected}`;
}

/**
 * A failed setting of the built-in default policy in words: `isActive` names the last check-in
 * and the validity period it exceeds, the others what they mean.
 */
export function builtinFailureText(name: DefaultPolicyResult["failed"][number], policy: DefaultPolicyResult): string {
  if (name === "hasCompliancePolicyAssigned")
    return "hasCompliancePolicyAssigned: no compliance policy applies to the device and the tenant is secure by default";
  if (name === "enrolledUserExists") return "enrolledUserExists: the user who enrolled the device no longer exists";
  const days = policy.inactive?.thresholdDays;
  const period = days === undefined ? "the validity period" : `the ${days}-day validity period`;
  const sync = policy.inactive?.lastSyncDateTime;
  if (policy.inactive?.notDateTime === true || sync === undefined) {
    const shown = sync === undefined ? "" : ` \`${sync}\``;
    return `isActive: the last check-in${shown} is not a date-time, so ${period} cannot be shown to be met`;
  }
  return `isActive: last check-in ${sync} is older than ${period}`;
}
