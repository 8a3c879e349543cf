import { describe, expect, it } from "vitest";
import { builtinSchemas } from "@tenet/parser";
import { evaluate, evaluateAccess, type CompiledPolicySet } from "@tenet/evaluator";
import { NOW, compilePolicies, seeded } from "../test-support/policies.js";
import { claimOf } from "./claims.js";
import { propertiesOf, verifyProperty, type PropertyResult } from "./verify.js";

const compiled = compilePolicies(`
compliance enc "Encryption" {
  platform windows
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
}
compliance enc-fw "Encryption and firewall" {
  platform windows
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
  rule fw "Firewall" { require device.firewallEnabled == true remediation "r" }
}
waiver lab "Lab machines" {
  rules enc-fw.fw
  scope device.deviceName startsWith "LAB-"
  reason "lab" approver "a@b.c" ticket "T-1" expires 2027-01-01
}
compliance full "Seven rules" {
  platform windows
  rule os "OS" { require device.osVersion >= "10.0.26100" remediation "r" }
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
  rule fw "Firewall" { require device.firewallEnabled == true remediation "r" }
  rule sync "Synced" { require device.lastSyncDateTime within 7d remediation "r" }
  rule threat "Threat" { require device.deviceThreatLevel <= "low" remediation "r" }
  rule tpm "TPM" { require device.tpmSpecificationVersion is present remediation "r" }
  rule bl "BitLocker" { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" remediation "r" }
}
compliance full-raised "Seven rules, a newer minimum" {
  platform windows
  rule os "OS" { require device.osVersion >= "10.0.26200" remediation "r" }
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
  rule fw "Firewall" { require device.firewallEnabled == true remediation "r" }
  rule sync "Synced" { require device.lastSyncDateTime within 7d remediation "r" }
  rule threat "Threat" { require device.deviceThreatLevel <= "low" remediation "r" }
  rule tpm "TPM" { require device.tpmSpecificationVersion is present remediation "r" }
  rule bl "BitLocker" { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" remediation "r" }
}
access portals-compliant "Admin portals need a compliant device" {
  users include all exclude group "breakglass"
  apps include suite "MicrosoftAdminPortals"
  grant compliantDevice
}
access everyone-mfa "Everyone needs MFA" {
  users include all exclude group "breakglass"
  apps include all
  grant mfa
}
property strict "enc-fw is stricter" { expect enc-fw stricterThan enc }
property loose "enc is stricter (false)" { expect enc stricterThan enc-fw }
property no-hard { expect no waivedHardFailures }
property portals-device {
  assume "MicrosoftAdminPortals" in signIn.application.suites and not ("breakglass" in signIn.groups) and signIn.application.userAction is missing
  expect requires compliantDevice
}
property portals-device-breakglass { assume "MicrosoftAdminPortals" in signIn.application.suites expect requires compliantDevice }
property any-device { expect requires compliantDevice }
property mfa-for-all { assume not ("breakglass" in signIn.groups) and signIn.application.userAction is missing expect requires mfa }
property never-blocked { expect never blocked }
property raised-covers-full { expect full stricterThan full-raised }
property impossible { assume signIn.user.id == "nobody-has-this-id" and not (signIn.user.id == "nobody-has-this-id") expect never blocked }
`);

const byName = new Map(propertiesOf(compiled).map((p) => [p.name.name, p]));
const { seed, numRuns } = seeded("verifyProperty", 99, 200);
const verify = (name: string, set: CompiledPolicySet = compiled): PropertyResult =>
  verifyProperty(set, byName.get(name)!, { schemas: builtinSchemas(), now: NOW, seed, numRuns });

