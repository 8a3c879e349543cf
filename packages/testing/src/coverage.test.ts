import { describe, expect, it } from "vitest";
import { evaluate } from "@tenet/evaluator";
import { NOW, NOW_MS, compilePolicies } from "../test-support/policies.js";
import { computeCoverage } from "./coverage.js";

const compiled = compilePolicies(`
compliance laptops "Laptops" {
  platform windows
  rule healthy "Healthy" { require device.isEncrypted == true and (device.osVersion >= "10.0.26100" or device.deviceName startsWith "LAB-") remediation "r" }
  rule firewall "Firewall" { require device.firewallEnabled == true remediation "r" }
}`);

const sample = (facts: Record<string, unknown>) => ({
  facts,
  now: NOW_MS,
  result: evaluate(compiled, { operatingSystem: "Windows", ...facts }, { now: NOW }),
});

describe("computeCoverage", () => {
  it("records, per comparison, whether some test saw it true and some saw it false", () => {
    const report = computeCoverage(compiled, [
      sample({ isEncrypted: true, osVersion: "10.0.26100", firewallEnabled: true }),
      sample({ isEncrypted: false, osVersion: "10.0.26100", firewallEnabled: true }),
    ]);
    const healthy = report.rules.find((r) => r.id === "laptops.healthy")!;
    expect(healthy).toMatchObject({ sawPass: true, sawFail: true });
    expect(healthy.conditions).toEqual([
      { text: "device.isEncrypted == true", sawTrue: true, sawFalse: true },
      { text: 'device.osVersion >= "10.0.26100"', sawTrue: true, sawFalse: false },
      { text: 'device.deviceName startsWith "LAB-"', sawTrue: false, sawFalse: false },
    ]);
    expect(report.rules.find((r) => r.id === "laptops.firewall")).toMatchObject({
      sawPass: true,
      sawFail: false,
      conditions: [{ text: "device.firewallEnabled == true", sawTrue: true, sawFalse: false }],
    });
  });

  it("lists the facts no test provided and the verdicts no test produced", () => {
    const report = computeCoverage(compiled, [
      sample({ isEncrypted: true, osVersion: "10.0.26100", firewallEnabled: true }),
    ]);
    expect(report.untouchedFacts).toEqual(["deviceName"]);
    expect(report.missingVerdicts).toEqual(["fail", "error", "waived", "notApplicable", "inGracePeriod"]);
  });

  it("computes the percentage of rule and comparison outcomes seen, reaching 100 with enough cases", () => {
    const partial = computeCoverage(compiled, [
      sample({ isEncrypted: true, osVersion: "10.0.26100", firewallEnabled: true }),
    ]);
    // 2 rules x (pass, fail) + 4 comparisons x (true, false) = 12 outcomes; seen: 2 passes + 2 trues for healthy + 1 for firewall.
    expect(partial.percent).toBe(41.7);
    const full = computeCoverage(compiled, [
      sample({ isEncrypted: true, osVersion: "10.0.26100", deviceName: "LAB-1", firewallEnabled: true }),
      sample({ isEncrypted: false, osVersion: "10.0.22631", deviceName: "PC-1", firewallEnabled: false }),
    ]);
    expect(full.percent).toBe(100);
    expect(full.untouchedFacts).toEqual([]);
    expect(computeCoverage(compiled, []).percent).toBe(0);
  });
});
