import { describe, expect, it } from "vitest";
import type { DeviceResult } from "@tenet/evaluator";
import { intuneComplianceSummary } from "./intune-summary.js";

const rule = (name: string, status: string) => ({
  id: `p.${name}`,
  rule: name,
  title: name,
  status,
  severity: "high",
  enforcement: "soft",
  controls: [],
});
const result = {
  state: "noncompliant",
  policies: [
    {
      policy: "win",
      title: "Win",
      state: "noncompliant",
      rules: [
        rule("osMinimumVersion", "fail"),
        rule("bitLockerEnabled", "pass"),
        rule("tpmRequired", "error"),
        rule("rtpEnabled", "waived"),
      ],
    },
    { policy: "mac", title: "Mac", state: "notApplicable", rules: [rule("firewallEnabled", "notApplicable")] },
    { policy: "ios", title: "iOS", state: "inGracePeriod", rules: [rule("passcodeRequired", "fail")] },
  ],
  defaultPolicy: { state: "noncompliant", failed: ["isActive"] },
  actions: {
    due: [
      { policy: "win", action: "markNoncompliant", afterMillis: 0, dueAt: "x" },
      { policy: "win", action: "notify", afterMillis: 3_600_000, dueAt: "x" },
    ],
    pending: [
      { policy: "ios", action: "push", afterMillis: 86_400_000, dueAt: "x" },
      { policy: "ios", action: "removeAccessProfiles", afterMillis: 2 * 86_400_000, dueAt: "x" },
    ],
  },
  waiversApplied: [],
  next: {},
  policySetHash: "h",
  now: "2026-11-25T12:00:00Z",
  engineVersion: "0",
} as unknown as DeviceResult;

describe("intuneComplianceSummary", () => {
  it("maps states, failed settings and actions onto Graph spellings, by Graph id where known", () => {
    expect(intuneComplianceSummary(result, { policyIds: { win: "guid-win" } })).toEqual({
      policyStates: { "guid-win": "nonCompliant", mac: "notApplicable", ios: "inGracePeriod" },
      // Only failed settings: errors and waived failures are not Intune failures.
      failedSettings: { "guid-win": ["osMinimumVersion"], ios: ["passcodeRequired"] },
      defaultPolicyState: "nonCompliant",
      defaultPolicyFailedSettings: ["isActive"],
      deviceState: "noncompliant",
      actions: {
        due: [
          { policyId: "guid-win", actionType: "block", gracePeriodHours: 0 },
          { policyId: "guid-win", actionType: "notification", gracePeriodHours: 1 },
        ],
        pending: [
          { policyId: "ios", actionType: "pushNotification", gracePeriodHours: 24 },
          { policyId: "ios", actionType: "removeResourceAccessProfiles", gracePeriodHours: 48 },
        ],
      },
    });
  });

  it("leaves out defaultPolicyFailedSettings when the built-in policy is compliant", () => {
    const summary = intuneComplianceSummary({ ...result, defaultPolicy: { state: "compliant", failed: [] } });
    expect(summary.defaultPolicyState).toBe("compliant");
    expect("defaultPolicyFailedSettings" in summary).toBe(false);
  });
});
