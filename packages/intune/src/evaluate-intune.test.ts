import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateIntune } from "./evaluate-intune.js";
import { readGraphObjects } from "./read-graph-json.js";

const read = (name: string) =>
  readGraphObjects(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)), name).objects;
const NOW = "2026-11-25T12:00:00Z";
const WIN = "2f6a1c3e-51d4-4c7b-a0f1-9b2d7e4c8a01";
const WIN_STATE = `${WIN}`;
const windows = read("windows10-compliance.json");
const healthy = {
  id: "dev-1",
  operatingSystem: "Windows",
  osVersion: "10.0.26100.7171",
  lastSyncDateTime: "2026-11-25T08:00:00Z",
  isEncrypted: true,
  firewallEnabled: true,
  tpmSpecificationVersion: "2.0",
  deviceThreatLevel: "secured",
  deviceHealthAttestationState: { bitLockerStatus: "enabled", secureBoot: "enabled", codeIntegrity: "disabled" },
  windowsProtectionState: {
    malwareProtectionEnabled: true,
    realTimeProtectionEnabled: true,
    signatureUpdateOverdue: false,
    antiMalwareVersion: "4.18.25100.9",
  },
  // antivirusRequired is Intune's verdict on the device, carried over as a reported-state rule.
  deviceCompliancePolicyStates: [
    {
      id: WIN_STATE,
      displayName: "Win - Compliance - Defender and Health",
      state: "compliant",
      settingStates: [
        {
          setting: "Windows10CompliancePolicy.AntivirusRequired",
          settingName: "AntivirusRequired",
          state: "compliant",
          currentValue: "True",
        },
      ],
    },
  ],
};
type Device = Record<string, unknown>;
const run = (device: Device, policies: unknown[] = windows, tenant?: Record<string, unknown>) => {
  const r = evaluateIntune({ policies, device, now: NOW, ...(tenant === undefined ? {} : { tenant }) });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.value!;
};
const failed = (device: Device) => run(device).failedSettings[WIN] ?? [];

