import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tenet } from "./run-cli.js";

describe("tenet lint", () => {
  it("is clean on the shipped policies", () => {
    const r = tenet(["lint", "policies", "examples"]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/files checked: 0 errors, 0 warnings/);
  });

  it("renders every error with a code frame and exits 3", () => {
    const r = tenet(["lint", "tests/golden/diagnostics/CP2008_error_unknown-enum-value"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("error[CP2008]: `meduim` is not a value of `device.deviceThreatLevel`");
    expect(r.stdout).toContain("help: did you mean `medium`?");
  });

  it("names a file outside the working directory by its absolute path, not a ../ chain", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-lint-"));
    const file = join(dir, "bad.tenet");
    writeFileSync(file, 'compliance p "P" {\n  rule r "r" { require device.deviceThreatLevel <= "meduim" }\n}\n');
    const r = tenet(["lint", join(relative(ROOT, dir), "bad.tenet")]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${file}:2:`);
    expect(r.stdout).not.toContain("../");
  });

  it("writes JSON and SARIF", () => {
    const json = JSON.parse(
      tenet(["lint", "tests/golden/diagnostics/CP2003_error_type-mismatch", "--format", "json"]).stdout,
    ) as { code: string; line: number }[];
    expect(json.map((d) => [d.code, d.line])).toEqual([["CP2003", 3]]);
    const sarif = JSON.parse(
      tenet(["lint", "tests/golden/diagnostics/CP2003_error_type-mismatch", "--format", "sarif"]).stdout,
    ) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ["CP2003", 3],
    ]);
  });
});

describe("tenet fmt", () => {
  it("--check lists unformatted files and exits 1; fmt rewrites them; then --check is clean", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-fmt-"));
    const file = join(dir, "p.tenet");
    writeFileSync(file, 'compliance p "P" {rule r "R" {require device.isEncrypted remediation "x"}}');
    const check = tenet(["fmt", "--check", dir]);
    expect(check.code).toBe(1);
    expect(check.stdout.trim()).toMatch(/p\.tenet$/);
    expect(tenet(["fmt", dir]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(
      'compliance p "P" {\n  rule r "R" {\n    require device.isEncrypted\n    remediation "x"\n  }\n}\n',
    );
    expect(tenet(["fmt", "--check", dir]).code).toBe(0);
  });

  it("never rewrites a file it cannot parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-fmt-"));
    writeFileSync(join(dir, "bad.tenet"), "compliance p { rule r { require == } }");
    expect(tenet(["fmt", dir]).code).toBe(3);
    expect(readFileSync(join(dir, "bad.tenet"), "utf8")).toBe("compliance p { rule r { require == } }");
  });

  it("--diff prints a unified diff that patch applies, changes nothing and exits 1; clean files give no diff and exit 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-fmt-"));
    const file = join(dir, "p.tenet");
    const messy = 'compliance p "P" {\nrule r "R" {require device.isEncrypted   # kept\n remediation "x"}}\n';
    writeFileSync(file, messy);
    const diff = tenet(["fmt", "--diff", "p.tenet"], { cwd: dir });
    expect(diff.code).toBe(1);
    expect(diff.stdout.split("\n").slice(0, 3)).toEqual(["--- a/p.tenet", "+++ b/p.tenet", "@@ -1,3 +1,6 @@"]);
    expect(diff.stderr).toBe("1 file of 1 is not formatted; run `tenet fmt`\n");
    expect(readFileSync(file, "utf8")).toBe(messy);
    // The diff is a real patch: applied, the file is what `tenet fmt` writes.
    const patch = spawnSync("patch", ["-p1", "--quiet"], { cwd: dir, input: diff.stdout, encoding: "utf8" });
    expect(patch.status, patch.stderr).toBe(0);
    expect(tenet(["fmt", "--check", "p.tenet"], { cwd: dir }).code).toBe(0);
    expect(tenet(["fmt", "--diff", "p.tenet"], { cwd: dir })).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(tenet(["fmt", "--diff", "--check", "p.tenet"], { cwd: dir })).toMatchObject({ code: 2 });
  });

  it("`-` formats standard input to standard output; a syntax error prints nothing there and exits 3", () => {
    const messy = 'compliance p "P" {rule r "R" {require device.isEncrypted remediation "x"}}';
    const clean = 'compliance p "P" {\n  rule r "R" {\n    require device.isEncrypted\n    remediation "x"\n  }\n}\n';
    expect(tenet(["fmt", "-"], { input: messy })).toMatchObject({ code: 0, stdout: clean, stderr: "" });
    expect(tenet(["fmt", "-", "--check"], { input: messy })).toMatchObject({ code: 1, stdout: "" });
    expect(tenet(["fmt", "-", "--check"], { input: clean })).toMatchObject({ code: 0, stdout: "" });
    const diff = tenet(["fmt", "-", "--diff"], { input: messy });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n@@/);
    const bad = tenet(["fmt", "-"], { input: "compliance p { rule r { require == } }" });
    expect(bad.code).toBe(3);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^<stdin>:1:\d+: error\[CP1\d{3}\]/);
    expect(tenet(["fmt", "-", "policies"], { input: messy }).stderr).toMatch(/error\[CP5231\]/);
  });
});
