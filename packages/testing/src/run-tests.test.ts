import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { compilePolicies } from "../test-support/policies.js";
import { runTestFile, type CaseResult } from "./run-tests.js";
import type { TestFile } from "./test-file.js";

const compiled = compilePolicies(`
compliance laptops "Laptops" {
  platform windows
  rule os "OS" { require device.osVersion >= "10.0.26100" remediation "r" }
  rule enc "Encrypted" { require device.isEncrypted == true remediation "r" }
  on noncompliant { after 72h mark noncompliant }
}
access admins-mfa "Admins need MFA" {
  users include role "admin-role" exclude group "breakglass"
  apps include all
  grant mfa
}
access block-legacy "Block legacy clients" {
  users include all exclude group "breakglass"
  apps include all
  clients include exchangeActiveSync, other
  grant block
}
access pilot-compliant "Pilot: compliant devices only" {
  state report-only
  users include all exclude group "breakglass"
  apps include all
  grant compliantDevice
}`);

const files: Record<string, unknown> = {
  "devices/old.json": { operatingSystem: "Windows", osVersion: "10.0.22631", isEncrypted: true },
};

function run(text: string, filter?: string): CaseResult[] {
  const doc = yaml.load(text) as TestFile;
  return runTestFile(doc, {
    compiled,
    file: "laptops.test.yaml",
    loadSnapshot: (p) => {
      if (!(p in files)) throw new Error(`no such file \`${p}\``);
      return files[p];
    },
    ...(filter === undefined ? {} : { filter }),
  });
}

const FIXTURES = `
now: "2026-11-25T12:00:00Z"
fixtures:
  good: { operatingSystem: "Windows", osVersion: "10.0.26100.7171", isEncrypted: true, owner: { name: "a", team: "b" } }
  old: { extends: good, osVersion: "10.0.22631" }
`;

