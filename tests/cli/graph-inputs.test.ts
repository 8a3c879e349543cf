import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

// Inputs exactly as Microsoft Graph produces them: `null` for a fact not reported, at any depth.
type RuleOut = { rule: string; status: string; explanation?: { errors: { path: string; code: string }[] } };
type Out = { input: { line?: number }; error?: { code: string }; result?: { deviceName: string; state: string; policies: { policy: string; state: string; rules: RuleOut[] }[] } };
const base = ["check", "-p", "policies", "--now", NOW, "--tenant", "examples/tenant.json", "--format", "ndjson", "--fail-on", "never"];
const run = (args: string[]) => tenet([...base, ...args]).stdout.trim().split("\n").map((l) => JSON.parse(l) as Out);
const rule = (out: Out, policy: string, name: string) => out.result?.policies.find((p) => p.policy === policy)?.rules.find((r) => r.rule === name);

describe("Graph device inputs", () => {
  it("evaluates a managedDevices list response with Graph's nulls, one result per device", () => {
    const out = run(["tests/cli/graph/managed-devices-list.json"]);
    expect(out.map((o) => o.error?.code)).toEqual([undefined, undefined, undefined]);
    expect(out.map((o) => o.input.line)).toEqual([6, 63, 120]);
    const windows = out[0]!;
    // `deviceHealthAttestationState: null` is a fact not reported: the rule is in error and names the missing path.
    expect(rule(windows, "windows-baseline", "bitlocker")?.status).toBe("error");
    expect(rule(windows, "windows-baseline", "bitlocker")?.explanation?.errors).toEqual([expect.objectContaining({ path: "device.deviceHealthAttestationState.bitLockerStatus", code: "CP4001" })]);
    expect(rule(windows, "windows-baseline", "os-supported")?.status).toBe("pass");
    expect(windows.result?.state).toBe("error");
  });

  it("reads a null inside a reported object as that one fact missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-graph-"));
    const device = {
      "@odata.type": "#microsoft.graph.managedDevice",
      id: "d1",
      deviceName: "DESKTOP-1",
      operatingSystem: "Windows",
      osVersion: "10.0.26100.7171",
      lastSyncDateTime: "2026-11-25T08:00:00Z",
      emailAddress: null,
      deviceHealthAttestationState: { bitLockerStatus: null, secureBoot: "enabled", codeIntegrity: "enabled", issuedDateTime: null, resetCount: null },
      windowsProtectionState: { "@odata.type": "#microsoft.graph.windowsProtectionState", malwareProtectionEnabled: true, realTimeProtectionEnabled: null, antiMalwareVersion: null, lastFullScanDateTime: null },
      configurationManagerClientEnabledFeatures: null,
      someFutureGraphProperty: { nested: [1, null] },
    };
    writeFileSync(join(dir, "devices.ndjson"), `${JSON.stringify(device)}\n`);
    const [out] = run([join(dir, "devices.ndjson")]);
    expect(out?.error).toBeUndefined();
    expect(rule(out!, "windows-baseline", "bitlocker")?.explanation?.errors).toEqual([expect.objectContaining({ path: "device.deviceHealthAttestationState.bitLockerStatus" })]);
    expect(rule(out!, "windows-baseline", "secure-boot")?.status).toBe("pass");
  });

  it("still rejects a reported value of the wrong type, naming the path", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-graph-"));
    writeFileSync(join(dir, "devices.ndjson"), `${JSON.stringify({ id: "d1", operatingSystem: "Windows", deviceHealthAttestationState: "enabled" })}\n`);
    const r = tenet([...base, join(dir, "devices.ndjson")]);
    expect(r.stdout).toContain("CP4003");
    expect(r.stdout).toContain("/deviceHealthAttestationState");
  });
});

describe("Graph sign-in nulls", () => {
  it("accepts unset device attributes as null, and a device filter treats them as Entra does", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-graph-"));
    writeFileSync(
      join(dir, "filter.tenet"),
      'access block-tagged "Block devices tagged kiosk" {\n  users include all\n  apps include all\n  devices include rule \"device.extensionAttribute1 -eq \\\"kiosk\\\"\"\n  grant block\n}\n' +
        'access block-untagged "Block devices not tagged corp" {\n  state report-only\n  users include all\n  apps include all\n  devices include rule \"device.extensionAttribute2 -ne \\\"corp\\\"\"\n  grant block\n}\n',
    );
    const signIn = {
      user: { id: "u1", userType: "member", guestType: null, displayName: null },
      groups: null,
      application: { id: "00000003-0000-0ff1-ce00-000000000000", suites: ["Office365"], authenticationContexts: null },
      clientAppType: "browser",
      platform: "windows",
      location: null,
      signInRisk: null,
      device: { deviceId: "x", trustType: "ServerAD", isCompliant: true, mdmAppId: null, extensionAttribute1: null, extensionAttribute2: null, systemLabels: null },
      satisfied: { mfa: true, termsOfUse: null },
    };
    writeFileSync(join(dir, "signin.json"), JSON.stringify(signIn));
    const r = tenet(["whatif", "-p", join(dir, "filter.tenet"), join(dir, "signin.json"), "--now", NOW, "--format", "intune"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { decision: string; notApplied: string[]; reportOnlyApplies: string[] };
    // A null attribute: the positive operator is false, the negative one true.
    expect(summary.notApplied).toContain("block-tagged");
    expect(summary.reportOnlyApplies).toEqual(["block-untagged"]);
    expect(summary.decision).toBe("notApplied");
  });
});
