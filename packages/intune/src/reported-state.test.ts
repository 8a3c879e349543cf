import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { importIntune } from "./import/import-intune.js";

const NOW = "2026-11-25T12:00:00Z";
const policy = {
  "@odata.type": "#microsoft.graph.windows10CompliancePolicy",
  id: "p-1",
  displayName: "Win password",
  passwordRequired: true,
  passwordRequiredType: "alphanumeric",
  passwordMinutesOfInactivityBeforeLock: 15,
};
const compiled = compile(loadPolicySources(importIntune([policy], { file: "p.json" }).files).value);
const setting = (name: string, state: string, extra: Record<string, unknown> = {}) => ({
  setting: `Windows10CompliancePolicy.${name}`,
  settingName: name,
  state,
  ...extra,
});
const device = (settingStates: unknown[], more: Record<string, unknown> = {}) => ({
  id: "d-1",
  operatingSystem: "Windows",
  passcodeSet: true,
  lastSyncDateTime: "2026-11-25T08:00:00Z",
  deviceCompliancePolicyStates: [
    {
      id: "p-1",
      displayName: "Win password",
      platformType: "windows10AndLater",
      state: "nonCompliant",
      settingCount: settingStates.length,
      settingStates,
    },
  ],
  ...more,
});
const rules = (facts: unknown) =>
  Object.fromEntries(evaluate(compiled, facts, { now: NOW }).policies[0]!.rules.map((r) => [r.rule, r]));

describe("rules on the per-setting state Intune reported", () => {
  it("pass on compliant, fail on nonCompliant, and say the state was reported by the device", () => {
    const r = rules(
      device([
        setting("PasswordRequiredType", "nonCompliant", { currentValue: "numeric" }),
        setting("PasswordMinutesOfInactivityBeforeLock", "compliant", { currentValue: "15" }),
      ]),
    );
    expect(r["passwordMinutesOfInactivityBeforeLock"]!.status).toBe("pass");
    expect(r["passwordRequiredType"]!.status).toBe("fail");
    const explanation = r["passwordRequiredType"]!.explanation!;
    expect(explanation.notes).toContain("as reported by the device on 2026-11-25T08:00:00Z");
    expect(explanation.facts).toContainEqual({ path: "device.reported.passwordRequiredType.compliant", value: false });
  });

  it("are an error, never a pass, when the device reported nothing for the setting", () => {
    const r = rules(device([setting("PasswordMinutesOfInactivityBeforeLock", "compliant")]));
    expect(r["passwordRequiredType"]!.status).toBe("error");
    expect(r["passwordRequiredType"]!.explanation!.errors[0]).toMatchObject({
      path: "device.reported.passwordRequiredType.compliant",
      code: "CP4001",
    });
    expect(rules({ ...device([]), deviceCompliancePolicyStates: null })["passwordRequiredType"]!.status).toBe("error");
  });

  it("take the worst state when several policies report one setting", () => {
    const two = device([setting("PasswordRequiredType", "compliant")]);
    (two.deviceCompliancePolicyStates as unknown[]).push({
      displayName: "Other",
      settingStates: [setting("PasswordRequiredType", "nonCompliant")],
    });
    expect(rules(two)["passwordRequiredType"]!.status).toBe("fail");
    (two.deviceCompliancePolicyStates as unknown[]).push({
      displayName: "Third",
      settingStates: [setting("PasswordRequiredType", "error", { errorCode: -2016281112 })],
    });
    expect(rules(two)["passwordRequiredType"]!.status).toBe("error");
  });

  it("read `reported` as the snapshot gives it, when it does", () => {
    expect(
      rules(device([], { reported: { passwordRequiredType: { state: "compliant", compliant: true } } }))[
        "passwordRequiredType"
      ]!.status,
    ).toBe("pass");
  });
});
