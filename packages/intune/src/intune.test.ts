import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinSchema, loadPolicySources } from "@tenet/parser";
import { compile, evaluate } from "@tenet/evaluator";
import { arbitrarySnapshot } from "@tenet/testing";
import { evaluateIntune, exportIntune, importIntune, readGraphObjects } from "./index.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const load = (name: string) => ({ file: name, ...readGraphObjects(fixture(name), name) });
const NOW = "2026-11-25T12:00:00Z";

describe("import", () => {
  const imported = importIntune([load("compliance-policies.json"), load("conditional-access.json")]);

  it("turns every configured setting into one typed rule and reports what it cannot carry over", () => {
    expect(imported.stats).toEqual({ policies: 7, settingsImported: 29, settingsSkipped: 9 });
    const warnings = imported.diagnostics.filter((d) => d.code === "CP5013").map((d) => d.message);
    expect(warnings).toContain("setting `systemIntegrityProtectionEnabled` of `macOS baseline` cannot be expressed in Tenet yet and was not imported");
    expect(imported.diagnostics.find((d) => d.code === "CP5012")?.message).toBe("`androidCompliancePolicy` is not supported");
    const text = imported.files[0]!.text;
    expect(text).toContain('rule signatureOutOfDate "Security intelligence is up to date" {\n    require device.windowsProtectionState.signatureUpdateOverdue == false');
    expect(text).toContain('require device.deviceThreatLevel <= "medium"');
    expect(text).not.toContain("osMaximumVersion"); // null: not configured
    expect(text).not.toContain("earlyLaunchAntiMalwareDriverEnabled"); // false: not configured
    expect(text).toContain("after 72h mark noncompliant");
  });

  it("writes files that parse, check and format cleanly", () => {
    const loaded = loadPolicySources(imported.files);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value.compliance.map((p) => p.name)).toEqual(["windows-11-corporate-baseline", "ios-baseline", "android-work-profile", "macos-baseline"]);
    expect(loaded.value.access.map((p) => [p.name, p.state])).toEqual([
      ["ca001-require-mfa-for-admins", "enabled"],
      ["ca010-office-365-compliant-device-report-only", "reportOnly"],
      ["ca020-block-legacy-authentication", "enabled"],
    ]);
  });

  it("reads UTF-16LE exports with a byte-order mark and CRLF line ends", () => {
    const text = fixture("conditional-access.json").toString("utf8").replace(/\n/g, "\r\n");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const r = readGraphObjects(utf16, "ca-utf16.json");
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(3);
  });

  it("names the line and column of broken JSON", () => {
    const r = readGraphObjects(Buffer.from('{\n  "displayName": "x",\n  oops\n}'), "bad.json");
    expect(r.diagnostics[0]?.message).toMatch(/^invalid JSON: .*\(line 3, column 3\)$/);
  });
});

describe("Intune mode", () => {
  const policies = readGraphObjects(fixture("compliance-policies.json"), "p.json").objects.filter((p) => p["displayName"] === "Windows 11 - Corporate Baseline");
  const healthy = {
    operatingSystem: "Windows", osVersion: "10.0.26100.7171", passcodeSet: true, passcodeLength: 14, isEncrypted: true, firewallEnabled: true, tpmSpecificationVersion: "2.0", deviceThreatLevel: "low",
    lastSyncDateTime: "2026-11-25T10:00:00Z", deviceHealthAttestationState: { bitLockerStatus: "enabled", secureBoot: "enabled", codeIntegrity: "enabled" },
    windowsProtectionState: { malwareProtectionEnabled: true, realTimeProtectionEnabled: true, signatureUpdateOverdue: false, antiMalwareVersion: "4.18.25100.9" },
  };
  const summary = (device: Record<string, unknown>) => evaluateIntune({ policies, device, now: NOW }).value!;

  it("reports Intune's summary for a compliant device", () => {
    expect(summary(healthy)).toEqual({
      policyStates: { "windows-11-corporate-baseline": "compliant" },
      failedSettings: {},
      defaultPolicyState: "compliant",
      deviceState: "compliant",
      actions: { due: [], pending: [] },
    });
  });

  it("gives Intune's answers at the boundaries", () => {
    // Version padding: 10.0.26100 equals 10.0.26100.0; build ranges are inclusive.
    expect(summary({ ...healthy, osVersion: "10.0.26100" }).deviceState).toBe("compliant");
    expect(summary({ ...healthy, osVersion: "10.0.26100.65535" }).deviceState).toBe("compliant");
    expect(summary({ ...healthy, osVersion: "10.0.26150.1" }).failedSettings).toEqual({ "windows-11-corporate-baseline": ["validOperatingSystemBuildRanges"] });
    // Threat level: compliant iff rank(device) <= rank(required).
    expect(summary({ ...healthy, deviceThreatLevel: "medium" }).deviceState).toBe("compliant");
    expect(summary({ ...healthy, deviceThreatLevel: "high" }).policyStates).toEqual({ "windows-11-corporate-baseline": "inGracePeriod" });
    // Grace period: 72 hours from first detection; at expiry the device is noncompliant.
    const since = (iso: string) => ({ ...healthy, isEncrypted: false, noncompliantSince: { "windows-11-corporate-baseline": iso } });
    expect(summary(since("2026-11-22T12:00:01Z")).deviceState).toBe("inGracePeriod");
    const expired = summary(since("2026-11-22T12:00:00Z"));
    expect(expired.deviceState).toBe("noncompliant");
    expect(expired.actions.due.map((a) => [a.actionType, a.gracePeriodHours])).toEqual([["notification", 0], ["block", 72]]);
    expect(expired.actions.pending.map((a) => [a.actionType, a.gracePeriodHours])).toEqual([["retire", 720]]);
    // Validity period: more than 30 days since the last check-in fails `isActive`.
    expect(summary({ ...healthy, lastSyncDateTime: "2026-10-26T12:00:00Z" }).defaultPolicyState).toBe("compliant");
    expect(summary({ ...healthy, lastSyncDateTime: "2026-10-26T11:59:59Z" })).toMatchObject({ defaultPolicyState: "nonCompliant", defaultPolicyFailedSettings: ["isActive"] });
    // A malformed device version is an error, not a failure.
    expect(summary({ ...healthy, osVersion: "10.0.x" }).deviceState).toBe("error");
  });
});

describe("export", () => {
  it("round-trips: import(export(p)) decides like p on generated devices", () => {
    const original = loadPolicySources(importIntune([load("compliance-policies.json")]).files).value;
    const exported = exportIntune(original);
    expect(exported.diagnostics).toEqual([]);
    const again = loadPolicySources(importIntune([{ file: "roundtrip.json", objects: exported.objects }]).files);
    expect(again.diagnostics).toEqual([]);
    const [a, b] = [compile(original), compile(again.value)];
    const states = (c: ReturnType<typeof compile>, device: unknown) => evaluate(c, device, { now: NOW, explain: false }).policies.map((p) => [p.policy, p.state, p.rules.map((r) => r.status)]);
    const seed = 20261125;
    fc.assert(
      fc.property(arbitrarySnapshot(builtinSchema("device"), { near: original, now: NOW }), (device) => {
        expect(states(b, device)).toEqual(states(a, device));
      }),
      { numRuns: 300, seed },
    );
  });

  it("names what Intune cannot express", () => {
    const set = loadPolicySources([{ path: "x.tenet", text: 'compliance x "X" { platform windows rule custom "C" { require device.deviceName startsWith "LAB" remediation "r" } }' }]).value;
    const r = exportIntune(set);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["rule `custom` of `x` cannot be expressed in Intune and was not exported"]);
  });
});
