import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGraphEmulator, type EmulatorOptions, type GraphEmulator } from "@tenet/graph/emulator";
import { NOW, ROOT, tenet } from "./run-cli.js";

const MAIN = join(ROOT, "packages/cli/dist/bin/tenet.js");
const TOKEN = "cli-test-token";
let emulators: GraphEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function emulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const e = await startGraphEmulator({ devices: 8, pageSize: 3, token: TOKEN, platforms: ["Windows"], ...options });
  emulators.push(e);
  return e;
}

/** Runs `tenet` without blocking this process: the emulator answers from the same event loop. */
function tenetAsync(
  args: string[],
  onSpawn?: (kill: () => void) => void,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", TENET_GRAPH_TOKEN: TOKEN },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(() => child.kill("SIGKILL"));
  });
}

const pullArgs = (e: GraphEmulator, out: string) => [
  "pull",
  "intune",
  "--out",
  out,
  "--graph-url",
  e.url,
  "--no-rate-limit",
  "-q",
];
const dir = () => mkdtempSync(join(tmpdir(), "tenet-pull-cli-"));
const POLICY = `compliance windows-encrypted "Windows: encrypted" {
  platform windows
  rule encrypted "Disk is encrypted" {
    require device.isEncrypted == true
    remediation "Turn on BitLocker"
  }
  rule bitlocker "BitLocker is on" {
    require device.deviceHealthAttestationState.bitLockerStatus == "enabled"
    remediation "Turn on BitLocker and restart"
  }
}
`;

