import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { exportIntune } from "./export-intune.js";

const exportText = (text: string) => {
  const loaded = loadPolicySources([{ path: "p.tenet", text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return exportIntune(loaded.value);
};
const windows = (rules: string) => `compliance p "P" { platform windows ${rules} }`;

describe("export recognises a rule by its expression, not its name", () => {
  it.each([
    ['device.osVersion >= "10.0.22631"', { osMinimumVersion: "10.0.22631" }],
    ['"10.0.22631" <= device.osVersion', { osMinimumVersion: "10.0.22631" }],
    ['not (device.osVersion < "10.0.22631")', { osMinimumVersion: "10.0.22631" }],
    ["device.isEncrypted", { storageRequireEncryption: true }],
    ["device.isEncrypted != false", { storageRequireEncryption: true }],
    ["not (device.isEncrypted == false)", { storageRequireEncryption: true }],
    ["true == device.firewallEnabled", { activeFirewallRequired: true }],
    ["not device.windowsProtectionState.signatureUpdateOverdue", { signatureOutOfDate: true }],
    [
      'device.deviceThreatLevel == "secured"',
      { deviceThreatProtectionRequiredSecurityLevel: "secured", deviceThreatProtectionEnabled: true },
    ],
    ["device.passcodeSet == true and device.passcodeLength >= 8", { passwordRequired: true, passwordMinimumLength: 8 }],
    ["not (device.tpmSpecificationVersion is missing)", { tpmRequired: true }],
  ])("require %s", (condition, settings) => {
    const r = exportText(windows(`rule any-name-at-all "x" { require ${condition} }`));
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]).toMatchObject(settings);
  });

  it("reads through `let` names", () => {
    const r = exportText(`let min = "10.0.26100"\n${windows('rule r "r" { require device.osVersion >= min }')}`);
    expect(r.objects[0]).toMatchObject({ osMinimumVersion: "10.0.26100" });
  });

  it("combines two rules on one setting to the stricter value", () => {
    const r = exportText(
      windows(`
      rule a "a" { require device.osVersion >= "10.0.19045" }
      rule b "b" { require device.osVersion >= "10.0.22631" and device.passcodeLength >= 6 }
      rule c "c" { require device.passcodeLength >= 12 }
      rule d "d" { require device.osVersion <= "10.0.26200" }
      rule e "e" { require device.osVersion <= "10.0.26100.9999" }
      rule f "f" { require device.deviceThreatLevel <= "medium" }
      rule g "g" { require device.deviceThreatLevel <= "low" }`),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]).toMatchObject({
      osMinimumVersion: "10.0.22631",
      osMaximumVersion: "10.0.26100.9999",
      passwordMinimumLength: 12,
      deviceThreatProtectionRequiredSecurityLevel: "low",
    });
  });

  it("refuses two rules whose values no single setting means (CP5030)", () => {
    const r = exportText(
      windows(`
      rule a "a" {
        require (device.osVersion >= "10.0.1" and device.osVersion <= "10.0.2")
          or (device.osVersion >= "10.0.5" and device.osVersion <= "10.0.6")
      }
      rule b "b" {
        require (device.osVersion >= "10.0.3" and device.osVersion <= "10.0.4")
          or (device.osVersion >= "10.0.7" and device.osVersion <= "10.0.8")
      }`),
    );
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["CP5030", "error"]]);
    expect(r.diagnostics[0]!.message).toContain(
      "rules `a` and `b` of `p` both set Intune setting `validOperatingSystemBuildRanges`",
    );
  });

  it("does not export part of a rule: a conjunct Intune cannot check keeps the whole rule out", () => {
    const r = exportText(
      windows('rule r "r" { require device.isEncrypted == true and device.deviceName startsWith "CORP-" }'),
    );
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'rule `r` (`device.deviceName startsWith "CORP-"` is no windows10CompliancePolicy setting) of `p` ' +
        "cannot be expressed in Intune and was not exported",
    ]);
    expect(r.objects[0]).not.toHaveProperty("storageRequireEncryption");
  });

  it("exports a reported-state rule with the Graph value its description keeps, and refuses one without", () => {
    const ok = exportText(
      windows(
        'rule r "r" { description "Intune setting: passwordRequiredType = \\"alphanumeric\\"" ' +
          "require device.reported.passwordRequiredType.compliant == true }",
      ),
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.objects[0]).toMatchObject({ passwordRequiredType: "alphanumeric" });
    const bare = exportText(windows('rule r "r" { require device.reported.passwordRequiredType.compliant == true }'));
    expect(bare.diagnostics.map((d) => d.code)).toEqual(["CP5014"]);
  });
});

