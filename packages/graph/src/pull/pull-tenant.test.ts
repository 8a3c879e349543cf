import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GraphHttpError, pullTenant, type PullOptions, type RequestEvent } from "@tenet/graph";
import { startGraphEmulator, type EmulatorOptions, type GraphEmulator } from "@tenet/graph/emulator";

const TOKEN = "test-token";
const CLOCK = () => new Date("2026-11-25T09:00:00Z");
let emulators: GraphEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function emulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const e = await startGraphEmulator({ devices: 23, pageSize: 5, token: TOKEN, signins: 6, ...options });
  emulators.push(e);
  return e;
}

const dir = () => mkdtempSync(join(tmpdir(), "tenet-pull-"));

function pull(e: GraphEmulator, out: string, options: Partial<PullOptions> = {}) {
  return pullTenant({
    out,
    baseUrl: e.url,
    token: async () => TOKEN,
    limits: false,
    now: CLOCK,
    signinsDays: 1,
    backoff: { baseMs: 1, maxMs: 5 },
    toolVersion: "test",
    ...options,
  });
}

/** Every file of a directory with its bytes: the byte-for-byte comparison of two pulls. */
function contents(path: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(path)
      .sort()
      .map((f) => [f, readFileSync(join(path, f), "utf8")]),
  );
}

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const listPages = (e: GraphEmulator, prefix: string) =>
  e.requests.filter((r) => r.status === 200 && r.path.split("?")[0] === prefix).length;

