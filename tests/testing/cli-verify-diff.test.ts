/** `tenet verify` and `tenet diff` end to end: the built CLI on example and deliberately wrong properties. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NOW, tenet } from "../cli/run-cli.js";
import { buildOnce } from "./build-once.js";

beforeAll(buildOnce);

const counterexample = (stdout: string) =>
  JSON.parse(
    /counterexample \(shrunk [a-z -]+, ready to paste\):\n([\s\S]*?)\n    why:/.exec(stdout)?.[1] ?? "null",
  ) as Record<string, unknown>;

describe("tenet verify", () => {
  it("proves the example properties and prints the seed of every run", () => {
    const r = tenet(["verify", "examples/tests", "--now", NOW, "--seed", "7"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ strict-covers-base: laptops-strict stricterThan laptops (300 cases, seed 7)");
    expect(r.stdout).toMatch(
      /✓ paw-stricter: win-privileged stricterThan win-baseline \(400 cases, \d+ more generated that did not meet `assume`, seed 7\)/,
    );
    expect(r.stdout).toMatch(/✓ admin-portals-device: requires compliantDevice \(300 cases, .*seed 7\)/);
    expect(r.stdout).toContain("6 of 6 properties hold");
  });

  it("refutes a wrong property with a shrunk counterexample that pastes into a test case as is", () => {
    const r = tenet([
      "verify",
      "tests/testing/fixtures/laptops.tenet",
      "tests/testing/fixtures/wrong.properties.tenet",
      "--now",
      NOW,
      "--seed",
      "7",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ base-covers-strict: laptops stricterThan laptops-strict (seed 7)");
    const device = counterexample(r.stdout);
    expect(device).toMatchObject({ operatingSystem: "Windows" });
    expect(device.firewallEnabled).not.toBe(true);
    // Both sides explained: why the first accepts and the second does not.
    expect(r.stdout).toMatch(
      /`laptops`: compliant\n\s+\(no failed rules\)\n\s+`laptops-strict`: (noncompliant|error)\n\s+(fail|error) laptops-strict\.firewall/,
    );
    // Paste it into a test file: the case reproduces the disagreement.
    const dir = mkdtempSync(join(tmpdir(), "tenet-paste-"));
    const test = join(dir, "pasted.test.yaml");
    writeFileSync(
      test,
      `now: "${NOW}"\ncases:\n  - name: pasted\n    device: ${JSON.stringify(device)}\n    expect: { policies: { laptops: compliant } }\n`,
    );
    const pasted = tenet(["test", "-p", "tests/testing/fixtures/laptops.tenet", test, "--format", "json"]);
    expect(JSON.parse(pasted.stdout)).toMatchObject({ passed: 1, failed: 0 });
  });

  it("refutes a wrong claim between two whole policies, with a device exactly at every limit of the looser one", () => {
    const r = tenet([
      "verify",
      "examples/tests/windows/windows.tenet",
      "tests/testing/fixtures/paw-wrong.properties.tenet",
      "--now",
      NOW,
      "--seed",
      "2",
    ]);
    expect(r.code).toBe(1);
    const device = counterexample(r.stdout);
    expect(device).toMatchObject({
      deviceCategoryDisplayName: "PAW",
      osVersion: "10.0.26100",
      lastSyncDateTime: "2026-11-11T12:00:00.000Z",
    });
    expect(r.stdout).toMatch(
      /`win-baseline`: compliant\n\s+\(no failed rules\)\n\s+`win-privileged`: (error|noncompliant)\n\s+(error|fail) win-privileged\.no-threats/,
    );
    const dir = mkdtempSync(join(tmpdir(), "tenet-paste-"));
    const test = join(dir, "pasted.test.yaml");
    writeFileSync(
      test,
      `now: "${NOW}"\ncases:\n  - name: pasted\n    device: ${JSON.stringify(device)}\n    expect: { ` +
        `policies: { win-baseline: compliant, win-privileged: compliant } }\n`,
    );
    const pasted = JSON.parse(
      tenet(["test", "-p", "examples/tests/windows/windows.tenet", test, "--format", "json"]).stdout,
    );
    expect(pasted.cases[0].mismatches).toEqual([
      expect.stringMatching(/^policy `win-privileged`: expected `compliant`, got `(error|noncompliant)`$/),
    ]);
  });

  it("checks every property kind: each true one holds, each false one is refuted", () => {
    const r = tenet(["verify", "tests/testing/fixtures/claims.tenet", "--now", NOW, "--seed", "3"]);
    expect(r.code).toBe(1);
    for (const kind of ["equivalent", "never-blocked", "requires-mfa"]) {
      expect(r.stdout).toContain(`✓ true-${kind}:`);
      expect(r.stdout).toMatch(
        new RegExp(
          `✗ false-${kind}:[^\\n]*\\n    counterexample \\(shrunk (device snapshot|sign-in), ready to paste\\):`,
        ),
      );
    }
    expect(r.stdout).toContain("3 of 6 properties hold");
  });

  it("fails a property whose assumption no generated case meets", () => {
    const r = tenet([
      "verify",
      "tests/testing/fixtures/laptops.tenet",
      "tests/testing/fixtures/vacuous.properties.tenet",
      "--now",
      NOW,
      "--seed",
      "1",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ vacuous: laptops equivalent laptops-strict \(seed 1\)\n    the `assume` condition held for only 0 of \d+ generated cases; the claim could not be checked/,
    );
  });

  it("writes JSON and JUnit for CI, and --filter picks properties by name", () => {
    const args = [
      "verify",
      "tests/testing/fixtures/laptops.tenet",
      "tests/testing/fixtures/wrong.properties.tenet",
      "--now",
      NOW,
      "--seed",
      "7",
    ];
    const json = JSON.parse(tenet([...args, "--format", "json"]).stdout);
    expect(json).toMatchObject({ seed: 7, passed: 1, failed: 1 });
    expect(json.properties.map((p: { name: string; passed: boolean }) => [p.name, p.passed])).toEqual([
      ["strict-covers-base", true],
      ["base-covers-strict", false],
    ]);
    expect(json.properties[1]).toMatchObject({
      subject: "device",
      counterexample: { operatingSystem: "Windows" },
      explanation: expect.stringContaining("`laptops-strict`:"),
    });
    const junit = tenet([...args, "--format", "junit"]);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toContain('<testsuite name="tenet verify" tests="2" failures="1">');
    expect(junit.stdout).toContain(
      '<failure message="counterexample found (seed 7)">counterexample (shrunk device snapshot, ready to paste):',
    );
    const one = tenet([...args, "--filter", "strict-covers"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("1 of 1 properties hold");
  });

  it("is reproducible: the same seed gives the same counterexample, and --runs bounds the search", () => {
    const args = [
      "verify",
      "tests/testing/fixtures/laptops.tenet",
      "tests/testing/fixtures/wrong.properties.tenet",
      "--now",
      NOW,
    ];
    expect(tenet([...args, "--seed", "11"]).stdout).toBe(tenet([...args, "--seed", "11"]).stdout);
    expect(tenet([...args, "--runs", "-1"]).code).toBe(2);
  });
});

describe("tenet diff", () => {
  it("lists the fleet devices a stricter minimum changes, and generates a witness when the fleet has none", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-diff-"));
    const proposed = join(dir, "windows.tenet");
    writeFileSync(
      proposed,
      readFileSync("policies/compliance/windows.tenet", "utf8").replace(
        'let min-windows = "10.0.26100"',
        'let min-windows = "10.0.26200"',
      ),
    );
    const r = tenet([
      "diff",
      "policies/compliance/windows.tenet",
      proposed,
      "--fleet",
      "examples/fleet/devices.ndjson",
      "--now",
      NOW,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("LAPTOP-0001: compliant -> inGracePeriod");
    expect(r.stdout).toContain("3 devices stop being compliant, 0 become compliant");
    // Raising a minimum cannot make a device compliant: the search finds none.
    expect(r.stdout).toContain(
      "no device found that the new version accepts and the old rejects (generated and searched near both versions' bounds, seed 1)",
    );
  });

  it("without a fleet, finds a witness device compliant with the whole old baseline and just below the new minimum", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-diff-"));
    const proposed = join(dir, "windows.tenet");
    writeFileSync(
      proposed,
      readFileSync("policies/compliance/windows.tenet", "utf8").replace(
        'let min-windows = "10.0.26100"',
        'let min-windows = "10.0.26200"',
      ),
    );
    const w = tenet(["diff", "policies/compliance/windows.tenet", proposed, "--now", NOW]);
    expect(w.code).toBe(0);
    const witness = JSON.parse(
      /witness: a device the new version rejects and the old accepts \(seed 1\):\n([\s\S]*?\n\})/.exec(w.stdout)?.[1] ??
        "null",
    ) as Record<string, unknown>;
    expect(witness).toMatchObject({
      operatingSystem: "Windows",
      firewallEnabled: true,
      deviceThreatLevel: expect.stringMatching(/^(secured|low)$/),
    });
    expect(witness.osVersion).toMatch(/^10\.0\.261\d\d/);
    expect(w.stdout).toContain(
      '  new version: inGracePeriod\n  fail windows-baseline.os-supported (OS build is still serviced): device.osVersion is "',
    );
    // The witness is real: `tenet test` agrees with the diff when it is pasted into a case.
    const test = join(dir, "witness.test.yaml");
    writeFileSync(
      test,
      `now: "${NOW}"\ncases:\n  - name: witness\n    device: ${JSON.stringify(witness)}\n    expect: { state: compliant }\n`,
    );
    expect(tenet(["test", "-p", "policies/compliance/windows.tenet", test]).code).toBe(0);
    expect(tenet(["test", "-p", proposed, test]).code).toBe(1);
  });
});
