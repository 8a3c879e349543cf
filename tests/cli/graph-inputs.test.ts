import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, tenet } from "./run-cli.js";

// Inputs exactly as Microsoft Graph produces them: `null` for a fact not reported, at any depth.
type RuleOut = { rule: string; status: string; explanation?: { errors: { path: string; code: string }[] } };
type Out = {
  input: { line?: number };
  error?: { code: string };
  result?: { deviceName: string; state: string; policies: { policy: string; state: string; rules: RuleOut[] }[] };
};
const base = [
  "check",
  "-p",
  "policies",
  "--now",
  NOW,
  "--tenant",
  "examples/tenant.json",
  "--format",
  "ndjson",
  "--fail-on",
  "never",
  "--full",
];
const run = (args: string[]) =>
  tenet([...base, ...args])
    .stdout.trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Out);
const rule = (out: Out, policy: string, name: string) =>
  out.result?.policies.find((p) => p.policy === policy)?.rules.find((r) => r.rule === name);

describe("Graph device inputs", () => {
  it("evaluates a managedDevices list response with Graph's nulls, one result per device", () => {
    const out = run(["tests/cli/graph/managed-devices-list.json"]);
    expect(out.map((o) => o.error?.code)).toEqual([undefined, undefined, undefined]);
    expect(out.map((o) => o.input.line)).toEqual([6, 63, 120]);
    const windows = out[0]!;
    // `deviceHealthAttestationState: null` is a fact not reported: the rule is in error and names the missing path.
    expect(rule(windows, "windows-baseline", "bitlocker")?.status).toBe("error");
    expect(rule(windows, "windows-baseline", "bitlocker")?.explanation?.errors).toEqual([
      expect.objectContaining({ path: "device.deviceHealthAttestationState.bitLockerStatus", code: "CP4001" }),
    ]);
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
      deviceHealthAttestationState: {
        bitLockerStatus: null,
        secureBoot: "enabled",
        codeIntegrity: "enabled",
        issuedDateTime: null,
        resetCount: null,
      },
      windowsProtectionState: {
        "@odata.type": "#microsoft.graph.windowsProtectionState",
        malwareProtectionEnabled: true,
        realTimeProtectionEnabled: null,
        antiMalwareVersion: null,
        lastFullScanDateTime: null,
      },
      configurationManagerClientEnabledFeatures: null,
      someFutureGraphProperty: { nested: [1, null] },
    };
    writeFileSync(join(dir, "devices.ndjson"), `${JSON.stringify(device)}\n`);
    const [out] = run([join(dir, "devices.ndjson")]);
    expect(out?.error).toBeUndefined();
    expect(rule(out!, "windows-baseline", "bitlocker")?.explanation?.errors).toEqual([
      expect.objectContaining({ path: "device.deviceHealthAttestationState.bitLockerStatus" }),
    ]);
    expect(rule(out!, "windows-baseline", "secure-boot")?.status).toBe("pass");
  });

  it("still rejects a reported value of the wrong type, naming the path", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-graph-"));
    writeFileSync(
      join(dir, "devices.ndjson"),
      `${JSON.stringify({ id: "d1", operatingSystem: "Windows", deviceHealthAttestationState: "enabled" })}\n`,
    );
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
      'access block-tagged "Block devices tagged kiosk" {\n  users include all\n  apps include all\n  ' +
        'devices include rule \"device.extensionAttribute1 -eq \\\"kiosk\\\"\"\n  grant block\n}\n' +
        'access block-untagged "Block devices not tagged corp" {\n  state report-only\n  users include ' +
        'all\n  apps include all\n  devices include rule \"device.extensionAttribute2 -ne ' +
        '\\\"corp\\\"\"\n  grant block\n}\n',
    );
    const signIn = {
      user: { id: "u1", userType: "member", guestType: null, displayName: null },
      groups: null,
      application: { id: "00000003-0000-0ff1-ce00-000000000000", suites: ["Office365"], authenticationContexts: null },
      clientAppType: "browser",
      platform: "windows",
      location: null,
      signInRisk: null,
      device: {
        deviceId: "x",
        trustType: "ServerAD",
        isCompliant: true,
        mdmAppId: null,
        extensionAttribute1: null,
        extensionAttribute2: null,
        systemLabels: null,
      },
      satisfied: { mfa: true, termsOfUse: null },
    };
    writeFileSync(join(dir, "signin.json"), JSON.stringify(signIn));
    const r = tenet([
      "whatif",
      "-p",
      join(dir, "filter.tenet"),
      join(dir, "signin.json"),
      "--now",
      NOW,
      "--format",
      "intune",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { decision: string; notApplied: string[]; reportOnlyApplies: string[] };
    // A null attribute: the positive operator is false, the negative one true.
    expect(summary.notApplied).toContain("block-tagged");
    expect(summary.reportOnlyApplies).toEqual(["block-untagged"]);
    expect(summary.decision).toBe("notApplied");
  });
});