describe("pullTenant against the Graph emulator", () => {
  it("pulls every collection over all pages, enriches devices, and writes a manifest whose hashes match", async () => {
    const e = await emulator();
    const out = dir();
    const result = await pull(e, out);
    // 23 devices in pages of 5: 5 list pages, following @odata.nextLink.
    expect(listPages(e, "/deviceManagement/managedDevices")).toBe(5);
    const devices = lines(join(out, "devices.ndjson"));
    expect(devices.map((d) => d.id)).toEqual(Array.from({ length: 23 }, (_, i) => e.tenant.device(i).id));
    const windows = devices.find((d) => d.operatingSystem === "Windows")!;
    expect(windows.deviceHealthAttestationState.bitLockerStatus).toBe("enabled");
    expect(windows.windowsProtectionState).toMatchObject({
      malwareProtectionEnabled: true,
      realTimeProtectionEnabled: true,
      signatureUpdateOverdue: false,
    });
    expect(windows.windowsProtectionState["@odata.context"]).toBeUndefined();
    expect(windows.deviceCompliancePolicyStates[0].settingStates[0]).toMatchObject({
      setting: "windows10CompliancePolicy.storageRequireEncryption",
      state: "compliant",
    });
    // Not Windows: the list's null stays (not reported), no per-device request for it.
    const iPhone = devices.find((d) => d.operatingSystem === "iOS")!;
    expect(iPhone.deviceHealthAttestationState).toBeNull();
    expect(iPhone.windowsProtectionState).toBeUndefined();
    const policies = lines(join(out, "compliance-policies.ndjson"));
    expect(policies[0]!["@odata.type"]).toBe("#microsoft.graph.windows10CompliancePolicy");
    expect(policies[0]!.assignments[0].target.groupId).toBe(e.tenant.groupIds().windowsDevices);
    expect(policies[0]!.scheduledActionsForRule[0].scheduledActionConfigurations[0].actionType).toBe("block");
    const groups = lines(join(out, "groups.ndjson"));
    // The groups that assignments and CA policies name, each with every transitive member over pages.
    expect(groups.map((g) => g.displayName)).toEqual([
      "All Windows devices",
      "All employees",
      "Tier 0 admins",
      "Break-glass accounts",
    ]);
    expect(groups[0]!.transitiveMembers).toHaveLength(10);
    expect(groups[0]!.transitiveMembers[0]).toEqual({
      "@odata.type": "#microsoft.graph.device",
      id: expect.any(String),
      deviceId: e.tenant.device(0).azureADDeviceId,
    });
    expect(lines(join(out, "directory-roles.ndjson"))[0]!.members).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, "tenant-settings.json"), "utf8"))).toEqual({
      secureByDefault: true,
      deviceComplianceCheckinThresholdDays: 30,
    });
    expect(lines(join(out, "signins.ndjson"))).toHaveLength(6);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      format: "tenet-snapshot/1",
      pulledAt: "2026-11-25T09:00:00.000Z",
      tool: { name: "tenet", version: "test" },
      unreadable: [],
    });
    for (const [file, described] of Object.entries(manifest.files) as [string, { records: number; sha256: string }][]) {
      expect(described.sha256, file).toBe(
        createHash("sha256")
          .update(readFileSync(join(out, file)))
          .digest("hex"),
      );
    }
    expect(manifest.files["devices.ndjson"].records).toBe(23);
    expect(manifest.endpoints).toContainEqual({
      collection: "assignment-filters",
      url: "/deviceManagement/assignmentFilters",
      apiVersion: "beta",
    });
    // Read-only, and nothing left of the checkpoint.
    expect(e.requests.every((r) => r.method === "GET")).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
    expect(result.resumed).toBe(false);
  });

  it("honours Retry-After on 429 (0 and 1 seconds) and gets the same bytes as an undisturbed pull", async () => {
    const clean = dir();
    await pull(await emulator(), clean);
    const e = await emulator({
      faults: [
        { path: "/deviceManagement/managedDevices?", status: 429, retryAfter: 0, times: 2 },
        { path: "/identity/conditionalAccess/policies", status: 429, retryAfter: 1, times: 1 },
      ],
    });
    const events: RequestEvent[] = [];
    const out = dir();
    await pull(e, out, { onRequest: (event) => events.push(event) });
    expect(e.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(events.filter((v) => v.status === 429).map((v) => v.retryInMs)).toEqual([1000, 0, 0]);
    expect(contents(out)).toEqual(contents(clean));
  });

  it("backs off exponentially with jitter when 429 or 503 come without Retry-After", async () => {
    const e = await emulator({
      faults: [
        { path: "/deviceManagement/deviceCompliancePolicies", status: 429, times: 3 },
        { path: "/directoryRoles?", status: 503, times: 1 },
        { path: "/groups/", status: 504, times: 1 },
      ],
    });
    const events: RequestEvent[] = [];
    await pull(e, dir(), {
      backoff: { baseMs: 2, maxMs: 6 },
      random: () => 1,
      onRequest: (event) => events.push(event),
    });
    // random() = 1 takes the top of each window: 2, 4, then the 6 ms cap.
    expect(events.filter((v) => v.status === 429).map((v) => v.retryInMs)).toEqual([2, 4, 6]);
    expect(events.filter((v) => v.status === 503 || v.status === 504).map((v) => v.retryInMs)).toEqual([2, 2]);
  });

  it("gives up after maxAttempts on a lasting 503, keeps the checkpoint, and the next run resumes", async () => {
    const e = await emulator({
      faults: [{ path: "/deviceManagement/managedDevices?", status: 503, every: 1, times: 100 }],
    });
    const out = dir();
    await expect(pull(e, out, { maxAttempts: 3 })).rejects.toMatchObject({ name: "GraphHttpError", status: 503 });
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    e.setFaults([]);
    const before = e.requests.length;
    const result = await pull(e, out);
    expect(result.resumed).toBe(true);
    // The collections finished before the outage are not read again.
    expect(e.requests.slice(before).some((r) => r.path.startsWith("/deviceManagement/deviceCompliancePolicies"))).toBe(
      false,
    );
    expect(lines(join(out, "devices.ndjson"))).toHaveLength(23);
  });

  it("times out a slow response, retries it, and finishes", async () => {
    const e = await emulator({ faults: [{ path: "/deviceManagement/managedDevices?", delayMs: 2000, times: 1 }] });
    const events: RequestEvent[] = [];
    const out = dir();
    await pull(e, out, { timeoutMs: 300, onRequest: (event) => events.push(event) });
    const firstPage = events.filter((v) => v.url.includes("/managedDevices?$select"));
    expect(firstPage.map((v) => v.status).slice(0, 2)).toEqual(["timeout", 200]);
    expect(lines(join(out, "devices.ndjson"))).toHaveLength(23);
  });

  it("a 403 makes the collection unreadable: named in the manifest with its permission, a warning, and no file", async () => {
    const e = await emulator({
      faults: [
        { path: "/auditLogs/signIns", status: 403 },
        { path: "/deviceManagement/assignmentFilters", status: 403 },
      ],
    });
    const out = dir();
    const warnings: string[] = [];
    const result = await pull(e, out, { warn: (m) => warnings.push(m) });
    expect(result.manifest.unreadable).toEqual([
      {
        collection: "assignment-filters",
        status: 403,
        permission: "DeviceManagementConfiguration.Read.All",
        message: "HTTP 403: Insufficient privileges to complete the operation.",
      },
      {
        collection: "signins",
        status: 403,
        permission: "AuditLog.Read.All",
        message: "HTTP 403: Insufficient privileges to complete the operation.",
      },
    ]);
    expect(existsSync(join(out, "signins.ndjson"))).toBe(false);
    expect(existsSync(join(out, "assignment-filters.ndjson"))).toBe(false);
    expect(result.manifest.files["signins.ndjson"]).toBeUndefined();
    expect(warnings).toContainEqual(expect.stringContaining("grant the application permission AuditLog.Read.All"));
  });

  it("a 403 on the per-device states marks them unreadable and keeps the devices", async () => {
    const e = await emulator({ faults: [{ path: /\/deviceCompliancePolicyStates$/, status: 403 }] });
    const out = dir();
    const result = await pull(e, out);
    expect(result.manifest.unreadable.map((u) => [u.collection, u.permission])).toEqual([
      ["device-compliance-policy-states", "DeviceManagementManagedDevices.Read.All"],
    ]);
    const devices = lines(join(out, "devices.ndjson"));
    expect(devices).toHaveLength(23);
    expect(devices.every((d) => !("deviceCompliancePolicyStates" in d))).toBe(true);
  });

  it("refuses a request without the right bearer token (401 after one token refresh)", async () => {
    const e = await emulator();
    await expect(pull(e, dir(), { token: async () => "wrong" })).rejects.toMatchObject({ status: 401 });
    expect(e.requests.filter((r) => r.status === 401)).toHaveLength(2);
  });

  it("does not follow a nextLink to another host (the token would go with it)", async () => {
    const other = await emulator();
    const e = await emulator({ nextLinkOrigin: other.url });
    await expect(pull(e, dir())).rejects.toBeInstanceOf(GraphHttpError);
    expect(other.requests).toHaveLength(0);
  });
});

