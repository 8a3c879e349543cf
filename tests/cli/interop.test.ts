import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

describe("tenet import/export intune", () => {
  it("imports exports into clean policy files and names every setting it could not carry over", () => {
    const out = mkdtempSync(join(tmpdir(), "tenet-import-"));
    const r = tenet([
      "import",
      "intune",
      "packages/intune/fixtures/compliance-policies.json",
      "packages/intune/fixtures/conditional-access.json",
      "-o",
      out,
    ]);
    expect(r.code).toBe(2); // the legacy androidCompliancePolicy is refused by name
    // passwordBlockSimple and the other settings Intune judges on the device are carried over as reported-state rules.
    expect(r.stderr).not.toContain("CP5013");
    expect(readFileSync(join(out, "compliance-policies.tenet"), "utf8")).toContain(
      "require device.reported.passwordBlockSimple.compliant == true",
    );
    expect(r.stderr).toContain("error[CP5012]: `androidCompliancePolicy` is not supported");
    expect(r.stderr).toContain("imported 7 policies into 2 files");
    expect(readdirSync(out).sort()).toEqual(["compliance-policies.tenet", "conditional-access.tenet"]);
    expect(tenet(["lint", out]).code).toBe(0);
    expect(tenet(["fmt", "--check", out]).code).toBe(0);
  });

  it("exports the library and says what Intune cannot express", () => {
    const out = mkdtempSync(join(tmpdir(), "tenet-export-"));
    const r = tenet(["export", "intune", "policies/compliance", "policies/access", "-o", out]);
    expect(r.code).toBe(0);
    // Rules are recognised by expression: the Windows baseline exports whole; what remains is listed in docs/semantics.md.
    expect(r.stderr).not.toContain("`windows-baseline`");
    expect(r.stderr).toContain("warning[CP5014]: platform `linux` of `linux-baseline` cannot be expressed in Intune");
    const compliance = JSON.parse(readFileSync(join(out, "compliance-policies.json"), "utf8")) as {
      value: Record<string, unknown>[];
    };
    expect(compliance.value.find((p) => p["displayName"] === "Windows 10/11 corporate baseline")).toMatchObject({
      osMinimumVersion: "10.0.26100",
      deviceThreatProtectionRequiredSecurityLevel: "low",
      defenderEnabled: true,
      rtpEnabled: true,
    });
    const ca = JSON.parse(readFileSync(join(out, "conditional-access.json"), "utf8")) as {
      value: { displayName: string; state: string }[];
    };
    expect(ca.value.find((p) => p.displayName === "Require multifactor authentication for all users")?.state).toBe(
      "enabledForReportingButNotEnforced",
    );
  });

  it("imports real-world exports (UTF-16, lists, single objects) into files lint accepts; a refused value exits 2", () => {
    const out = mkdtempSync(join(tmpdir(), "tenet-import-real-"));
    const r = tenet(["import", "intune", "packages/intune/fixtures/real-world", "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error[CP5033]: setting `osMinimumVersion` of `WIN - Compliance - Broken`: `10.0.22631 (23H2)` is not a valid version",
    );
    expect(r.stderr).toContain(
      "warning[CP5032]: setting `osMinimumVersion` of `WIN - Compliance - Kiosk`: `22631.4249` read as `10.0.22631.4249`",
    );
    expect(tenet(["lint", out]).code).toBe(0);
  });

  it("refuses to export two rules on one Intune setting that no single value means (exit 3)", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-export-conflict-"));
    const ranges = (a: string, b: string) =>
      `(device.osVersion >= "${a}" and device.osVersion <= "${b}") or (device.osVersion >= "10.0.9" and device.osVersion <= "10.0.10")`;
    writeFileSync(
      join(dir, "p.tenet"),
      `compliance p "P" {\n  platform windows\n  rule a "a" { require ${ranges("10.0.1", "10.0.2")} }\n  ` +
        `rule b "b" { require ${ranges("10.0.3", "10.0.4")} }\n}\n`,
    );
    const r = tenet(["export", "intune", join(dir, "p.tenet"), "-o", join(dir, "out")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      "error[CP5030]: rules `a` and `b` of `p` both set Intune setting `validOperatingSystemBuildRanges`",
    );
  });

  it("prints Intune's summary per device with --format intune", () => {
    const r = tenet([
      "check",
      "-p",
      "policies",
      "examples/fleet/devices.ndjson",
      "--now",
      NOW,
      "--tenant",
      "examples/tenant.json",
      "--format",
      "intune",
    ]);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            policyStates: Record<string, string>;
            failedSettings: Record<string, string[]>;
            deviceState: string;
          },
      );
    expect(lines).toHaveLength(38);
    const mac = lines[15]!;
    expect(mac.policyStates["macos-baseline"]).toBe("inGracePeriod");
    expect(mac.failedSettings).toEqual({ "macos-baseline": ["filevault"] });
  });
});