/** The message for a rule whose expression is no setting of the Intune policy type it would export to. */
const noSetting = (file: string, rule: string, expression: string, type: string, policy: string) =>
  `${file}: rule \`${rule}\` (\`${expression}\` is no ${type} setting) of \`${policy}\``;

describe("the shipped library", () => {
  it("exports with CP5014 only for what Intune cannot express (docs/semantics.md lists each)", () => {
    const root = new URL("../../../../policies/", import.meta.url);
    const files = ["compliance", "access", "waivers"].flatMap((dir) =>
      readdirSync(new URL(`${dir}/`, root))
        .filter((f) => f.endsWith(".tenet"))
        .map((f) => ({ path: `${dir}/${f}`, text: readFileSync(new URL(`${dir}/${f}`, root), "utf8") })),
    );
    const r = exportIntune(loadPolicySources(files).value);
    expect(
      r.diagnostics
        .map((d) => `${d.span.file}: ${d.message.replace(/ cannot be expressed in Intune and was not exported$/, "")}`)
        .sort(),
    ).toEqual([
      "access/everyone.tenet: a `country` location (use a named location id) of `eu-data-boundary`",
      noSetting(
        "compliance/android-fully-managed.tenet",
        "not-rooted",
        'device.jailBroken == "False"',
        "androidDeviceOwnerCompliancePolicy",
        "android-fully-managed-baseline",
      ),
      noSetting(
        "compliance/android-fully-managed.tenet",
        "patch-recent",
        "device.androidSecurityPatchLevel within 60d",
        "androidDeviceOwnerCompliancePolicy",
        "android-fully-managed-baseline",
      ),
      "compliance/android-fully-managed.tenet: the `when` condition of rule `passcode` of `android-fully-managed-baseline`",
      noSetting(
        "compliance/android-work-profile.tenet",
        "not-rooted",
        'device.jailBroken == "False"',
        "androidWorkProfileCompliancePolicy",
        "android-work-profile-baseline",
      ),
      noSetting(
        "compliance/android-work-profile.tenet",
        "patch-recent",
        "device.androidSecurityPatchLevel within 90d",
        "androidWorkProfileCompliancePolicy",
        "android-work-profile-baseline",
      ),
      noSetting(
        "compliance/ios.tenet",
        "not-jailbroken",
        'device.jailBroken == "False"',
        "iosCompliancePolicy",
        "ios-baseline",
      ),
      "compliance/linux.tenet: platform `linux` of `linux-baseline`",
      noSetting(
        "compliance/windows-privileged.tenet",
        "checked-in",
        "device.lastSyncDateTime within 7d",
        "windows10CompliancePolicy",
        "windows-privileged",
      ),
      noSetting(
        "compliance/windows-privileged.tenet",
        "company-owned",
        'device.managedDeviceOwnerType == "company"',
        "windows10CompliancePolicy",
        "windows-privileged",
      ),
      noSetting(
        "compliance/windows-privileged.tenet",
        "entra-joined",
        'device.joinType == "azureADJoined"',
        "windows10CompliancePolicy",
        "windows-privileged",
      ),
      noSetting(
        "compliance/windows-privileged.tenet",
        "tpm-2",
        'device.tpmSpecificationVersion startsWith "2."',
        "windows10CompliancePolicy",
        "windows-privileged",
      ),
      "compliance/windows-privileged.tenet: the `when` condition of `windows-privileged`",
      "waivers/example-waivers.tenet: the waiver of `imaging-lab-macs`",
      "waivers/example-waivers.tenet: the waiver of `windows-10-esu`",
    ]);
    const windows = r.objects.find((o) => o["displayName"] === "Windows 10/11 corporate baseline");
    expect(windows).toMatchObject({
      osMinimumVersion: "10.0.26100",
      bitLockerEnabled: true,
      secureBootEnabled: true,
      codeIntegrityEnabled: true,
      tpmRequired: true,
      activeFirewallRequired: true,
      defenderEnabled: true,
      rtpEnabled: true,
      signatureOutOfDate: true,
      deviceThreatProtectionRequiredSecurityLevel: "low",
    });
  });
});