describe("kill and resume", () => {
  const collections = [
    "/deviceManagement/managedDevices",
    "/groups/00000030-0000-4000-8000-000000000001/transitiveMembers",
    "/deviceManagement/deviceCompliancePolicies",
  ];

  async function interrupted(
    stopWhen: (e: GraphEmulator, controller: AbortController) => Partial<PullOptions> & { emulator?: EmulatorOptions },
  ) {
    const cleanEmulator = await emulator();
    const clean = dir();
    await pull(cleanEmulator, clean);
    const controller = new AbortController();
    let hooks: Partial<PullOptions> = {};
    const e = await emulator({
      onRequest: (r) => (hooks as { onEmulatorRequest?: (r: { path: string }) => void }).onEmulatorRequest?.(r),
    });
    hooks = stopWhen(e, controller);
    const out = dir();
    await expect(pull(e, out, { ...hooks, signal: controller.signal })).rejects.toThrow();
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
    return { clean, cleanEmulator, e, out };
  }

  async function resumeAndCompare({ clean, cleanEmulator, e, out }: Awaited<ReturnType<typeof interrupted>>) {
    const result = await pull(e, out);
    expect(result.resumed).toBe(true);
    expect(contents(out)).toEqual(contents(clean));
    for (const path of collections)
      expect(listPages(e, path) - listPages(cleanEmulator, path), path).toBeLessThanOrEqual(1);
  }

  it("stopped at a page boundary of the devices, it fetches no page twice", async () => {
    let pages = 0;
    const run = await interrupted((_e, controller) => ({
      onPage: (name: string) => void (name === "devices" && ++pages === 3 && controller.abort(new Error("stop"))),
    }));
    await resumeAndCompare(run);
  });

  it("stopped mid-page (during device enrichment, with a torn write), it fetches that one page again", async () => {
    let states = 0;
    const run = await interrupted(
      (_e, controller) =>
        ({
          onEmulatorRequest: (r: { path: string }) =>
            void (
              r.path.endsWith("/deviceCompliancePolicyStates") &&
              ++states === 12 &&
              controller.abort(new Error("stop"))
            ),
        }) as Partial<PullOptions>,
    );
    // A kill during the write of the next page leaves half a line behind the checkpointed length.
    appendFileSync(join(run.out, "devices.ndjson"), '{"id":"half a rec');
    await resumeAndCompare(run);
    expect(
      listPages(run.e, "/deviceManagement/managedDevices") -
        listPages(run.cleanEmulator, "/deviceManagement/managedDevices"),
    ).toBe(1);
  });

  it("stopped between member pages of a group, it fetches one member page again", async () => {
    let memberPages = 0;
    const run = await interrupted(
      (_e, controller) =>
        ({
          onEmulatorRequest: (r: { path: string }) =>
            void (r.path.includes("/transitiveMembers") && ++memberPages === 2 && controller.abort(new Error("stop"))),
        }) as Partial<PullOptions>,
    );
    await resumeAndCompare(run);
  });
});
