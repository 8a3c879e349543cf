/** `tenet test` end to end: the built CLI on example and deliberately broken test files. */
import { beforeAll, describe, expect, it } from "vitest";
import { tenet } from "../cli/run-cli.js";
import { buildOnce } from "./build-once.js";

beforeAll(buildOnce);

describe("tenet test", () => {
  it("runs every test file under a directory against the policies each file names", () => {
    const r = tenet(["test", "examples/tests"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ examples/tests/laptops.test.yaml › version boundaries [one build below]");
    expect(r.stdout).toContain(
      "✓ examples/tests/windows/windows.test.yaml › the grace period ends 72 hours after the device was " +
        "first found noncompliant [at 72 hours]",
    );
    expect(r.stdout).toContain(
      "✓ examples/tests/windows/windows.test.yaml › admin portal sign-ins [from an unregistered device]",
    );
    expect(r.stdout).toContain("34 passed, 0 failed");
  });

  it("fails a wrong case with a readable diff and the explanation of the actual outcome, exit 1", () => {
    const r = tenet(["test", "-p", "tests/testing/fixtures/laptops.tenet", "tests/testing/fixtures/failing.test.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "✗ tests/testing/fixtures/failing.test.yaml › expects the wrong state on purpose",
        "    state: expected `compliant`, got `noncompliant`",
        "        fail laptops.encrypted (Disk is encrypted): device.isEncrypted is false, expected == true",
        "        fail laptops-strict.encrypted (Disk is encrypted): device.isEncrypted is false, expected == true",
        "",
        "0 passed, 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("refuses a misspelt key instead of running a case that cannot fail", () => {
    const r = tenet(["test", "tests/testing/fixtures/misspelt.test.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "invalid test file: case `a misspelt expectation must not pass silently` expect: unknown key " +
        "`failedRule`; did you mean `failedRules`?",
    );
  });

  it("exits 3 with the diagnostics when the policies a test file names do not check", () => {
    const r = tenet(["test", "tests/testing/fixtures/broken-policy.test.yaml"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/tests\/testing\/fixtures\/broken\.tenet:3:\d+/);
    expect(r.stderr).toContain("device.noSuchFact");
  });

  it("reports coverage per rule and comparison and enforces --coverage-min", () => {
    const r = tenet(["test", "examples/tests", "--coverage"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "coverage: 100.0% of rule outcomes and comparison outcomes seen (examples/tests/windows/windows.test.yaml)",
    );
    expect(r.stderr).toMatch(
      new RegExp(
        String.raw`coverage: \d+\.\d% of rule outcomes and comparison outcomes seen \(examples/tests/laptops\.test\.yaml\)\n` +
          String.raw`  laptops-strict\.firewall: never failed; ` +
          "`device\\.firewallEnabled == true` never false",
      ),
    );
    const low = tenet(["test", "examples/tests", "--coverage-min", "99"]);
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/coverage \d+\.\d% is below the minimum 99%/);
    expect(tenet(["test", "examples/tests/windows", "--coverage-min", "100"]).code).toBe(0);
    expect(tenet(["test", "examples/tests", "--coverage-min", "120"]).code).toBe(2);
  });

  it("writes JUnit and JSON for CI", () => {
    const junit = tenet(["test", "examples/tests", "--format", "junit"]).stdout;
    expect(junit).toContain('<testsuite name="examples/tests/laptops.test.yaml" tests="6" failures="0">');
    expect(junit).toContain('<testsuite name="examples/tests/windows/windows.test.yaml" tests="28" failures="0">');
    const failing = tenet([
      "test",
      "-p",
      "tests/testing/fixtures/laptops.tenet",
      "tests/testing/fixtures/failing.test.yaml",
      "--format",
      "junit",
    ]).stdout;
    expect(failing).toContain('<failure message="state: expected `compliant`, got `noncompliant`">');
    const json = JSON.parse(
      tenet([
        "test",
        "-p",
        "tests/testing/fixtures/laptops.tenet",
        "tests/testing/fixtures/failing.test.yaml",
        "--format",
        "json",
      ]).stdout,
    );
    expect(json).toEqual({
      passed: 0,
      failed: 1,
      cases: [
        {
          file: "tests/testing/fixtures/failing.test.yaml",
          name: "expects the wrong state on purpose",
          passed: false,
          mismatches: ["state: expected `compliant`, got `noncompliant`"],
          explanation: expect.stringContaining("fail laptops.encrypted"),
        },
      ],
    });
  });

  it("--mutate: kills every mutant of the examples (compliance and access), and names each loose bound", () => {
    const strong = tenet(["test", "examples/tests", "--mutate"]);
    expect(strong.code).toBe(0);
    expect(strong.stderr).toContain("mutation (examples/tests/windows/windows.test.yaml): 26 of 26 mutants killed");
    const weak = tenet(["test", "tests/testing/fixtures/weak.test.yaml", "--mutate"]);
    expect(weak.code).toBe(1);
    expect(weak.stdout).toContain("2 passed, 0 failed");
    expect(weak.stderr).toBe(
      [
        "mutation (tests/testing/fixtures/weak.test.yaml): 6 of 7 mutants killed",
        '  survived: tests/testing/fixtures/laptops.tenet:4:19 let min-windows: `"10.0.26100"` -> `"10.0.26099"`',
        "",
      ].join("\n"),
    );
  });

  it("filters cases by name", () => {
    const r = tenet(["test", "examples/tests", "--filter", "boundaries"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 passed, 0 failed");
  });
});
