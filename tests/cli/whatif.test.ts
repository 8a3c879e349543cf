import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

describe("tenet whatif", () => {
  it("explains which policies apply to each example sign-in", () => {
    const r = tenet(["whatif", "-p", "policies", "examples/signins/legacy-activesync-client.json", "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("legacy-activesync-client.json: blocked");
    expect(r.stdout).toContain("✓ block-legacy-authentication: applies, block");
    expect(r.stdout).toContain(
      "- office365-compliant-device: does not apply (clientApps: client app `exchangeActiveSync` is not included)",
    );
  });

  it("prints the Intune-mode summary", () => {
    const r = tenet([
      "whatif",
      "-p",
      "policies",
      "examples/signins/global-admin-azure-portal.json",
      "--now",
      NOW,
      "--format",
      "intune",
    ]);
    const summary = JSON.parse(r.stdout) as {
      decision: string;
      unmetControls: { policyId: string; controls: string[] }[];
      reportOnlyResults: Record<string, string>;
    };
    expect(summary.decision).toBe("grant");
    expect(summary.unmetControls).toEqual([
      { policyId: "require-mfa-admins", operator: "AND", controls: ["mfa"] },
      { policyId: "require-mfa-azure-management", operator: "AND", controls: ["mfa"] },
    ]);
    expect(summary.reportOnlyResults["require-mfa-all-users"]).toBe("userActionRequired");
  });

  it("says a legacy client cannot satisfy MFA, whatever the sign-in claims", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-whatif-"));
    writeFileSync(
      join(dir, "mfa.tenet"),
      'access everyone-mfa "Everyone needs MFA" {\n  users include all\n  apps include all\n  grant mfa\n}\n',
    );
    const signIn = {
      user: { id: "u1", userType: "member" },
      application: { id: "00000002-0000-0ff1-ce00-000000000000" },
      clientAppType: "exchangeActiveSync",
      satisfied: { mfa: true },
    };
    writeFileSync(join(dir, "eas.json"), JSON.stringify(signIn));
    const r = tenet(["whatif", "-p", join(dir, "mfa.tenet"), join(dir, "eas.json"), "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("eas.json: not granted: this client cannot satisfy the controls below");
    expect(r.stdout).toContain(
      "✓ everyone-mfa: applies, needs mfa (`mfa` cannot be satisfied over the legacy authentication client `exchangeActiveSync`",
    );
    writeFileSync(join(dir, "browser.json"), JSON.stringify({ ...signIn, clientAppType: "browser" }));
    expect(tenet(["whatif", "-p", join(dir, "mfa.tenet"), join(dir, "browser.json"), "--now", NOW]).stdout).toContain(
      "browser.json: granted",
    );
  });

  it("reports an invalid sign-in with its file and goes on", () => {
    const ok = '"user": {"id": "u1"}, "application": {"id": "app"}';
    const r = tenet(["whatif", "-p", "policies", "-", "--now", NOW], {
      input: `{${ok}, "platform": "amiga"}\n{"application": {"id": "app"}}\n{${ok}, "platform": "windows"}\n`,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("-:1:1: error[CP4003]: snapshot does not match the facts schema at `/platform`");
    expect(r.stderr).toContain(
      "-:2:1: error[CP4003]: snapshot does not match the facts schema at `/`: must have required property 'user'",
    );
    expect(r.stdout).toContain("-:3:");
  });
});
