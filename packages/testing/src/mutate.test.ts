import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile } from "@tenet/evaluator";
import { NOW } from "../test-support/policies.js";
import { mutantsOf } from "./mutate.js";
import { describeSurvivors, mutationReport } from "./mutation-report.js";
import { runTestFile } from "./run-tests.js";
import type { TestFile } from "./test-file.js";

const text = `let min-os = "10.0.26100"

compliance laptops "Laptops" {
  platform windows
  when device.deviceCategoryDisplayName != "Kiosk"

  rule os "OS" {
    require device.osVersion >= min-os
    remediation "r"
  }

  rule sync "Synced" {
    require device.lastSyncDateTime within 14d and device.passcodeLength >= 6
    remediation "r"
  }

  rule patch "Patched" {
    require device.androidSecurityPatchLevel >= 2026-10-01 and
        device.deviceThreatLevel in ["secured", "low"]
    remediation "r"
  }

  rule tpm "TPM" {
    require device.tpmSpecificationVersion is present
    remediation "r"
  }
}
`;
const sources = [{ path: "laptops.tenet", text }];

describe("mutantsOf", () => {
  it("flips every comparison and moves every bound one step each way, in rules, `when` and lets", () => {
    const mutants = mutantsOf(sources);
    expect(mutants.map((m) => `${m.line}:${m.column} ${m.where}: ${m.change}`)).toEqual([
      '1:14 let min-os: `"10.0.26100"` -> `"10.0.26099"`',
      '1:14 let min-os: `"10.0.26100"` -> `"10.0.26101"`',
      "5:8 laptops (when): `!=` -> `==`",
      "8:13 laptops.os: `>=` -> `>`",
      "13:13 laptops.sync: `within` -> `older than`",
      "13:44 laptops.sync: `14d` -> `13d`",
      "13:44 laptops.sync: `14d` -> `15d`",
      "13:52 laptops.sync: `>=` -> `>`",
      "13:77 laptops.sync: `6` -> `5`",
      "13:77 laptops.sync: `6` -> `7`",
      "18:13 laptops.patch: `>=` -> `>`",
      "18:49 laptops.patch: `2026-10-01` -> `2026-09-30`",
      "18:49 laptops.patch: `2026-10-01` -> `2026-10-02`",
      "19:9 laptops.patch: `in` -> `not in`",
      "24:13 laptops.tpm: `is present` -> `is missing`",
    ]);
  });

  it("changes exactly one place of one file, printed canonically", () => {
    const [first] = mutantsOf([...sources, { path: "other.tenet", text: "let unrelated = 1\n" }]);
    expect(first!.sources[1]).toEqual({ path: "other.tenet", text: "let unrelated = 1\n" });
    const changed = first!.sources[0]!.text.split("\n").filter((line, i) => line !== text.split("\n")[i]);
    expect(changed).toEqual(['let min-os = "10.0.26099"']);
  });
});

describe("mutantsOf access policies", () => {
  const access = [
    {
      path: "access.tenet",
      text: `access o365 "Office 365 needs MFA and a compliant device" {
  state enabled
  users include all exclude group "breakglass", guests
  apps include suite "Office365"
  clients include browser, mobileAppsAndDesktopClients
  grant all(mfa, compliantDevice)
}

access legacy "Block legacy authentication" {
  state report-only
  users include all
  apps include all
  clients include exchangeActiveSync, other
  devices exclude rule "device.trustType -eq \\"ServerAD\\""
  grant block
}
`,
    },
  ];

  it("drops exclusions, inclusions and controls, swaps all/any, states and filter modes, and blocks or unblocks", () => {
    expect(mutantsOf(access).map((m) => `${m.line}:${m.column} ${m.where}: ${m.change}`)).toEqual([
      "2:3 o365: `state enabled` -> `state report-only`",
      '3:29 o365: `users` no longer excludes `group "breakglass"`',
      "3:49 o365: `users` no longer excludes `guests`",
      "5:19 o365: `clients` no longer includes `browser`",
      "5:28 o365: `clients` no longer includes `mobileAppsAndDesktopClients`",
      "6:13 o365: grant no longer requires `mfa`",
      "6:18 o365: grant no longer requires `compliantDevice`",
      "6:3 o365: `grant all(...)` -> `grant any(...)`",
      "10:3 legacy: `state report-only` -> `state enabled`",
      "13:19 legacy: `clients` no longer includes `exchangeActiveSync`",
      "13:39 legacy: `clients` no longer includes `other`",
      "14:3 legacy: `devices exclude` -> `devices include`",
      "15:9 legacy: `grant block` -> `grant mfa`",
    ]);
  });

  it("gives policies that still check", () => {
    for (const mutant of mutantsOf(access))
      expect(
        loadPolicySources(mutant.sources).diagnostics.filter((d) => d.severity === "error"),
        mutant.change,
      ).toEqual([]);
  });
});

