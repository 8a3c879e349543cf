import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { readGraphObjects } from "../read-graph-json.js";
import { importIntune } from "./import-intune.js";

const url = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url);
const read = (name: string) => readGraphObjects(readFileSync(url(name)), name);
const importFile = (name: string) => {
  const r = read(name);
  return importIntune(r.objects, { file: name, text: r.text });
};
const golden = (name: string) => readFileSync(url(`golden/${name.replace(/\.json$/, ".tenet")}`), "utf8");

/** Per export: the Graph type, the policies and settings carried over, and the settings named as skipped. */
const EXPORTS = [
  ["windows10-compliance.json", "windows10CompliancePolicy", 13, []],
  ["macos-compliance.json", "macOSCompliancePolicy", 10, []],
  ["ios-compliance.json", "iosCompliancePolicy", 10, []],
  ["android-work-profile-compliance.json", "androidWorkProfileCompliancePolicy", 11, []],
  ["android-device-owner-compliance.json", "androidDeviceOwnerCompliancePolicy", 10, []],
  ["aosp-compliance.json", "aospDeviceOwnerCompliancePolicy", 5, []],
  [
    "conditional-access-graph.json",
    "conditionalAccessPolicy",
    29,
    ["conditions.insiderRiskLevels", "sessionControls.cloudAppSecurity"],
  ],
] as const;

describe.each(EXPORTS)("import %s", (name, type, imported, skipped) => {
  const result = importFile(name);

  it("writes the expected Tenet text (golden)", () => {
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.path).toBe(name.replace(/\.json$/, ".tenet"));
    expect(result.files[0]!.text).toBe(golden(name));
  });

  it("parses and checks with zero diagnostics", () => {
    expect(loadPolicySources(result.files).diagnostics).toEqual([]);
  });

  it("counts and names every setting it could not carry over", () => {
    expect(result.policies.every((p) => p.type === type && p.id !== undefined)).toBe(true);
    expect(result.stats).toEqual({
      policies: result.policies.length,
      settingsImported: imported,
      settingsSkipped: skipped.length,
    });
    const named = result.diagnostics.map((d) => [d.code, d.severity, /setting `([^`]+)`/.exec(d.message)?.[1]]);
    expect(named).toEqual(skipped.map((s) => ["CP5013", "warning", s]));
  });
});

describe("import details", () => {
  it("never turns a not-configured value into a rule", () => {
    const text = importFile("windows10-compliance.json").files[0]!.text;
    // null, false, "deviceDefault", [] in the export: passwordMinimumLength, codeIntegrityEnabled, passwordRequiredType, wslDistributions.
    for (const property of [
      "passwordRequired",
      "passwordMinimumLength",
      "codeIntegrityEnabled",
      "earlyLaunchAntiMalwareDriverEnabled",
      "passwordRequiredType",
      "defenderVersion",
      "wslDistributions",
      "deviceThreatProtectionEnabled",
    ]) {
      expect(text).not.toMatch(new RegExp(`rule ${property} `));
    }
  });

  it("ignores a threat level while threat protection is off", () => {
    const policy = {
      "@odata.type": "#microsoft.graph.iosCompliancePolicy",
      displayName: "T",
      deviceThreatProtectionEnabled: false,
      deviceThreatProtectionRequiredSecurityLevel: "low",
    };
    const r = importIntune([policy], { file: "t.json" });
    expect(r.stats).toEqual({ policies: 1, settingsImported: 0, settingsSkipped: 0 });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "CP5031",
        "compliance policy `T` imports with no rules (no setting is configured): every device of its platform passes it",
      ],
    ]);
  });

  it("refuses other Graph types by name, with the supported ones in the help", () => {
    const r = importFile("unsupported-and-skipped.json");
    const refused = r.diagnostics.filter((d) => d.code === "CP5012");
    expect(refused.map((d) => [d.message, d.span.file, d.span.start.line])).toEqual([
      ["`androidCompliancePolicy` is not supported", "unsupported-and-skipped.json", 3],
      ["`windows81CompliancePolicy` is not supported", "unsupported-and-skipped.json", 11],
    ]);
    expect(refused[0]!.help).toBe(
      "this legacy policy type is retired in Intune; supported types: windows10CompliancePolicy, " +
        "macOSCompliancePolicy, iosCompliancePolicy, androidWorkProfileCompliancePolicy, " +
        "androidDeviceOwnerCompliancePolicy, aospDeviceOwnerCompliancePolicy, conditionalAccessPolicy, " +
        "deviceAndAppManagementAssignmentFilter",
    );
    expect(r.stats).toEqual({ policies: 1, settingsImported: 3, settingsSkipped: 0 });
    const unknown = importIntune([{ displayName: "no type" }, 42], { file: "u.json" }).diagnostics.map(
      (d) => d.message,
    );
    expect(unknown).toEqual([
      "`item 1 without @odata.type` is not supported",
      "`item 2 (not an object)` is not supported",
    ]);
  });

  it("points a skipped setting at its line and column in the export", () => {
    const text =
      '{\n  "@odata.type": "#microsoft.graph.macOSCompliancePolicy",\n  "displayName": "Mac",\n    "futureSetting": true\n}\n';
    const r = readGraphObjects(Buffer.from(text), "mac.json");
    const warning = importIntune(r.objects, { file: "mac.json", text: r.text }).diagnostics[0]!;
    expect(warning.span).toMatchObject({ file: "mac.json", start: { line: 4, column: 5 } });
    expect(warning.message).toBe(
      "setting `futureSetting` of `Mac` cannot be expressed in Tenet yet and was not imported",
    );
  });

  it("warns about scheduled actions Intune cannot carry out or Tenet cannot say", () => {
    const configs = [
      { actionType: "block", gracePeriodHours: 12 },
      { actionType: "remoteLock", gracePeriodHours: 24 },
      {
        actionType: "notification",
        gracePeriodHours: 0,
        notificationTemplateId: "t-1",
        notificationMessageCCList: ["g-1"],
      },
      { actionType: "noAction", gracePeriodHours: 0 },
      { actionType: "block", gracePeriodHours: 48 },
    ];
    const policy = {
      "@odata.type": "#microsoft.graph.windows10CompliancePolicy",
      displayName: "W",
      storageRequireEncryption: true,
      scheduledActionsForRule: [{ ruleName: "PasswordRequired", scheduledActionConfigurations: configs }],
    };
    const r = importIntune([policy], { file: "w.json" });
    expect(r.diagnostics.map((d) => /setting `([^`]+)`/.exec(d.message)?.[1])).toEqual([
      "scheduledActionsForRule.remoteLock",
      "notificationMessageCCList",
      "scheduledActionsForRule.block",
    ]);
    expect(r.files[0]!.text).toContain(
      '  on noncompliant {\n    after 0h notify ["t-1"]\n    after 12h mark noncompliant\n  }',
    );
    expect(loadPolicySources(r.files).diagnostics).toEqual([]);
  });

  it("gives unique kebab-case names and file paths across sources", () => {
    const p = (displayName: string) => ({
      "@odata.type": "#microsoft.graph.macOSCompliancePolicy",
      displayName,
      storageRequireEncryption: true,
    });
    const r = importIntune([
      { file: "a/mac.json", objects: [p("Mac: Baseline (Prod)"), p("mac baseline prod")] },
      { file: "b/mac.json", objects: [p("2026 Mac"), p("")] },
    ]);
    expect(r.policies.map((x) => x.name)).toEqual([
      "mac-baseline-prod",
      "mac-baseline-prod-2",
      "compliance-policy-2026-mac",
      "compliance-policy",
    ]);
    expect(r.files.map((f) => f.path)).toEqual(["mac.tenet", "mac-2.tenet"]);
    expect(loadPolicySources(r.files).diagnostics).toEqual([]);
  });
});