describe("verifyProperty", () => {
  it("proves a true stricterThan and refutes the converse with a shrunk device and both sides explained", () => {
    expect(verify("strict")).toMatchObject({ passed: true, runs: numRuns, seed, claim: "enc-fw stricterThan enc" });
    const r = verify("loose");
    expect(r).toMatchObject({
      passed: false,
      subject: "device",
      counterexample: { operatingSystem: "Windows", isEncrypted: true },
    });
    expect(Object.keys(r.counterexample as object).sort()).toEqual(["isEncrypted", "operatingSystem"]);
    expect(r.explanation).toBe(
      "`enc`: compliant\n  (no failed rules)\n`enc-fw`: error\n  error enc-fw.fw (Firewall): " +
        "device.firewallEnabled: fact `device.firewallEnabled` is missing",
    );
  });

  it("searches toward a counterexample when every random device satisfied the claim", () => {
    const r = verifyProperty(compiled, byName.get("raised-covers-full")!, {
      schemas: builtinSchemas(),
      now: NOW,
      seed: 1,
      numRuns: 50,
    });
    expect(r).toMatchObject({ passed: false, foundBySearch: true, subject: "device" });
    expect(
      evaluate(compiled, r.counterexample, { now: NOW })
        .policies.filter((p) => p.policy.startsWith("full"))
        .map((p) => [p.policy, p.state]),
    ).toEqual([
      ["full", "compliant"],
      ["full-raised", "noncompliant"],
    ]);
  });

  it("`no waivedHardFailures` holds for a checked set and catches a compiled set that waives a hard rule", () => {
    expect(verify("no-hard")).toMatchObject({ passed: true });
    // The checker rejects waivers of hard rules; simulate an engine that let one through.
    const broken: CompiledPolicySet = {
      ...compiled,
      policies: compiled.policies.map((p) => ({
        ...p,
        rules: p.rules.map((rule) => (rule.waivers.length > 0 ? { ...rule, enforcement: "hard" as const } : rule)),
      })),
    };
    const r = verify("no-hard", broken);
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ deviceName: expect.stringMatching(/^LAB-/) });
    expect(r.explanation).toContain("hard rule enc-fw.fw is waived");
  });

  it("`requires CONTROL` takes the control away from each generated sign-in", () => {
    expect(verify("portals-device")).toMatchObject({ passed: true });
    expect(verify("mfa-for-all")).toMatchObject({ passed: true });
    // Without excluding the emergency accounts the claim is false, and the counterexample shows why.
    const breakglass = verify("portals-device-breakglass");
    expect(breakglass.passed).toBe(false);
    expect((breakglass.counterexample as { groups: string[] }).groups).toContain("breakglass");
    const r = verify("any-device");
    expect(r.passed).toBe(false);
    expect(r.subject).toBe("signIn");
    // The pasted sign-in gets in without a compliant device.
    const signIn = r.counterexample as Record<string, unknown>;
    const device = signIn.device as Record<string, unknown> | null;
    expect(device === null || device.isCompliant !== true).toBe(true);
    const decision = evaluateAccess(compiled, signIn, { now: NOW });
    expect(decision.accessGrantedNow).toBe(true);
    expect(r.explanation).toMatch(/^without `compliantDevice` this sign-in gets access\n  decision /);
  });

  it("`never blocked` holds without a blocking policy", () => {
    expect(verify("never-blocked")).toMatchObject({ passed: true });
  });

  it("fails, rather than passing vacuously, when no generated case meets `assume`", () => {
    const r = verify("impossible");
    expect(r.passed).toBe(false);
    expect(r.error).toMatch(
      /^the `assume` condition held for only 0 of \d+ generated cases; the claim could not be checked$/,
    );
  });

  it("reports an unknown claim, policy or control instead of checking something else (the checker rejects them first)", () => {
    const ctx = { compiled, schemas: builtinSchemas(), now: NOW, evalOptions: { now: NOW } };
    expect(claimOf(["enc", "weakerThan", "enc-fw"], ctx)).toMatchObject({
      error: expect.stringMatching(/^unknown claim `enc weakerThan enc-fw`/),
    });
    expect(claimOf(["enc", "stricterThan", "windows-baseline"], ctx)).toEqual({
      error: "unknown compliance policy `windows-baseline`",
    });
    expect(claimOf(["requires", "fingerprint"], ctx)).toMatchObject({
      error: expect.stringMatching(/^unknown grant control `fingerprint`/),
    });
  });
});