describe("mutationReport", () => {
  const cases = (rows: string): TestFile => ({
    now: NOW,
    cases: [
      {
        name: "os",
        device: {
          operatingSystem: "Windows",
          deviceCategoryDisplayName: "Laptop",
          osVersion: "10.0.26100",
          lastSyncDateTime: "2026-11-11T12:00:00Z",
          passcodeLength: 6,
          androidSecurityPatchLevel: "2026-10-01",
          deviceThreatLevel: "low",
          tpmSpecificationVersion: "2.0",
        },
        expect: { policies: { laptops: "compliant" } },
        each: JSON.parse(rows),
      },
    ],
  });
  const passes = (doc: TestFile) => (compiled: Parameters<typeof runTestFile>[1]["compiled"]) =>
    runTestFile(doc, { compiled, file: "t", loadSnapshot: () => ({}) }).every((r) => r.passed);

  it("names the comparisons and bounds a weak suite leaves loose", () => {
    const weak = cases('[{ "name": "at every limit" }]');
    expect(passes(weak)(compile(loadPolicySources(sources).value))).toBe(true);
    const report = mutationReport(sources, passes(weak));
    expect(report.mutants).toBe(15);
    expect(report.invalid).toBe(0);
    // Values exactly at each limit kill the operator flips and the moves that tighten a bound, not those that loosen it.
    expect(describeSurvivors(report)).toEqual([
      'laptops.tenet:1:14 let min-os: `"10.0.26100"` -> `"10.0.26099"`',
      "laptops.tenet:13:44 laptops.sync: `14d` -> `15d`",
      "laptops.tenet:13:77 laptops.sync: `6` -> `5`",
      "laptops.tenet:18:49 laptops.patch: `2026-10-01` -> `2026-09-30`",
    ]);
  });

  it("kills every mutant when the suite also has values one step outside each limit", () => {
    const strong = cases(`[
      { "name": "at every limit" },
      { "name": "one build below", "device": { "osVersion": "10.0.26099" },
        "expect": { "failedRules": ["os"], "policies": { "laptops": "noncompliant" } } },
      { "name": "kiosk", "device": { "deviceCategoryDisplayName": "Kiosk" },
        "expect": { "policies": { "laptops": "notApplicable" } } },
      { "name": "silent 14d+1s", "device": { "lastSyncDateTime": "2026-11-11T11:59:59Z" },
        "expect": { "failedRules": ["sync"], "policies": { "laptops": "noncompliant" } } },
      { "name": "5 digits", "device": { "passcodeLength": 5 },
        "expect": { "failedRules": ["sync"], "policies": { "laptops": "noncompliant" } } },
      { "name": "patch a day old", "device": { "androidSecurityPatchLevel": "2026-09-30" },
        "expect": { "failedRules": ["patch"], "policies": { "laptops": "noncompliant" } } }
    ]`);
    expect(passes(strong)(compile(loadPolicySources(sources).value))).toBe(true);
    const report = mutationReport(sources, passes(strong));
    expect({ killed: report.killed, survivors: describeSurvivors(report) }).toEqual({ killed: 15, survivors: [] });
  });
});