describe("evaluateIntune (docs/intune-mode.md §4.1)", () => {
  it("answers with Graph ids and spellings for a compliant device", () => {
    expect(run(healthy)).toEqual({
      policyStates: { [WIN]: "compliant" },
      failedSettings: {},
      defaultPolicyState: "compliant",
      deviceState: "compliant",
      actions: { due: [], pending: [] },
    });
  });

  it("pads versions with zeros and keeps min and max inclusive", () => {
    expect(failed({ ...healthy, osVersion: "10.0.19045.4000" })).toEqual([]); // lowest of the first build range
    expect(failed({ ...healthy, osVersion: "10.0.19045.3999" })).toEqual(["validOperatingSystemBuildRanges"]);
    expect(failed({ ...healthy, osVersion: "10.0.26100" })).toEqual([]); // == 10.0.26100.0, the lowest of the second range
    expect(failed({ ...healthy, osVersion: "10.0.26100.65535" })).toEqual([]);
    expect(failed({ ...healthy, osVersion: "10.0.22631.4460" })).toEqual(["validOperatingSystemBuildRanges"]); // between the ranges
    expect(failed({ ...healthy, osVersion: "10.0.19044.9999" })).toEqual([
      "osMinimumVersion",
      "validOperatingSystemBuildRanges",
    ]);
    // Numeric per component: 10.0.26100.10000 > 10.0.26100.9999 although it sorts lower as text.
    const max = [{ ...windows[0]!, validOperatingSystemBuildRanges: [], osMaximumVersion: "10.0.26100.9999" }];
    expect(run({ ...healthy, osVersion: "10.0.26100.9999" }, max).deviceState).toBe("compliant");
    expect(run({ ...healthy, osVersion: "10.0.26100.10000" }, max).failedSettings).toEqual({
      [WIN]: ["osMaximumVersion"],
    });
  });

  it("pads Android versions (11.0 == 11) and compares patch levels as dates", () => {
    const aosp = read("aosp-compliance.json");
    const device = {
      operatingSystem: "Android",
      androidManagementMode: "aosp",
      osVersion: "13.0.0",
      androidSecurityPatchLevel: "2025-12-01",
      jailBroken: "False",
      isEncrypted: true,
      lastSyncDateTime: NOW,
    };
    expect(run(device, aosp).deviceState).toBe("compliant");
    expect(
      run({ ...device, osVersion: "13.0.1", androidSecurityPatchLevel: "2025-11-30" }, aosp).failedSettings,
    ).toEqual({ "e4f5a6b7-3d4e-4f50-b162-8d9e0f1a2b35": ["osMaximumVersion", "minAndroidSecurityPatchLevel"] });
  });

  it("ranks threat levels secured < low < medium < high against the required level", () => {
    expect(failed({ ...healthy, deviceThreatLevel: "secured" })).toEqual([]);
    expect(failed({ ...healthy, deviceThreatLevel: "low" })).toEqual([]);
    expect(failed({ ...healthy, deviceThreatLevel: "medium" })).toEqual([
      "deviceThreatProtectionRequiredSecurityLevel",
    ]);
    expect(failed({ ...healthy, deviceThreatLevel: "high" })).toEqual(["deviceThreatProtectionRequiredSecurityLevel"]);
  });

  it("reads signatureOutOfDate: true as 'signatures must be up to date'", () => {
    expect(
      failed({
        ...healthy,
        windowsProtectionState: { ...healthy.windowsProtectionState, signatureUpdateOverdue: true },
      }),
    ).toEqual(["signatureOutOfDate"]);
  });

  it("keeps the grace period until its expiry instant, keyed by the Graph id", () => {
    const broken = (since?: string) =>
      run({ ...healthy, isEncrypted: false, ...(since === undefined ? {} : { noncompliantSince: { [WIN]: since } }) });
    // First found noncompliant now: inside the 24-hour grace period, the notification is due at once.
    expect(broken()).toMatchObject({
      policyStates: { [WIN]: "inGracePeriod" },
      failedSettings: { [WIN]: ["storageRequireEncryption"] },
      deviceState: "inGracePeriod",
    });
    expect(broken("2026-11-24T12:00:01Z").deviceState).toBe("inGracePeriod");
    const expired = broken("2026-11-24T12:00:00Z");
    expect(expired.policyStates).toEqual({ [WIN]: "nonCompliant" });
    expect(expired.deviceState).toBe("noncompliant");
    expect(expired.actions).toEqual({
      due: [
        { policyId: WIN, actionType: "notification", gracePeriodHours: 0 },
        { policyId: WIN, actionType: "block", gracePeriodHours: 24 },
      ],
      pending: [{ policyId: WIN, actionType: "retire", gracePeriodHours: 720 }],
    });
  });

  it("applies the validity period strictly (more than N days) with the tenant's N", () => {
    expect(run({ ...healthy, lastSyncDateTime: "2026-10-26T12:00:00Z" }).defaultPolicyState).toBe("compliant");
    expect(run({ ...healthy, lastSyncDateTime: "2026-10-26T11:59:59Z" })).toMatchObject({
      defaultPolicyState: "nonCompliant",
      defaultPolicyFailedSettings: ["isActive"],
      deviceState: "noncompliant",
    });
    expect(
      run({ ...healthy, lastSyncDateTime: "2026-11-18T11:59:59Z" }, windows, {
        deviceComplianceCheckinThresholdDays: 7,
      }).defaultPolicyFailedSettings,
    ).toEqual(["isActive"]);
  });

  it("keeps the previous state while a setting has been in error for up to seven days", () => {
    const erroring = (since: string) =>
      run({
        ...healthy,
        osVersion: "10.0.x",
        previousComplianceState: "compliant",
        settingErrors: { [WIN]: { osMinimumVersion: since } },
      });
    expect(erroring("2026-11-18T12:00:00Z")).toMatchObject({
      policyStates: { [WIN]: "error" },
      failedSettings: {},
      deviceState: "compliant",
    });
    expect(erroring("2026-11-18T11:59:59Z").deviceState).toBe("noncompliant");
  });

  it("takes the worst state over all policies and the built-in one", () => {
    const ios = read("ios-compliance.json");
    const both = run({ ...healthy, isEncrypted: false, noncompliantSince: { [WIN]: "2026-11-25T00:00:00Z" } }, [
      ...windows,
      ...ios,
    ]);
    expect(both.policyStates).toEqual({
      [WIN]: "inGracePeriod",
      "b1e2c3d4-0a1b-4c2d-8e3f-5a6b7c8d9e02": "notApplicable",
    });
    expect(both.deviceState).toBe("inGracePeriod");
    expect(run({ ...healthy, pendingPolicies: [WIN] }).policyStates).toEqual({ [WIN]: "unknown" });
    expect(run({ ...healthy, enrolledUserExists: false })).toMatchObject({
      defaultPolicyFailedSettings: ["enrolledUserExists"],
      deviceState: "noncompliant",
    });
  });

  it("marks a device with no applicable policy compliant unless the tenant is secure by default", () => {
    const mac = read("macos-compliance.json");
    expect(run(healthy, mac)).toMatchObject({
      policyStates: { "7d0c5b2e-3f1a-4e8d-9c6b-1a2b3c4d5e60": "notApplicable" },
      deviceState: "compliant",
    });
    expect(run(healthy, mac, { secureByDefault: true })).toMatchObject({
      defaultPolicyFailedSettings: ["hasCompliancePolicyAssigned"],
      deviceState: "noncompliant",
    });
  });

  it("names policies without a Graph id by their Tenet name, ignores Conditional Access, and refuses what it cannot import", () => {
    const noId = {
      "@odata.type": "#microsoft.graph.windows10CompliancePolicy",
      displayName: "No id",
      storageRequireEncryption: true,
    };
    expect(run(healthy, [noId, ...read("conditional-access.json")]).policyStates).toEqual({ "no-id": "compliant" });
    const refused = evaluateIntune({
      policies: [{ "@odata.type": "#microsoft.graph.androidCompliancePolicy", displayName: "DA" }],
      device: healthy,
      now: NOW,
    });
    expect(refused.value).toBeUndefined();
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["CP5012"]);
  });

  it("reads `now` like the command line (a time without a zone is UTC) and reports an invalid one as CP5007", () => {
    const policies = windows;
    expect(evaluateIntune({ policies, device: healthy, now: "2026-11-25T12:00:00" })).toEqual(
      evaluateIntune({ policies, device: healthy, now: NOW }),
    );
    const bad = evaluateIntune({ policies, device: healthy, now: "tomorrow" });
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["CP5007", "`tomorrow` is not a valid instant for `now`"],
    ]);
  });
});