describe("tenet pull intune", () => {
  it("pulls a tenant that tenet check then reads as a directory, with its tenant settings", async () => {
    const e = await emulator();
    const out = dir();
    const pulled = await tenetAsync(pullArgs(e, out));
    expect(pulled.stderr).toBe("");
    expect(pulled.code).toBe(0);
    const policy = join(dir(), "p.tenet");
    writeFileSync(policy, POLICY);
    const check = tenet(["check", "-p", policy, out, "--now", NOW, "--format", "intune", "--fail-on", "never"]);
    expect(check.code).toBe(0);
    const results = check.stdout
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            deviceState: string;
            failedSettings: Record<string, string[]>;
            defaultPolicyFailedSettings?: string[];
          },
      );
    expect(results).toHaveLength(8);
    // Device 3: not encrypted (from the list); device 7: BitLocker off (from the per-device health attestation).
    expect(results[3]!.failedSettings).toEqual({ "windows-encrypted": ["encrypted"] });
    expect(results[7]!.failedSettings).toEqual({ "windows-encrypted": ["bitlocker"] });
    // Device 5 last synced 45 days ago: past the directory's 30-day check-in threshold...
    expect(results[5]!.defaultPolicyFailedSettings).toEqual(["isActive"]);
    // ...but within 60 days when --tenant says so.
    const tenant = join(dir(), "tenant.json");
    writeFileSync(tenant, JSON.stringify({ secureByDefault: true, deviceComplianceCheckinThresholdDays: 60 }));
    const withTenant = tenet([
      "check",
      "-p",
      policy,
      out,
      "--now",
      NOW,
      "--format",
      "intune",
      "--tenant",
      tenant,
      "--fail-on",
      "never",
    ]);
    expect(JSON.parse(withTenant.stdout.trim().split("\n")[5]!).defaultPolicyFailedSettings).toBeUndefined();
  });

  it("every platform's devices, as Graph sends them (nulls and all), are evaluated by the shipped library without input errors", async () => {
    const e = await emulator({ devices: 10, platforms: ["Windows", "iOS", "Android", "macOS"] });
    const out = dir();
    expect((await tenetAsync(pullArgs(e, out))).code).toBe(0);
    const check = tenet(["check", "-p", "policies", out, "--now", NOW, "--format", "csv", "--fail-on", "never"]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const rows = check.stdout
      .trim()
      .split("\r\n")
      .slice(1)
      .map((row) => row.split(","));
    expect(rows.map((r) => r[4])).toEqual([
      "Windows",
      "iOS",
      "Android",
      "macOS",
      "Windows",
      "iOS",
      "Android",
      "macOS",
      "Windows",
      "iOS",
    ]);
    expect(rows.every((r) => r[5] !== "inputError" && r[9] === "")).toBe(true);
  });

  it("a 403 on devices: a warning naming the permission, no devices file, exit 1; check then says why", async () => {
    const e = await emulator({ faults: [{ path: "/deviceManagement/managedDevices", status: 403 }] });
    const out = dir();
    const pulled = await tenetAsync(pullArgs(e, out));
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain(
      "tenet: warning: devices could not be read (HTTP 403); grant the application permission DeviceManagementManagedDevices.Read.All",
    );
    expect(existsSync(join(out, "devices.ndjson"))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).unreadable[0]).toMatchObject({
      collection: "devices",
      status: 403,
      permission: "DeviceManagementManagedDevices.Read.All",
    });
    const check = tenet(["check", "-p", "policies", out, "--now", NOW]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(
      "devices could not be read when it was pulled (HTTP 403); grant DeviceManagementManagedDevices.Read.All and pull again",
    );
  });

  it("killed (SIGKILL) mid-pull and run again, it resumes and writes what an uninterrupted pull writes", async () => {
    const clean = dir();
    const cleanEmulator = await emulator({ devices: 40 });
    expect((await tenetAsync(pullArgs(cleanEmulator, clean))).code).toBe(0);
    let kill: () => void = () => undefined;
    let statePages = 0;
    const e = await emulator({
      devices: 40,
      onRequest: (r) => void (r.path.endsWith("/deviceCompliancePolicyStates") && ++statePages === 20 && kill()),
    });
    const out = dir();
    const killed = await tenetAsync(pullArgs(e, out), (k) => (kill = k));
    expect(killed.signal).toBe("SIGKILL");
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    const resumed = await tenetAsync(pullArgs(e, out));
    expect(resumed.code).toBe(0);
    const devicePages = (em: GraphEmulator) =>
      em.requests.filter((r) => r.status === 200 && r.path.startsWith("/deviceManagement/managedDevices?")).length;
    expect(devicePages(e) - devicePages(cleanEmulator)).toBeLessThanOrEqual(1);
    const files = (path: string) =>
      Object.fromEntries(
        readdirSync(path)
          .sort()
          .map((f) => [f, readFileSync(join(path, f), "utf8")]),
      );
    const { "manifest.json": manifest, ...data } = files(out);
    const { "manifest.json": cleanManifest, ...cleanData } = files(clean);
    expect(data).toEqual(cleanData);
    const withoutTime = (m: string) => ({ ...JSON.parse(m), pulledAt: undefined });
    expect(withoutTime(manifest!)).toEqual(withoutTime(cleanManifest!));
  });

  it("import and whatif read the snapshot directory's policies and sign-ins", async () => {
    const e = await emulator({ devices: 4, signins: 3, now: new Date(Date.now() - 3_600_000).toISOString() });
    const out = dir();
    expect((await tenetAsync([...pullArgs(e, out), "--signins-days", "1"])).code).toBe(0);
    const importedDir = join(dir(), "imported");
    const imported = tenet(["import", "intune", out, "-o", importedDir]);
    expect(imported.code).toBe(0);
    // 4 compliance policies and 4 Conditional Access policies (one blocks device code flow), not the devices.
    expect(imported.stderr).toContain("imported 8 policies into 2 files");
    const texts = readdirSync(importedDir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".tenet"))
      .map((f) => readFileSync(join(importedDir, f), "utf8"))
      .join("\n");
    expect(texts).toContain("  authenticationFlows include deviceCodeFlow\n  grant block\n");
    expect(texts).not.toContain("unsupported");
    const whatif = tenet(["whatif", "-p", "policies", out, "--format", "json"]);
    const said = whatif.stdout + whatif.stderr;
    for (const line of [1, 2, 3]) expect(said).toContain(`signins.ndjson:${line}`);
    expect(said).not.toContain("devices.ndjson");
  }, 180_000);

  it("report and diff read its devices; whatif on a pull without sign-ins says so", async () => {
    const e = await emulator({ devices: 4 });
    const out = dir();
    expect((await tenetAsync(pullArgs(e, out))).code).toBe(0);
    const report = tenet(["report", "--framework", "iso27001", "-p", "policies", out, "--now", NOW]);
    expect(report.stdout).toContain("(iso27001): 4 devices");
    const diff = tenet(["diff", "policies", "policies", "--fleet", out, "--now", NOW]);
    expect(diff.code).toBe(0);
    const missing = tenet(["whatif", "-p", "policies", out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("has no signins.ndjson");
  }, 180_000);

  it("lists the application permissions it needs, and says which credentials are missing", () => {
    const help = tenet(["pull", "--help"]);
    for (const permission of [
      "DeviceManagementManagedDevices.Read.All",
      "DeviceManagementConfiguration.Read.All",
      "Policy.Read.All",
      "GroupMember.Read.All",
      "RoleManagement.Read.Directory",
      "AuditLog.Read.All",
    ])
      expect(help.stdout).toContain(permission);
    const none = tenet(["pull", "intune", "--out", dir()], {
      env: {
        TENET_GRAPH_TOKEN: "",
        AZURE_CLIENT_SECRET: "",
        AZURE_CLIENT_CERTIFICATE_PATH: "",
        AZURE_FEDERATED_TOKEN_FILE: "",
      },
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error[CP5216]: no credentials: set TENET_GRAPH_TOKEN");
  });
});
