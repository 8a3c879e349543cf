import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { readGraphObjects } from "../read-graph-json.js";
import { importIntune } from "./import-intune.js";
import { METADATA, notConfigured } from "./settings.js";

const dir = new URL("../../fixtures/", import.meta.url);
const REAL = readdirSync(new URL("real-world/", dir))
  .filter((f) => f.endsWith(".json"))
  .map((f) => `real-world/${f}`);
const ALL = [...readdirSync(dir).filter((f) => f.endsWith(".json")), ...REAL];
const importFile = (name: string) => {
  const r = readGraphObjects(readFileSync(new URL(name, dir)), name);
  expect(r.diagnostics).toEqual([]);
  return { objects: r.objects, result: importIntune(r.objects, { file: name, text: r.text }) };
};
const named = (messages: string[]) => messages.map((m) => /setting `([^` ]+)/.exec(m)?.[1]);

describe("imports of real-world export shapes", () => {
  it.each(ALL)("%s: every file it writes passes its own checker", (name) => {
    const { result } = importFile(name);
    expect(loadPolicySources(result.files).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it.each(REAL)(
    "%s: accounts for every compliance setting (a rule, not configured, or a diagnostic naming it) and never warns about annotations",
    (name) => {
      const { objects, result } = importFile(name);
      const text = result.files.map((f) => f.text).join("\n");
      const mentioned = new Set(named(result.diagnostics.map((d) => d.message)));
      for (const o of objects as Record<string, unknown>[]) {
        if (typeof o["@odata.type"] !== "string" || !o["@odata.type"].endsWith("CompliancePolicy")) continue;
        for (const [property, value] of Object.entries(o)) {
          if (
            property.includes("@odata") ||
            property.startsWith("#") ||
            METADATA.has(property) ||
            notConfigured(value) ||
            value === "False"
          )
            continue;
          if (property === "deviceThreatProtectionRequiredSecurityLevel" && value === "unavailable") continue;
          if (property === "securityRequiredAndroidSafetyNetEvaluationType" && value === "basic") continue; // Intune's default
          expect(text.includes(`rule ${property} `) || mentioned.has(property), `${name}: ${property}`).toBe(true);
        }
      }
      for (const d of result.diagnostics)
        expect(d.message).not.toMatch(/@odata|#microsoft\.graph|`(roleScopeTagIds|assignments|id)`/);
    },
  );

  it("reads IntuneManagement's single-object file with a BOM, action bindings and inline assignments", () => {
    const { result } = importFile("real-world/intunemanagement-windows-baseline.json");
    expect(result.diagnostics).toEqual([]);
    expect(result.stats).toEqual({ policies: 1, settingsImported: 23, settingsSkipped: 0 });
    expect(result.files[0]!.text).toContain("require device.reported.passwordRequiredType.compliant == true");
    expect(result.files[0]!.text).toContain(
      'description "Intune setting: deviceCompliancePolicyScript = {\\"deviceComplianceScriptId\\":',
    );
  });

  it("reads IntuneCD's backup (no ids, Play Integrity and Company Portal checks) and keeps every setting", () => {
    const { result } = importFile("real-world/intunecd-android-work-profile.json");
    // IntuneCD names groups instead of giving their ids: the assignment importer says it cannot use that target.
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "setting `assignments[0] (target `groupAssignmentTarget`)` of `AND - Work Profile - Compliance` " +
        "cannot be expressed in Tenet yet and was not imported",
    ]);
    for (const p of [
      "securityRequireSafetyNetAttestationBasicIntegrity",
      "securityRequireCompanyPortalAppIntegrity",
      "securityRequireGooglePlayServices",
      "passwordMinutesOfInactivityBeforeLock",
    ]) {
      expect(result.files[0]!.text).toContain(`require device.reported.${p}.compliant == true`);
    }
    expect(result.files[0]!.text).not.toContain("requiredPasswordComplexity"); // "none" is not configured
  });

  it("reads a Graph Explorer list response and says which policy imports with no rules", () => {
    const { result } = importFile("real-world/graph-explorer-compliance-policies.json");
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "CP5031",
        "compliance policy `WIN - Placeholder` imports with no rules (no setting is configured): every device of its platform passes it",
      ],
    ]);
    expect(result.files[0]!.text).toContain("require device.reported.gatekeeperAllowedAppSource.compliant == true");
    expect(result.files[0]!.text).toContain(
      "require device.reported.systemIntegrityProtectionEnabled.compliant == true",
    );
    expect(result.files[0]!.text).toContain("require device.reported.firewallEnableStealthMode.compliant == true");
  });

  it("reads PowerShell's UTF-16 output: booleans and numbers as strings and builds without 10.0. normalised with a warning, a broken version refused", () => {
    const { result } = importFile("real-world/powershell-windows-compliance.json");
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.span.start.line > 0])).toEqual([
      ...Array(7).fill(["CP5032", "warning", true]),
      ["CP5033", "error", true],
    ]);
    expect(result.files[0]!.text).toContain('require device.osVersion >= "10.0.22631.4249"');
    expect(result.files[0]!.text).toContain(
      '(device.osVersion >= "10.0.22631.4249" and device.osVersion <= "10.0.22631.9999")',
    );
    expect(result.files[0]!.text).toContain("require device.passcodeLength >= 8");
    expect(result.files[0]!.text).not.toContain("passwordBlockSimple");
  });

  it("marks every Conditional Access part it cannot carry over and maps the rest", () => {
    const { result } = importFile("real-world/graph-explorer-conditional-access.json");
    const text = result.files[0]!.text;
    expect(named(result.diagnostics.map((d) => d.message))).toEqual([
      "conditions.users.includeGuestsOrExternalUsers.externalTenants",
      "conditions.servicePrincipalRiskLevels",
      "conditions.clientApplications",
      "conditions.insiderRiskLevels",
      "conditions.applications.applicationFilter",
      "grantControls.customAuthenticationFactors",
      "sessionControls.cloudAppSecurity",
    ]);
    expect(text.match(/^ {2}unsupported /gm)).toHaveLength(7);
    // The device code flow block is Microsoft's common policy, now carried over exactly.
    expect(text).toContain(
      'access ca002-block-device-code-flow "CA002 - Block device code flow" {\n  state report-only\n  ' +
        'users include all exclude group "6f1c2a9e-0000-4000-8000-0000000000bb"\n  apps include all\n  ' +
        "authenticationFlows include deviceCodeFlow\n  grant block\n}",
    );
    expect(text).toContain(
      'access ca001-require-mfa-for-all-users "CA001 - Require MFA for all users" {\n  state enabled\n  ' +
        'users include all exclude group "6f1c2a9e-0000-4000-8000-0000000000bb"\n  apps include all\n  ' +
        "grant mfa\n}",
    );
    expect(text).toContain(
      '  users include guests "b2bCollaborationGuest", "b2bCollaborationMember"\n  apps include all\n  grant mfa\n  unsupported',
    );
    expect(text).toContain(
      "  deviceStates include all exclude compliant, domainJoined\n  session appEnforcedRestrictions\n}",
    );
    expect(text).toContain(
      "  users include all exclude guests\n  apps include all\n  locations include all exclude trusted\n " +
        ' grant authenticationStrength "00000000-0000-0000-0000-000000000004"\n  session signInFrequency ' +
        "4h\n}",
    );
  });

  it("reads a PowerShell UTF-16 Conditional Access export with nothing left over", () => {
    const { result } = importFile("real-world/powershell-conditional-access.json");
    expect(result.diagnostics).toEqual([]);
    expect(result.files[0]!.text).toContain("  clients include exchangeActiveSync, other\n  grant block\n}");
  });
});
