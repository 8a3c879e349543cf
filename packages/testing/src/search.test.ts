import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinSchema } from "@tenet/parser";
import { evaluate } from "@tenet/evaluator";
import { NOW, compilePolicies } from "../test-support/policies.js";
import { arbitrarySnapshot } from "./arbitrary-snapshot.js";
import { searchSnapshot } from "./search.js";

const rules = (min: string) => `
compliance base "Base" {
  platform windows
  rule os "OS" { require device.osVersion >= "${min}" remediation "r" }
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
  rule fw "Firewall" { require device.firewallEnabled == true remediation "r" }
  rule sync "Synced" { require device.lastSyncDateTime within 7d remediation "r" }
  rule threat "Threat" { require device.deviceThreatLevel <= "low" remediation "r" }
  rule tpm "TPM" { require device.tpmSpecificationVersion is present remediation "r" }
  rule bl "BitLocker" { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" remediation "r" }
}`;
const before = compilePolicies(rules("10.0.26100"));
const after = compilePolicies(rules("10.0.26200"));
const device = builtinSchema("device");
const compliant = (c: typeof before, d: unknown) => evaluate(c, d, { now: NOW, explain: false }).state === "compliant";
const failing = (c: typeof before, d: unknown) =>
  evaluate(c, d, { now: NOW, explain: false }).policies[0]!.rules.filter((r) => r.status !== "pass").length;

describe("searchSnapshot", () => {
  it("finds a device compliant with every old rule and outside the new minimum, which random sampling rarely hits", () => {
    const goal = (d: Record<string, unknown>) => failing(before, d) + (compliant(after, d) ? 1 : 0);
    const sampled = fc.sample(arbitrarySnapshot(device, { near: [before, after], now: NOW }), {
      seed: 1,
      numRuns: 1000,
    });
    expect(sampled.filter((d) => goal(d) === 0).length).toBeLessThanOrEqual(10);
    const witness = searchSnapshot(device, goal, { near: [before, after], now: NOW, seed: 1 });
    expect(witness).toBeDefined();
    expect(compliant(before, witness)).toBe(true);
    expect(compliant(after, witness)).toBe(false);
    // Stripped to the facts that matter: the ones the rules read, plus what decides the platform.
    expect(Object.keys(witness!).sort()).toEqual([
      "deviceHealthAttestationState",
      "deviceThreatLevel",
      "firewallEnabled",
      "isEncrypted",
      "lastSyncDateTime",
      "operatingSystem",
      "osVersion",
      "tpmSpecificationVersion",
    ]);
  });

  it("returns undefined when no device can meet the goal", () => {
    const impossible = (d: Record<string, unknown>) => (compliant(after, d) && !compliant(before, d) ? 0 : 1);
    expect(searchSnapshot(device, impossible, { near: [before, after], now: NOW, seed: 1, starts: 5 })).toBeUndefined();
  });
});