describe("runTestFile", () => {
  it("passes matching expectations and explains nothing", () => {
    const [r] = run(`${FIXTURES}
cases:
  - name: healthy
    device: good
    expect: { state: compliant, policies: { laptops: compliant }, failedRules: [] }`);
    expect(r).toMatchObject({ name: "healthy", passed: true, mismatches: [] });
  });

  it("reports each difference as expected vs actual, with the explanation of the actual outcome", () => {
    const [r] = run(`${FIXTURES}
cases:
  - name: wrong on purpose
    device: { extends: good, isEncrypted: false }
    expect: { state: compliant, policies: { laptops: compliant, desktops: compliant }, failedRules: [laptops.os] }`);
    expect(r!.passed).toBe(false);
    expect(r!.mismatches).toEqual([
      "state: expected `compliant`, got `inGracePeriod`",
      "policy `laptops`: expected `compliant`, got `inGracePeriod`",
      "policy `desktops`: not in the policy set",
      "expected rule `laptops.os` to be failing, it is not",
      "rule `laptops.enc` is failing but the test does not expect it",
    ]);
    expect(r!.explanation).toBe("  fail laptops.enc (Encrypted): device.isEncrypted is false, expected == true");
  });

  it("expands table rows over fixtures, `extends` chains, nested overlays and null for a missing fact", () => {
    const results = run(`${FIXTURES}
cases:
  - name: rows
    device: old
    expect: { policies: { laptops: inGracePeriod } }
    each:
      - { name: old build, expect: { failedRules: [os] } }
      - { name: also unencrypted, device: { isEncrypted: false }, expect: { failedRules: [os, enc] } }
      - { name: patched, device: { osVersion: "10.0.26100" }, expect: { policies: { laptops: compliant } } }
      - { device: { isEncrypted: null }, expect: { state: error, policies: { laptops: error }, errorRules: [laptops.enc] } }`);
    expect(results.map((r) => [r.name, r.passed, r.mismatches])).toEqual([
      ["rows [old build]", true, []],
      ["rows [also unencrypted]", true, []],
      ["rows [patched]", true, []],
      ["rows [4]", true, []],
    ]);
    expect(results[3]!.facts).toEqual({
      operatingSystem: "Windows",
      osVersion: "10.0.22631",
      owner: { name: "a", team: "b" },
    });
  });

  it("uses the previous state and a row's own now: the grace period ends after 72 hours", () => {
    const results = run(`${FIXTURES}
cases:
  - name: grace
    device: old
    previous: { noncompliantSince: { laptops: "2026-11-25T00:00:00Z" } }
    expect: {}
    each:
      - { name: within, now: "2026-11-27T23:59:59Z", expect: { policies: { laptops: inGracePeriod } } }
      - { name: ended, now: "2026-11-28T00:00:00Z", expect: { policies: { laptops: noncompliant } } }`);
    expect(results.map((r) => [r.name, r.passed, r.mismatches])).toEqual([
      ["grace [within]", true, []],
      ["grace [ended]", true, []],
    ]);
  });

  it("reads snapshot files and applies tenant settings", () => {
    const results = run(`${FIXTURES}
tenant: { secureByDefault: true }
cases:
  - { name: from a file, deviceFile: devices/old.json, expect: { failedRules: [laptops.os] } }
  - { name: file as a device, device: { file: devices/old.json }, expect: { failedRules: [laptops.os] } }
  - { name: no policy applies, device: { operatingSystem: "Linux" }, expect: { state: noncompliant, policies: { laptops: notApplicable } } }
  - { name: lenient tenant, tenant: { secureByDefault: false }, device: { operatingSystem: "Linux" }, expect: { state: compliant } }
  - { name: missing file, deviceFile: devices/none.json, expect: { state: compliant } }`);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ["from a file", true],
      ["file as a device", true],
      ["no policy applies", true],
      ["lenient tenant", true],
      ["missing file", false],
    ]);
    expect(results[4]!.mismatches).toEqual(["the case could not run: no such file `devices/none.json`"]);
  });

  it("checks access decisions for sign-ins, with fixtures for sign-ins too", () => {
    const results = run(`
now: "2026-11-25T12:00:00Z"
fixtures:
  admin: { user: { id: "u1" }, roles: ["admin-role"], groups: [], application: { id: "app" }, clientAppType: browser, satisfied: { mfa: false } }
cases:
  - name: admins are asked for MFA
    signIn: admin
    expect: { decision: grant, accessGrantedNow: false, applies: [admins-mfa], unmetControls: { admins-mfa: [mfa] } }
  - name: after MFA they get in
    signIn: { extends: admin, satisfied: { mfa: true } }
    expect: { decision: grant, accessGrantedNow: true }
  - name: wrong on purpose, legacy clients are blocked
    signIn: { extends: admin, clientAppType: exchangeActiveSync }
    expect: { decision: grant, accessGrantedNow: true, applies: [admins-mfa] }`);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ["admins are asked for MFA", true],
      ["after MFA they get in", true],
      ["wrong on purpose, legacy clients are blocked", false],
    ]);
    expect(results[2]!.mismatches).toEqual([
      "decision: expected `grant`, got `block`",
      "accessGrantedNow: expected true, got false",
      "applies: expected [admins-mfa], got [admins-mfa, block-legacy]",
    ]);
    expect(results[2]!.explanation).toContain("block-legacy applies (enabled, grant block)");
  });

  it("checks what report-only policies would have done", () => {
    const results = run(`
now: "2026-11-25T12:00:00Z"
fixtures:
  member: { user: { id: "u2" }, groups: [], application: { id: "app" }, clientAppType: browser }
cases:
  - name: the pilot would stop a device that is not compliant, without blocking it
    signIn: member
    expect: { decision: notApplied, reportOnly: { pilot-compliant: failure } }
  - name: break-glass accounts are outside the pilot
    signIn: { extends: member, groups: [breakglass] }
    expect: { reportOnly: { pilot-compliant: notApplied } }
  - name: wrong on purpose
    signIn: { extends: member, groups: [breakglass] }
    expect: { reportOnly: { pilot-compliant: failure, admins-mfa: notApplied } }`);
    expect(results.map((r) => r.passed)).toEqual([true, true, false]);
    expect(results[2]!.mismatches).toEqual([
      "report-only result of `pilot-compliant`: expected `failure`, got `notApplied` (the user is excluded by `group breakglass`)",
      "reportOnly: `admins-mfa` is not a report-only policy",
    ]);
  });

  it("filters cases by name and reports a bad fixture reference as a failing case", () => {
    const text = `
cases:
  - { name: one, device: nope, expect: { state: compliant } }
  - { name: two, device: { extends: loop }, expect: { state: compliant } }
fixtures:
  loop: { extends: loop }
`;
    expect(run(text, "two").map((r) => r.name)).toEqual(["two"]);
    expect(run(text).map((r) => r.mismatches[0])).toEqual([
      "the case could not run: unknown fixture `nope`",
      "the case could not run: fixtures extend each other in a cycle",
    ]);
  });
});
