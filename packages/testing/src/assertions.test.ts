import { describe, expect, it } from "vitest";
import { builtinSchema } from "@tenet/parser";
import { compareVersions } from "@tenet/evaluator";
import { DAY, NOW, NOW_MS, compilePolicies, seeded } from "../test-support/policies.js";
import { expectCompliant, expectEquivalent, expectImplies, findImplicationFailure } from "./assertions.js";
import { accepts } from "./decide.js";

const compiled = compilePolicies(`
compliance base "Base" {
  platform windows
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
}
compliance strict "Strict" {
  platform windows
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
  rule fw "Firewall" { require device.firewallEnabled == true remediation "r" }
}
compliance enc-again "Encrypted, written differently" {
  platform windows
  rule enc "Encrypted" { require not (device.isEncrypted == false) and device.isEncrypted is present remediation "r" }
}
compliance os-at-least "At least 24H2" {
  platform windows
  rule os "OS" { require device.osVersion >= "10.0.26100" remediation "r" }
}
compliance os-above "Above 24H2 (an off-by-one)" {
  platform windows
  rule os "OS" { require device.osVersion > "10.0.26100" remediation "r" }
}
compliance synced-week "Synced this week" {
  platform windows
  rule sync "Sync" { require device.lastSyncDateTime within 7d remediation "r" }
}
compliance synced-week-again "Synced this week, said the other way" {
  platform windows
  rule sync "Sync" { require not (device.lastSyncDateTime older than 168h) remediation "r" }
}
compliance synced-eight-days "Synced in eight days" {
  platform windows
  rule sync "Sync" { require device.lastSyncDateTime within 8d remediation "r" }
}`);

const policy = (name: string) => ({ compiled, policy: name });
const options = { schema: builtinSchema("device"), now: NOW, ...seeded("assertions", 1125, 300) };

/** The JSON counterexample in an assertion's message, parsed back: it must be pasteable as is. */
function counterexampleOf(message: string): Record<string, unknown> {
  const json = /counterexample:\n(\{[\s\S]*?\n\})/.exec(message)?.[1];
  expect(json, message).toBeDefined();
  return JSON.parse(json!) as Record<string, unknown>;
}

describe("expectImplies", () => {
  it("passes when every device the first policy accepts is accepted by the second", () => {
    expect(() => expectImplies(policy("strict"), policy("base"), options)).not.toThrow();
  });

  it("fails a wrong claim with a shrunk, pasteable counterexample and both explanations", () => {
    const message = findImplicationFailure(policy("base"), policy("strict"), options);
    expect(message).toMatch(
      /^`base` accepts a device that `strict` rejects \(seed 1125, after \d+ runs, shrunk \d+ times\)/,
    );
    const device = counterexampleOf(message!);
    // Shrunk: nothing but what the failure needs (other facts shrink away to missing).
    expect(Object.keys(device).sort()).toEqual(["isEncrypted", "operatingSystem"]);
    expect(device).toEqual({ operatingSystem: "Windows", isEncrypted: true });
    // Reproducible from the pasted JSON alone.
    expect(accepts(policy("base"), device, { now: NOW }).ok).toBe(true);
    expect(accepts(policy("strict"), device, { now: NOW }).ok).toBe(false);
    expect(message).toContain("`base`: compliant");
    // The smallest device leaves the firewall unreported: an error, explained for the rejecting policy only.
    expect(message).toContain(
      "`strict`: error\n  error strict.fw (Firewall): device.firewallEnabled: fact `device.firewallEnabled` is missing",
    );
    expect(message).not.toContain("os-at-least");
    expect(() => expectImplies(policy("base"), policy("strict"), options)).toThrow(/counterexample/);
  });

  it("finds an off-by-one at a version literal: the device exactly at the minimum", () => {
    const device = counterexampleOf(findImplicationFailure(policy("os-at-least"), policy("os-above"), options)!);
    expect(compareVersions(String(device.osVersion), "10.0.26100")).toBe(0);
  });

  it("finds a device between two `within` edges", () => {
    const device = counterexampleOf(
      findImplicationFailure(policy("synced-eight-days"), policy("synced-week"), options)!,
    );
    const age = NOW_MS - Date.parse(String(device.lastSyncDateTime));
    expect(age).toBeGreaterThan(7 * DAY);
    expect(age).toBeLessThanOrEqual(8 * DAY);
  });
});

describe("expectImplies on policies with many rules", () => {
  const seven = (min: string) =>
    ["os", "enc", "fw", "sync", "threat", "tpm", "bl"]
      .map((r, i) => {
        const require = [
          `device.osVersion >= "${min}"`,
          "device.isEncrypted == true",
          "device.firewallEnabled == true",
          "device.lastSyncDateTime within 7d",
          'device.deviceThreatLevel <= "low"',
          "device.tpmSpecificationVersion is present",
          'device.deviceHealthAttestationState.bitLockerStatus == "enabled"',
        ][i];
        return `rule ${r} "${r}" { require ${require} remediation "r" }`;
      })
      .join("\n  ");
  const many = compilePolicies(
    `compliance old "Old" {\n  platform windows\n  ${seven("10.0.26100")}\n}\ncompliance raised "Raised" ` +
      `{\n  platform windows\n  ${seven("10.0.26200")}\n}`,
  );

  it("searches for the device random runs miss: compliant with all seven old rules, below the raised minimum", () => {
    const message = findImplicationFailure(
      { compiled: many, policy: "old" },
      { compiled: many, policy: "raised" },
      { ...options, numRuns: 50, seed: 1 },
    );
    expect(message).toMatch(
      /^`old` accepts a device that `raised` rejects \(seed 1, found by boundary search after 50 random runs held\)/,
    );
    const device = counterexampleOf(message!);
    expect(accepts({ compiled: many, policy: "old" }, device, { now: NOW }).ok).toBe(true);
    expect(accepts({ compiled: many, policy: "raised" }, device, { now: NOW }).ok).toBe(false);
    expect(() =>
      expectImplies({ compiled: many, policy: "raised" }, { compiled: many, policy: "old" }, options),
    ).not.toThrow();
  });
});

describe("expectEquivalent", () => {
  it("passes for the same rule written two ways, missing facts included", () => {
    expect(() => expectEquivalent(policy("base"), policy("enc-again"), options)).not.toThrow();
    expect(() => expectEquivalent(policy("synced-week"), policy("synced-week-again"), options)).not.toThrow();
  });

  it("fails in whichever direction the policies differ", () => {
    expect(() => expectEquivalent(policy("strict"), policy("base"), options)).toThrow(
      /`base` accepts a device that `strict` rejects/,
    );
    expect(() => expectEquivalent(policy("os-above"), policy("os-at-least"), options)).toThrow(
      /`os-at-least` accepts a device that `os-above` rejects/,
    );
  });
});

describe("expectCompliant", () => {
  it("accepts a compliant device and explains a rejected one", () => {
    expect(() =>
      expectCompliant(
        policy("strict"),
        { operatingSystem: "Windows", isEncrypted: true, firewallEnabled: true },
        { now: NOW },
      ),
    ).not.toThrow();
    expect(() =>
      expectCompliant(
        policy("strict"),
        { operatingSystem: "Windows", isEncrypted: true, firewallEnabled: false },
        { now: NOW },
      ),
    ).toThrow(
      /expected `strict` to accept the device, but it is noncompliant\n\s+fail strict\.fw \(Firewall\): device\.firewallEnabled is false/,
    );
  });

  it("treats a policy for another platform as accepting", () => {
    expect(() => expectCompliant(policy("strict"), { operatingSystem: "macOS" }, { now: NOW })).not.toThrow();
  });
});