describe("sign-in log records in tenet whatif", () => {
  const policy = () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-signin-log-"));
    writeFileSync(
      join(dir, "ca.tenet"),
      'access admins-mfa "Admins need MFA" {\n  users include role ' +
        '"62e90394-69f5-4237-9190-012177145e10" exclude group "breakglass-accounts"\n  apps include all\n  ' +
        "grant mfa\n}\n" +
        'access untrusted-block "Block outside trusted locations" {\n  state report-only\n  users ' +
        'include all exclude group "breakglass-accounts"\n  apps include all\n  locations include all ' +
        "exclude trusted\n  grant block\n}\n",
    );
    return join(dir, "ca.tenet");
  };
  type Decision = {
    decision: string;
    policies: { policy: string; applies: boolean; unmet: string[]; notEvaluable?: string[]; reason?: string }[];
    signInLog?: {
      shape: string;
      signIn: {
        platform: string;
        clientAppType: string;
        roles: string[];
        location: { namedLocationIds?: string[]; trusted?: boolean; countryCode?: string };
        device: unknown;
        satisfied: { mfa?: boolean };
      };
    };
  };
  const whatif = (args: string[]) => {
    const r = tenet(["whatif", "-p", policy(), ...args, "--now", NOW, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout.trim()) as Decision;
  };
  const find = (d: Decision, name: string) => d.policies.find((p) => p.policy === name)!;

  it("maps a Graph signIn list response and says what the log cannot tell instead of guessing membership", () => {
    const d = whatif(["tests/cli/graph/signin-graph.json"]);
    expect(d.signInLog?.shape).toBe("graph");
    expect(d.signInLog?.signIn).toMatchObject({
      platform: "windows",
      clientAppType: "browser",
      location: { countryCode: "DE" },
      device: { deviceId: "0f8e9d7c-2222-4b3a-8c9d-0e1f2a3b4c5d", trustType: "AzureAD", isCompliant: true },
    });
    // Role and group membership are not in a sign-in log: the policy is not evaluable, never "not a member".
    expect(find(d, "admins-mfa").notEvaluable).toEqual([
      "whether the user is included by `role 62e90394-69f5-4237-9190-012177145e10` is not known from this sign-in",
      "whether the user is excluded by `group breakglass-accounts` is not known from this sign-in",
    ]);
    expect(d.decision).toBe("unknown");
  });

  it("reads membership and named locations from --tenant-dir", () => {
    const d = whatif(["tests/cli/graph/signin-graph.json", "--tenant-dir", "tests/cli/graph/tenant"]);
    expect(d.signInLog?.signIn.roles).toEqual(["62e90394-69f5-4237-9190-012177145e10"]);
    expect(d.signInLog?.signIn.location).toMatchObject({ namedLocationIds: ["hq-berlin"], trusted: true });
    expect(find(d, "admins-mfa")).toMatchObject({ applies: true, unmet: ["mfa"] });
    expect(find(d, "untrusted-block")).toMatchObject({ applies: false, reason: "location" });
    expect(d.decision).toBe("grant");
  });

  it("maps a Log Analytics SigninLogs row from a pulled snapshot directory, with that directory's tenant data", () => {
    const d = whatif(["tests/cli/graph/tenant"]);
    expect(d.signInLog?.shape).toBe("logAnalytics");
    // Dynamic columns exported as JSON text; an empty deviceId is an unregistered device; MFA required and the sign-in succeeded.
    expect(d.signInLog?.signIn).toMatchObject({
      platform: "macOS",
      device: null,
      satisfied: { mfa: true },
      location: { countryCode: "FR", namedLocationIds: ["france"], trusted: false },
    });
    expect(find(d, "admins-mfa")).toMatchObject({ applies: true, unmet: [] });
    expect(find(d, "untrusted-block").applies).toBe(true);
    expect(d.decision).toBe("grant");
  });

  it("prints what the log could not tell in the text output", () => {
    const r = tenet(["whatif", "-p", policy(), "tests/cli/graph/signin-graph.json", "--now", NOW]);
    expect(r.stdout).toContain("unknown: a policy that would apply cannot be evaluated");
    expect(r.stdout).toContain(
      "sign-in log record (Graph signIn), no tenant directory (--tenant-dir); not known from the log: " +
        "userRisk, application.suites, groups, roles, location.namedLocationIds, location.trusted, " +
        "authenticationFlow",
    );
  });

  it("reads the session's authentication flow from a beta record, and leaves a v1.0 record's flow unknown", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-signin-flow-"));
    writeFileSync(
      join(dir, "ca.tenet"),
      'access block-device-code "Block device code flow" {\n  users include all\n  apps include all\n' +
        "  authenticationFlows include deviceCodeFlow\n  grant block\n}\n",
    );
    const run = (file: string) => {
      const r = tenet(["whatif", "-p", join(dir, "ca.tenet"), file, "--now", NOW, "--format", "json"]);
      expect(r.stderr).toBe("");
      return r.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Decision & { signInLog: { signIn: { authenticationFlow?: string } } });
    };
    // A device code sign-in, a refresh of that session (protocol tracking keeps the original method), an ordinary one.
    const [code, refresh, plain] = run("tests/cli/graph/signin-beta-device-code.json");
    expect(code!.signInLog.signIn.authenticationFlow).toBe("deviceCodeFlow");
    expect(code!.decision).toBe("block");
    expect(refresh!.decision).toBe("block");
    expect(plain!.signInLog.signIn.authenticationFlow).toBe("none");
    expect(plain!.policies[0]).toMatchObject({ applies: false, reason: "authenticationFlow" });
    expect(plain!.decision).toBe("notApplied");
    const [v1] = run("tests/cli/graph/signin-graph.json");
    expect(v1!.decision).toBe("unknown");
    expect(v1!.policies[0]!.notEvaluable).toEqual(["the authentication flow is not known from this sign-in"]);
  });
});

