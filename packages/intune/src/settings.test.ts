import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { importIntune } from "./import/import-intune.js";
import { SETTINGS } from "./import/settings.js";

const NOW = "2026-11-25T12:00:00Z";
type Facts = Record<string, unknown>;

/** Per Graph setting: a configured value, a device that meets it exactly at the boundary, and one just past it. */
const CASES: Record<string, { value: unknown; pass: Facts; fail: Facts; extra?: Record<string, unknown> }> = {
  osMinimumVersion: {
    value: "10.0.26100",
    pass: { osVersion: "10.0.26100.0" },
    fail: { osVersion: "10.0.26099.65535" },
  },
  osMaximumVersion: { value: "10.0.26200", pass: { osVersion: "10.0.26200" }, fail: { osVersion: "10.0.26200.1" } },
  storageRequireEncryption: { value: true, pass: { isEncrypted: true }, fail: { isEncrypted: false } },
  deviceThreatProtectionRequiredSecurityLevel: {
    value: "medium",
    extra: { deviceThreatProtectionEnabled: true },
    pass: { deviceThreatLevel: "medium" },
    fail: { deviceThreatLevel: "high" },
  },
  validOperatingSystemBuildRanges: {
    value: [{ lowestVersion: "10.0.26100.0", highestVersion: "10.0.26100.5000" }],
    pass: { osVersion: "10.0.26100.5000" },
    fail: { osVersion: "10.0.26100.5001" },
  },
  bitLockerEnabled: {
    value: true,
    pass: { deviceHealthAttestationState: { bitLockerStatus: "enabled" } },
    fail: { deviceHealthAttestationState: { bitLockerStatus: "disabled" } },
  },
  secureBootEnabled: {
    value: true,
    pass: { deviceHealthAttestationState: { secureBoot: "enabled" } },
    fail: { deviceHealthAttestationState: { secureBoot: "disabled" } },
  },
  codeIntegrityEnabled: {
    value: true,
    pass: { deviceHealthAttestationState: { codeIntegrity: "enabled" } },
    fail: { deviceHealthAttestationState: { codeIntegrity: "disabled" } },
  },
  activeFirewallRequired: { value: true, pass: { firewallEnabled: true }, fail: { firewallEnabled: false } },
  firewallEnabled: { value: true, pass: { firewallEnabled: true }, fail: { firewallEnabled: false } },
  tpmRequired: { value: true, pass: { tpmSpecificationVersion: "2.0" }, fail: { tpmSpecificationVersion: null } },
  defenderEnabled: {
    value: true,
    pass: { windowsProtectionState: { malwareProtectionEnabled: true } },
    fail: { windowsProtectionState: { malwareProtectionEnabled: false } },
  },
  rtpEnabled: {
    value: true,
    pass: { windowsProtectionState: { realTimeProtectionEnabled: true } },
    fail: { windowsProtectionState: { realTimeProtectionEnabled: false } },
  },
  signatureOutOfDate: {
    value: true,
    pass: { windowsProtectionState: { signatureUpdateOverdue: false } },
    fail: { windowsProtectionState: { signatureUpdateOverdue: true } },
  },
  defenderVersion: {
    value: "4.18.2500.0",
    pass: { windowsProtectionState: { antiMalwareVersion: "4.18.2500" } },
    fail: { windowsProtectionState: { antiMalwareVersion: "4.18.2499.9" } },
  },
  passwordRequired: { value: true, pass: { passcodeSet: true }, fail: { passcodeSet: false } },
  passcodeRequired: { value: true, pass: { passcodeSet: true }, fail: { passcodeSet: false } },
  passwordMinimumLength: { value: 8, pass: { passcodeLength: 8 }, fail: { passcodeLength: 7 } },
  passcodeMinimumLength: { value: 6, pass: { passcodeLength: 6 }, fail: { passcodeLength: 5 } },
  securityBlockJailbrokenDevices: { value: true, pass: { jailBroken: "False" }, fail: { jailBroken: "True" } },
  minAndroidSecurityPatchLevel: {
    value: "2026-08-01",
    pass: { androidSecurityPatchLevel: "2026-08-01" },
    fail: { androidSecurityPatchLevel: "2026-07-31" },
  },
};

