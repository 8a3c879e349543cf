import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { importIntune } from "../import/import-intune.js";
import { readGraphObjects } from "../read-graph-json.js";
import { exportIntune } from "./export-intune.js";

const FIXTURES = [
  "windows10-compliance.json",
  "macos-compliance.json",
  "ios-compliance.json",
  "android-work-profile-compliance.json",
  "android-device-owner-compliance.json",
  "aosp-compliance.json",
  "conditional-access-graph.json",
  "conditional-access.json",
];
/** The exportable subset: the fixture's insider-risk condition and Defender for Cloud Apps session are imported as `unsupported`, which export refuses. */
const exportable = (o: unknown) => {
  const p = structuredClone(o) as {
    conditions?: Record<string, unknown>;
    sessionControls?: Record<string, unknown> | null;
  };
  delete p.conditions?.["insiderRiskLevels"];
  if (p.sessionControls) delete p.sessionControls["cloudAppSecurity"];
  return p;
};
const read = (name: string) =>
  readGraphObjects(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)), name).objects.map(exportable);
const load = (text: string) => {
  const loaded = loadPolicySources([{ path: "p.tenet", text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return loaded.value;
};
const withoutComments = (text: string) => text.replace(/^#.*\n\n?/gm, "");

describe("exportIntune", () => {
  it.each(FIXTURES)("writes back what it imported from %s (import(export(import(x))) has the same text)", (name) => {
    const first = importIntune(read(name), { file: name });
    const exported = exportIntune(loadPolicySources(first.files).value);
    expect(exported.diagnostics).toEqual([]);
    const again = importIntune(exported.objects, { file: name });
    expect(again.diagnostics).toEqual([]);
    expect(withoutComments(again.files[0]!.text)).toBe(withoutComments(first.files[0]!.text));
  });

  it("writes Graph's own values and shapes", () => {
    const [policy] = exportIntune(
      loadPolicySources(importIntune(read("windows10-compliance.json"), { file: "w.json" }).files).value,
    ).objects;
    expect(policy).toEqual({
      "@odata.type": "#microsoft.graph.windows10CompliancePolicy",
      displayName: "Win - Compliance - Defender and Health",
      description: "Windows 10/11 devices: Defender, DHA and build ranges",
      osMinimumVersion: "10.0.19045",
      osMaximumVersion: "10.0.26200.9999",
      bitLockerEnabled: true,
      secureBootEnabled: true,
      storageRequireEncryption: true,
      activeFirewallRequired: true,
      defenderEnabled: true,
      signatureOutOfDate: true,
      rtpEnabled: true,
      antivirusRequired: true,
      deviceThreatProtectionEnabled: true,
      deviceThreatProtectionRequiredSecurityLevel: "low",
      tpmRequired: true,
      validOperatingSystemBuildRanges: [
        { lowestVersion: "10.0.19045.4000", highestVersion: "10.0.19045.65535" },
        { lowestVersion: "10.0.26100.0", highestVersion: "10.0.26100.65535" },
      ],
      scheduledActionsForRule: [
        {
          ruleName: "PasswordRequired",
          scheduledActionConfigurations: [
            {
              actionType: "notification",
              gracePeriodHours: 0,
              notificationTemplateId: "8b3b1d7a-52e1-4c3e-9a1f-2d6c4e8f0b11",
              notificationMessageCCList: [],
            },
            { actionType: "block", gracePeriodHours: 24, notificationTemplateId: "", notificationMessageCCList: [] },
            { actionType: "retire", gracePeriodHours: 720, notificationTemplateId: "", notificationMessageCCList: [] },
          ],
        },
      ],
    });
  });

  it("writes Conditional Access in Graph's shape", () => {
    const objects = exportIntune(
      loadPolicySources(importIntune(read("conditional-access-graph.json"), { file: "ca.json" }).files).value,
    ).objects;
    expect(objects[0]).toMatchObject({
      state: "enabled",
      conditions: {
        users: {
          includeRoles: ["62e90394-69f5-4237-9190-012177145e10", "e8611ab8-c189-46e8-94e1-60213ab1f814"],
          excludeGroups: ["<ExclusionGroup>"],
        },
        applications: { includeApplications: ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "MicrosoftAdminPortals"] },
      },
      grantControls: {
        operator: "AND",
        builtInControls: [],
        authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" },
      },
      sessionControls: {
        signInFrequency: { isEnabled: true, frequencyInterval: "everyTime" },
        persistentBrowser: { isEnabled: true, mode: "never" },
      },
    });
    expect(objects[1]).toMatchObject({
      state: "enabledForReportingButNotEnforced",
      conditions: {
        users: {
          includeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest,b2bCollaborationMember" },
        },
      },
    });
    expect(objects[2]).toMatchObject({
      conditions: {
        locations: {
          includeLocations: ["All"],
          excludeLocations: ["AllTrusted", "3f2e1d0c-b9a8-4776-8554-433221100fed"],
        },
        signInRiskLevels: ["high", "medium"],
      },
      grantControls: { builtInControls: ["block"] },
    });
    expect(objects[3]).toMatchObject({
      conditions: {
        applications: { includeUserActions: ["urn:user:registersecurityinfo"] },
        devices: { deviceFilter: { mode: "include" } },
      },
      grantControls: { operator: "OR", builtInControls: ["compliantDevice", "domainJoinedDevice"] },
    });
    expect(objects[3]!["sessionControls"]).toMatchObject({
      signInFrequency: { type: "days", value: 1 },
      applicationEnforcedRestrictions: { isEnabled: true },
      continuousAccessEvaluation: { mode: "strictEnforcement" },
    });
    expect(objects[4]).toMatchObject({
      state: "disabled",
      conditions: { platforms: { includePlatforms: ["all"], excludePlatforms: ["windows", "macOS", "linux"] } },
    });
    // Authentication flows go back as Graph's flags string, and only on the policy that has them.
    const source = read("conditional-access-graph.json")[5] as { conditions: Record<string, unknown> };
    expect(objects[5]!["conditions"]).toMatchObject({
      authenticationFlows: { transferMethods: "deviceCodeFlow,authenticationTransfer" },
    });
    expect((objects[5]!["conditions"] as Record<string, unknown>)["authenticationFlows"]).toEqual(
      source.conditions["authenticationFlows"],
    );
    expect(objects.slice(0, 5).every((o) => !("authenticationFlows" in (o["conditions"] as object)))).toBe(true);
  });

  it("names everything Intune cannot express (CP5014) and exports the rest", () => {
    const set = load(`
compliance mixed "Mixed" {
  platform windows
  when device.deviceCategoryDisplayName != "Lab"
  rule osMinimumVersion "min" { require device.osVersion >= "10.0.19045" }
  rule custom "name" { require device.deviceName startsWith "CORP-" }
  rule storageRequireEncryption "enc" { require device.isEncrypted == true when device.isSupervised == true }
  rule activeFirewallRequired "fw" { require device.firewallEnabled == true enforcement advisory }
  rule bitLockerEnabled "bl" { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" on unknown fail }
}
compliance both "Both" { platform iOS, macOS rule storageRequireEncryption "e" { require device.isEncrypted == true } }
compliance lin "Linux" { platform linux rule r "r" { require device.isEncrypted == true } }
access tenet-filter "T" { users include all apps include all devices exclude where device.trustType == "ServerAD" locations include country "DE" grant mfa }
waiver lab "Lab" { rules mixed.custom reason "lab" approver "a@b.c" expires 2027-01-01 }
`);
    const r = exportIntune(set);
    expect(r.diagnostics.every((d) => d.code === "CP5014" && d.severity === "warning")).toBe(true);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "the `when` condition of `mixed` cannot be expressed in Intune and was not exported",
      'rule `custom` (`device.deviceName startsWith "CORP-"` is no windows10CompliancePolicy setting) of ' +
        "`mixed` cannot be expressed in Intune and was not exported",
      "the `when` condition of rule `storageRequireEncryption` of `mixed` cannot be expressed in Intune and was not exported",
      "advisory rule `activeFirewallRequired` of `mixed` cannot be expressed in Intune and was not exported",
      "`on unknown fail` of rule `bitLockerEnabled` of `mixed` cannot be expressed in Intune and was not exported",
      "a policy for several platforms of `both` cannot be expressed in Intune and was not exported",
      "platform `linux` of `lin` cannot be expressed in Intune and was not exported",
      "a `country` location (use a named location id) of `tenet-filter` cannot be expressed in Intune and was not exported",
      'a device filter in Tenet syntax (write it as `rule "..."`) of `tenet-filter` cannot be expressed in Intune and was not exported',
      "the waiver of `lab` cannot be expressed in Intune and was not exported",
    ]);
    expect(r.objects).toHaveLength(2);
    expect(r.objects[0]).toMatchObject({ osMinimumVersion: "10.0.19045", bitLockerEnabled: true });
    expect(Object.keys(r.objects[0]!)).not.toContain("storageRequireEncryption");
  });
});