describe("Conditional Access import details", () => {
  const ca = (
    conditions: Record<string, unknown>,
    grantControls: unknown = { operator: "OR", builtInControls: ["mfa"] },
    sessionControls: unknown = null,
  ) => ({
    displayName: "CA",
    state: "enabled",
    conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, ...conditions },
    grantControls,
    sessionControls,
  });

  it("keeps what Tenet can say and names each value it cannot", () => {
    const r = importIntune(
      [
        ca(
          {
            signInRiskLevels: ["high", "hidden"],
            clientAppTypes: ["exchangeActiveSync", "easSupported"],
            servicePrincipalRiskLevels: ["high"],
          },
          { operator: "AND", builtInControls: ["mfa", "federatedMfa"], customAuthenticationFactors: ["duo"] },
          { disableResilienceDefaults: true, continuousAccessEvaluation: { mode: "strictLocation" } },
        ),
      ],
      { file: "ca.json" },
    );
    expect(r.diagnostics.map((d) => /setting `([^`]+)`/.exec(d.message)?.[1])).toEqual([
      "conditions.servicePrincipalRiskLevels",
      'conditions.clientAppTypes "easSupported"',
      'conditions.signInRiskLevels "hidden"',
      'grantControls.builtInControls "federatedMfa"',
      "grantControls.customAuthenticationFactors",
      "sessionControls.continuousAccessEvaluation",
      "sessionControls.disableResilienceDefaults",
    ]);
    expect(r.stats).toEqual({ policies: 1, settingsImported: 3, settingsSkipped: 7 });
    // Never narrower than the original: the clients and risk conditions it cannot read fully are left out, and the policy is marked.
    expect(r.files[0]!.text).toContain(
      '  apps include all\n  grant mfa\n  unsupported "conditions.servicePrincipalRiskLevels: a ' +
        'condition Tenet cannot evaluate; it may narrow where the policy applies"\n',
    );
    expect(r.files[0]!.text.match(/^ {2}unsupported /gm)).toHaveLength(7);
    expect(loadPolicySources(r.files).diagnostics).toEqual([]);
  });

  it("imports a policy with session controls only, and a state Graph does not define as a warning", () => {
    const r = importIntune(
      [
        ca({}, null, { signInFrequency: { isEnabled: true, type: "hours", value: 12 } }),
        { ...ca({}), displayName: "CA odd", state: "paused" },
      ],
      { file: "ca.json" },
    );
    expect(r.files[0]!.text).toContain(
      'access ca "CA" {\n  state enabled\n  users include all\n  apps include all\n  session signInFrequency 12h\n}',
    );
    expect(r.files[0]!.text).toContain('access ca-odd "CA odd" {\n  state enabled');
    expect(r.files[0]!.text).toContain('  unsupported "state: `paused` is no Graph policy state; read as enabled"');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "setting `state` of `CA odd` cannot be expressed in Tenet yet and was not imported",
    ]);
    expect(loadPolicySources(r.files).diagnostics).toEqual([]);
  });
});
