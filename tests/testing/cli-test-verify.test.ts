import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "../cli/run-cli.js";

describe("tenet test", () => {
  it("runs the example tests (fixtures, table rows) and reports coverage", () => {
    const r = tenet(["test", "-p", "examples/tests", "examples/tests", "--coverage"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ examples/tests/laptops.test.yaml › version boundaries [one build below]");
    expect(r.stdout).toContain("6 passed, 0 failed");
    expect(r.stderr).toMatch(/coverage: \d+\.\d% of rule outcomes/);
    expect(r.stderr).toContain("laptops-strict.firewall: never failed");
  });

  it("fails with a readable diff and the explanation of the actual outcome", () => {
    const r = tenet(["test", "-p", "tests/testing/fixtures/laptops.tenet", "tests/testing/fixtures/failing.test.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ tests/testing/fixtures/failing.test.yaml › expects the wrong state on purpose");
    expect(r.stdout).toContain("state: expected `compliant`, got `noncompliant`");
    expect(r.stdout).toContain("0 passed, 1 failed");
  });

  it("enforces --coverage-min and writes JUnit", () => {
    expect(tenet(["test", "-p", "examples/tests", "examples/tests", "--coverage-min", "99"]).code).toBe(1);
    const junit = tenet(["test", "-p", "examples/tests", "examples/tests", "--format", "junit"]).stdout;
    expect(junit).toContain('<testsuite name="examples/tests/laptops.test.yaml" tests="6" failures="0">');
  });

  it("filters cases by name", () => {
    const r = tenet(["test", "-p", "examples/tests", "examples/tests", "--filter", "boundaries"]);
    expect(r.stdout).toContain("3 passed, 0 failed");
  });
});

describe("tenet verify", () => {
  it("proves a true property and prints the seed", () => {
    const r = tenet(["verify", "examples/tests", "--now", NOW, "--seed", "7"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ strict-covers-base: laptops-strict stricterThan laptops (300 cases, seed 7)");
  });

  it("refutes a wrong property with a shrunk, pasteable counterexample and both explanations", () => {
    const r = tenet(["verify", "tests/testing/fixtures/laptops.tenet", "tests/testing/fixtures/wrong.properties.tenet", "--now", NOW, "--seed", "7"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ base-covers-strict: laptops stricterThan laptops-strict (seed 7)");
    const json = /counterexample \(shrunk device snapshot, ready to paste\):\n([\s\S]*?)\n    why:/.exec(r.stdout)?.[1];
    const counterexample = JSON.parse(json ?? "null") as Record<string, unknown>;
    expect(counterexample["firewallEnabled"]).not.toBe(true);
    expect(r.stdout).toContain("`laptops-strict`:");
  });
});

describe("tenet diff", () => {
  it("lists the fleet devices a stricter minimum changes, and generates a witness when the fleet has none", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-diff-"));
    const proposed = join(dir, "windows.tenet");
    writeFileSync(proposed, readFileSync("policies/compliance/windows.tenet", "utf8").replace('let min-windows = "10.0.26100"', 'let min-windows = "10.0.26200"'));
    const r = tenet(["diff", "policies/compliance/windows.tenet", proposed, "--fleet", "examples/fleet/devices.ndjson", "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("LAPTOP-0001: compliant -> inGracePeriod");
    expect(r.stdout).toContain("3 devices stop being compliant, 0 become compliant");
    const w = tenet(["diff", "examples/tests/laptops.tenet", proposed, "--now", NOW]);
    const witness = /witness: a device the new version rejects and the old accepts \(seed 1\):\n([\s\S]*?\n\})/.exec(w.stdout)?.[1];
    expect(JSON.parse(witness ?? "null")).toMatchObject({ operatingSystem: "Windows" });
  });
});

describe("every property kind", () => {
  it("holds when true and is refuted with a counterexample when false", () => {
    const r = tenet(["verify", "tests/testing/fixtures/claims.tenet", "--now", NOW, "--seed", "3"]);
    expect(r.code).toBe(1);
    for (const kind of ["equivalent", "never-blocked", "requires-mfa"]) {
      expect(r.stdout).toContain(`✓ true-${kind}:`);
      expect(r.stdout).toMatch(new RegExp(`✗ false-${kind}:[^\\n]*\\n    counterexample \\(shrunk [a-z -]+, ready to paste\\):`));
    }
    expect(r.stdout).toContain("3 of 6 properties hold");
  });
});
