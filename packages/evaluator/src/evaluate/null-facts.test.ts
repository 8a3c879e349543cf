import { describe, expect, it } from "vitest";
import { evaluateSources } from "./evaluate-sources.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";

// Graph sends `null` for a fact it has no value for: everywhere a fact is read, null must
// behave exactly as an absent property (never a value, never a silent pass).
const NOW = "2026-11-25T12:00:00Z";
const POLICY = `compliance win "Windows" {
  platform windows
  rule bitlocker { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" }
  rule tpm-reported { require device.tpmSpecificationVersion is present }
  rule any-app { require any app in device.detectedApps where app.displayName == "Defender" }
}
`;
function run(facts: unknown, options: Partial<EvaluateOptions> = {}): DeviceResult {
  const r = evaluateSources([{ path: "p.tenet", text: POLICY }], facts, { now: NOW, ...options });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.value!;
}
const win = (extra: Record<string, unknown>) => ({
  id: "d1",
  operatingSystem: "Windows",
  lastSyncDateTime: NOW,
  ...extra,
});
const statuses = (r: DeviceResult) => Object.fromEntries(r.policies[0]!.rules.map((x) => [x.rule, x.status]));

describe("null facts", () => {
  it("gives the same result for null and absent at every depth", () => {
    const absent = run(win({}));
    for (const facts of [
      win({ deviceHealthAttestationState: null, tpmSpecificationVersion: null, detectedApps: null }),
      win({
        deviceHealthAttestationState: { bitLockerStatus: null },
        tpmSpecificationVersion: null,
        detectedApps: null,
      }),
    ]) {
      const r = run(facts);
      expect(statuses(r)).toEqual(statuses(absent));
      expect(r.policies[0]!.rules[0]!.explanation?.errors).toEqual([
        {
          path: "device.deviceHealthAttestationState.bitLockerStatus",
          reason: "fact `device.deviceHealthAttestationState.bitLockerStatus` is missing",
          code: "CP4001",
        },
      ]);
    }
    expect(statuses(absent)).toEqual({ bitlocker: "error", "tpm-reported": "fail", "any-app": "error" });
  });

  it("skips a null list element as a missing one", () => {
    expect(statuses(run(win({ detectedApps: [null, { displayName: "Defender" }] })))["any-app"]).toBe("pass");
  });

  it("reads null built-in and previous-state fields as not reported", () => {
    const r = run({
      id: "d1",
      operatingSystem: null,
      lastSyncDateTime: null,
      enrolledUserExists: null,
      noncompliantSince: null,
      settingErrors: null,
      pendingPolicies: null,
      previousComplianceState: null,
    });
    // No platform reported: the policy cannot be matched to the device; no sync time: *Is active* is not evaluated.
    expect(r.policies[0]!.state).toBe("error");
    expect(r.defaultPolicy.failed).toEqual([]);
  });

  it("reads null tenant settings as their defaults", () => {
    const stale = win({ lastSyncDateTime: "2026-10-20T12:00:00Z" });
    const r = run(stale, {
      tenant: {
        secureByDefault: null,
        deviceComplianceCheckinThresholdDays: null,
      } as unknown as EvaluateOptions["tenant"],
    });
    expect(r.defaultPolicy.failed).toEqual(["isActive"]);
  });
});