// Settings Intune judges on the device: the rule reads the state Intune reported for it.
const reportedState = (type: string, property: string, state: string): Facts => ({
  deviceCompliancePolicyStates: [
    {
      displayName: "P",
      state,
      settingStates: [
        {
          setting: `${type[0]!.toUpperCase()}${type.slice(1)}.${property[0]!.toUpperCase()}${property.slice(1)}`,
          state,
        },
      ],
    },
  ],
});
for (const [type, mappings] of Object.entries(SETTINGS)) {
  for (const m of mappings) {
    if (m.reported === true && CASES[m.property] === undefined)
      CASES[m.property] = {
        value: true,
        pass: reportedState(type, m.property, "compliant"),
        fail: reportedState(type, m.property, "nonCompliant"),
      };
  }
}

const DEVICE: Record<string, Facts> = {
  windows10CompliancePolicy: { operatingSystem: "Windows" },
  macOSCompliancePolicy: { operatingSystem: "macOS" },
  iosCompliancePolicy: { operatingSystem: "iOS" },
  androidWorkProfileCompliancePolicy: { operatingSystem: "Android", androidManagementMode: "workProfile" },
  androidDeviceOwnerCompliancePolicy: { operatingSystem: "Android", androidManagementMode: "fullyManaged" },
  aospDeviceOwnerCompliancePolicy: { operatingSystem: "Android", androidManagementMode: "aosp" },
};
const NOT_CONFIGURED = [false, null, "", "unavailable", "notSet", "deviceDefault", []];

const rows = Object.entries(SETTINGS).flatMap(([type, mappings]) => mappings.map((m) => [type, m.property] as const));

describe.each(rows)("%s %s", (type, property) => {
  const c = CASES[property]!;
  const policy = (value: unknown) => ({
    "@odata.type": `#microsoft.graph.${type}`,
    displayName: "P",
    [property]: value,
    ...(c.extra ?? {}),
  });
  const decide = (value: unknown, facts: Facts) => {
    const imported = importIntune([{ file: "p.json", objects: [policy(value)] }]);
    const compiled = compile(loadPolicySources(imported.files).value);
    return evaluate(compiled, { ...DEVICE[type], ...facts }, { now: NOW }).policies[0]!.rules.find(
      (r) => r.rule === property,
    )?.status;
  };

  it("has a boundary case", () => expect(c).toBeDefined());

  it("passes at the boundary and fails just past it", () => {
    expect(decide(c.value, c.pass)).toBe("pass");
    expect(decide(c.value, c.fail)).toBe("fail");
  });

  // Only settings Intune reports a per-setting state for can be in error; the others have no such case.
  if (SETTINGS[type]!.find((m) => m.property === property)!.reported === true)
    it("is an error, never a pass, when Intune reported no state (or error) for the setting", () => {
      expect(decide(c.value, {})).toBe("error");
      expect(decide(c.value, reportedState(type, property, "error"))).toBe("error");
      expect(decide(c.value, reportedState(type, property, "unknown"))).toBe("error");
      expect(decide(c.value, reportedState(type, property, "remediated"))).toBe("pass");
    });

  it("produces no rule for any not-configured value", () => {
    for (const value of NOT_CONFIGURED) {
      const imported = importIntune([{ file: "p.json", objects: [policy(value)] }]);
      expect(imported.files[0]?.text ?? "", JSON.stringify(value)).not.toContain(`rule ${property} `);
      expect(imported.diagnostics.filter((d) => d.message.includes(`\`${property}\``))).toEqual([]);
    }
  });
});