describe("a Graph policy export given to -p", () => {
  it("is refused with one diagnostic that says to import it, for compliance and Conditional Access exports", () => {
    const check = tenet([
      "check",
      "-p",
      "packages/intune/fixtures/compliance-policies.json",
      "examples/fleet/devices.json",
      "--now",
      NOW,
    ]);
    expect(check.code).toBe(3);
    expect(check.stderr.match(/error\[CP\d+\]/g)).toEqual(["error[CP5041]"]);
    expect(check.stderr).toContain(
      "is a Microsoft Graph export (1 windows10CompliancePolicy object, 1 iosCompliancePolicy object",
    );
    expect(check.stderr).toContain(
      "help: import it once and review the result: `tenet import intune " +
        "packages/intune/fixtures/compliance-policies.json -o policies/imported`",
    );
    // A Graph list of CA policies has no @odata.type per element.
    const whatif = tenet([
      "whatif",
      "-p",
      "packages/intune/fixtures/conditional-access-graph.json",
      "examples/signins/risky-sign-in.json",
      "--now",
      NOW,
    ]);
    expect(whatif.code).toBe(3);
    expect(whatif.stderr.match(/error\[CP\d+\]/g)).toEqual(["error[CP5041]"]);
    expect(whatif.stderr).toContain("(6 conditionalAccessPolicy objects)");
  });

  it("recognises a UTF-16 export from Windows PowerShell, and keeps the other policy files", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenet-graph-export-"));
    const policy = JSON.stringify({
      "@odata.type": "#microsoft.graph.macOSCompliancePolicy",
      id: "p1",
      displayName: "macOS",
      storageRequireEncryption: true,
    });
    writeFileSync(join(dir, "export.json"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(policy, "utf16le")]));
    const r = tenet(["lint", join(dir, "export.json"), "policies/compliance/macos.tenet"]);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).toContain("error[CP5041]");
    expect((r.stdout + r.stderr).match(/error\[CP\d+\]/g)).toEqual(["error[CP5041]"]);
  });
});
