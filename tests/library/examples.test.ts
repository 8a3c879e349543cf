/**
 * The examples evaluate against the shipped library exactly as examples/README.md says:
 * the example fleet (Graph list and NDJSON), the tenant settings and the What If sign-ins,
 * all at the fixed instant 2026-11-25T12:00:00Z.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { builtinSchemas, loadPolicySources } from "@tenet/parser";
import { compile, evaluate, evaluateAccess, type DeviceResult, type TenantSettings } from "@tenet/evaluator";

const NOW = "2026-11-25T12:00:00Z";
const ROOT = new URL("../../", import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((n) =>
      statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith(".tenet") ? [join(dir, n)] : [],
    );

const loaded = loadPolicySources(
  walk(join(ROOT, "policies")).map((path) => ({ path, text: readFileSync(path, "utf8") })),
);
const compiled = compile(loaded.value);
const tenant = JSON.parse(read("examples/tenant.json")) as TenantSettings;
const graph = JSON.parse(read("examples/fleet/devices.json")) as { value: Record<string, unknown>[] };
const ndjson = read("examples/fleet/devices.ndjson")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const results = new Map<string, DeviceResult>(
  graph.value.map((d) => [d.deviceName as string, evaluate(compiled, d, { now: NOW, tenant })]),
);
const result = (name: string): DeviceResult => {
  const r = results.get(name);
  if (r === undefined) throw new Error(`no device \`${name}\` in the example fleet`);
  return r;
};
const failing = (r: DeviceResult, status: "fail" | "error") =>
  r.policies.flatMap((p) => p.rules.filter((x) => x.status === status).map((x) => x.id));

describe("example fleet", () => {
  it("is the same devices in the Graph list and the NDJSON file, each a valid snapshot", () => {
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(graph.value.length).toBeGreaterThanOrEqual(38);
    expect(ndjson).toEqual(graph.value);
    expect(new Set(graph.value.map((d) => d.id)).size).toBe(graph.value.length);
    // Formats are not validated: a malformed osVersion is a rule error at evaluation, never a schema rejection.
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
      builtinSchemas().device.json,
    );
    for (const d of graph.value) expect(validate(d) ? [] : validate.errors, d.deviceName as string).toEqual([]);
  });

  it("covers every platform and every device state", () => {
    expect(new Set(graph.value.map((d) => d.operatingSystem))).toEqual(
      new Set(["Windows", "macOS", "iOS", "iPadOS", "Android", "Linux"]),
    );
    const modes = new Set(graph.value.map((d) => d.androidManagementMode).filter((m) => m !== undefined));
    expect(modes).toEqual(new Set(["workProfile", "fullyManaged", "dedicated", "corporateOwnedWorkProfile"]));
    const counts: Record<string, number> = {};
    for (const r of results.values()) counts[r.state] = (counts[r.state] ?? 0) + 1;
    expect(counts).toEqual({ compliant: 16, inGracePeriod: 16, noncompliant: 3, error: 3 });
  });

  it("gives every device the state examples/README.md documents for it", () => {
    const documented = new Map<string, string>();
    for (const line of read("examples/README.md").split("\n")) {
      const cells = line.split("|").map((c) => c.trim());
      if (cells.length < 5 || !cells[1]!.startsWith("`")) continue;
      const state = cells[3]!;
      if (!["compliant", "inGracePeriod", "noncompliant", "error"].includes(state)) continue;
      for (const name of cells[1]!.matchAll(/`([^`]+)`/g)) documented.set(name[1]!, state);
    }
    expect([...documented.keys()].sort()).toEqual([...results.keys()].sort());
    for (const [name, state] of documented) expect(result(name).state, name).toBe(state);
  });

  it("judges a patched, healthy Windows laptop compliant on every rule", () => {
    const r = result("LAPTOP-0001");
    expect(r.state).toBe("compliant");
    expect(r.policies.find((p) => p.policy === "windows-baseline")?.rules.every((x) => x.status === "pass")).toBe(true);
    expect(r.policies.filter((p) => p.state !== "notApplicable").map((p) => p.policy)).toEqual(["windows-baseline"]);
  });

  it("judges the privileged access workstation by both Windows policies, and ordinary laptops by the baseline only", () => {
    const paw = result("PAW-0002");
    expect(paw.state).toBe("compliant");
    expect(
      paw.policies
        .filter((p) => p.state !== "notApplicable")
        .map((p) => `${p.policy}:${p.state}`)
        .sort(),
    ).toEqual(["windows-baseline:compliant", "windows-privileged:compliant"]);
    expect(result("LAPTOP-0001").policies.find((p) => p.policy === "windows-privileged")?.state).toBe("notApplicable");
  });

  it("marks an unencrypted laptop noncompliant once its 72-hour grace period is over, and schedules the reminder", () => {
    const r = result("LAPTOP-0004-NOBITLOCKER");
    expect(r.state).toBe("noncompliant");
    expect(failing(r, "fail")).toEqual(["windows-baseline.bitlocker"]);
    expect(r.policies.find((p) => p.policy === "windows-baseline")).toMatchObject({
      noncompliantSince: "2026-11-20T10:00:00.000Z",
      graceEndsAt: "2026-11-23T10:00:00.000Z",
    });
    expect(r.actions.due.map((a) => a.action).sort()).toEqual(["markNoncompliant", "notify"]);
    expect(r.actions.pending).toMatchObject([
      { policy: "windows-baseline", action: "notify", dueAt: "2026-11-27T10:00:00.000Z" },
    ]);
  });

  it("keeps a Mac without FileVault in its grace period when first found noncompliant now", () => {
    const r = result("MAC-0021-NOFILEVAULT");
    expect(r.state).toBe("inGracePeriod");
    expect(failing(r, "fail")).toEqual(["macos-baseline.filevault"]);
    const rule = r.policies.flatMap((p) => p.rules).find((x) => x.id === "macos-baseline.filevault");
    expect(rule?.explanation?.remediation).toContain("FileVault");
    expect(rule?.controls).toContainEqual(expect.objectContaining({ framework: "iso27001", id: "A.8.24" }));
  });

  it("makes a device that has not checked in for 44 days noncompliant through the validity period alone", () => {
    const r = result("LAPTOP-0007-STALE");
    expect(r.state).toBe("noncompliant");
    expect(failing(r, "fail")).toEqual([]);
    expect(r.defaultPolicy).toEqual({
      state: "noncompliant",
      failed: ["isActive"],
      inactive: { lastSyncDateTime: "2026-10-12T10:00:00Z", thresholdDays: 30 },
    });
  });

  it("puts a device with a malformed osVersion in error, naming the component", () => {
    const r = result("LAPTOP-0008-BADVERSION");
    expect(r.state).toBe("error");
    expect(failing(r, "error")).toEqual(["windows-baseline.os-supported"]);
    const rule = r.policies.flatMap((p) => p.rules).find((x) => x.id === "windows-baseline.os-supported");
    expect(rule?.explanation?.errors[0]?.reason).toContain("`x`");
  });

  it("reports missing facts as errors, never as passes", () => {
    expect(result("LAPTOP-0009-NODHA").state).toBe("error");
    expect(failing(result("LAPTOP-0009-NODHA"), "error")).toEqual([
      "windows-baseline.bitlocker",
      "windows-baseline.secure-boot",
      "windows-baseline.code-integrity",
    ]);
    expect(failing(result("MAC-0024-MISSING-FIREWALL"), "error")).toEqual(["macos-baseline.firewall"]);
  });

  it("applies the example waivers and says so", () => {
    const kiosk = result("KIOSK-0010-WIN10");
    expect(kiosk.state).toBe("compliant");
    expect(kiosk.waiversApplied).toEqual(["windows-10-esu"]);
    const lab = result("LAB-MAC-0023");
    expect(lab.state).toBe("compliant");
    expect(lab.waiversApplied).toEqual(["imaging-lab-macs"]);
  });

  it("judges each mobile and Linux platform by its own baseline", () => {
    const expected: Record<string, [string, string, string[]]> = {
      "IPHONE-0031-JAILBROKEN": ["inGracePeriod", "ios-baseline", ["ios-baseline.not-jailbroken"]],
      "IPAD-0032": ["compliant", "ios-baseline", []],
      "GALAXY-0041-OLDPATCH": [
        "inGracePeriod",
        "android-work-profile-baseline",
        ["android-work-profile-baseline.patch-recent"],
      ],
      "ZEBRA-0043-SCANNER": ["compliant", "android-fully-managed-baseline", []],
      "PIXEL-0046-COPE": [
        "inGracePeriod",
        "android-fully-managed-baseline",
        ["android-fully-managed-baseline.patch-recent"],
      ],
      "RHEL-0051": ["compliant", "linux-baseline", []],
      "ARCH-0053": [
        "inGracePeriod",
        "linux-baseline",
        ["linux-baseline.distribution", "linux-baseline.release-supported"],
      ],
    };
    for (const [name, [state, policy, failed]] of Object.entries(expected)) {
      const r = result(name);
      expect(
        {
          state: r.state,
          applicable: r.policies.filter((p) => p.state !== "notApplicable").map((p) => p.policy),
          failed: failing(r, "fail"),
        },
        name,
      ).toEqual({
        state,
        applicable: [policy],
        failed,
      });
    }
  });

  it("treats a policy the device has not checked in for as unknown, and a deleted user as noncompliant", () => {
    expect(result("LAPTOP-0060-PENDING").policies.find((p) => p.policy === "windows-baseline")?.state).toBe("unknown");
    expect(result("LAPTOP-0061-NOUSER").defaultPolicy.failed).toEqual(["enrolledUserExists"]);
  });
});

describe("example sign-ins (What If)", () => {
  const expected: Record<string, { decision: string; accessGrantedNow: boolean; unmet: string[] }> = {
    "breakglass-account": { decision: "notApplied", accessGrantedNow: true, unmet: [] },
    "global-admin-azure-portal": {
      decision: "grant",
      accessGrantedNow: false,
      unmet: ["require-mfa-admins:mfa", "require-mfa-azure-management:mfa"],
    },
    "guest-from-untrusted": { decision: "notApplied", accessGrantedNow: true, unmet: [] },
    "high-risk-user": {
      decision: "grant",
      accessGrantedNow: false,
      unmet: ["user-risk-password-change:passwordChange"],
    },
    "legacy-activesync-client": { decision: "block", accessGrantedNow: false, unmet: [] },
    "member-compliant-laptop-with-mfa": { decision: "grant", accessGrantedNow: true, unmet: [] },
    "member-noncompliant-laptop": {
      decision: "grant",
      accessGrantedNow: false,
      unmet: ["office365-compliant-device:compliantDevice"],
    },
    "member-without-mfa-yet": { decision: "grant", accessGrantedNow: false, unmet: ["office365-compliant-device:mfa"] },
    "register-security-info-offsite": {
      decision: "grant",
      accessGrantedNow: false,
      unmet: ["secure-security-info-registration:mfa"],
    },
    "risky-sign-in": {
      decision: "grant",
      accessGrantedNow: false,
      unmet: ["office365-compliant-device:mfa", "sign-in-risk-mfa:mfa"],
    },
    "unknown-platform": { decision: "block", accessGrantedNow: false, unmet: [] },
    "unregistered-device-browser": {
      decision: "grant",
      accessGrantedNow: false,
      unmet: ["office365-compliant-device:compliantDevice"],
    },
  };

  it("has a documented outcome for every example sign-in", () => {
    const files = readdirSync(join(ROOT, "examples/signins"))
      .filter((n) => n.endsWith(".json"))
      .map((n) => basename(n, ".json"));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: ${want.decision}${want.accessGrantedNow ? ", access now" : ""}`, () => {
      const signIn = JSON.parse(read(`examples/signins/${name}.json`)) as Record<string, unknown>;
      const d = evaluateAccess(compiled, signIn, { now: NOW });
      const unmet = d.unmetControls.flatMap((u) => u.controls.map((c) => `${u.policy}:${c}`)).sort();
      expect({ decision: d.decision, accessGrantedNow: d.accessGrantedNow, unmet }).toEqual(want);
    });
  }

  it("never lets report-only templates change a decision", () => {
    const signIn = JSON.parse(read("examples/signins/guest-from-untrusted.json")) as Record<string, unknown>;
    const d = evaluateAccess(compiled, signIn, { now: NOW });
    const reportOnly = d.policies.filter((p) => p.applies && p.state === "reportOnly").map((p) => p.policy);
    expect(reportOnly).toContain("eu-data-boundary");
    expect(d.decision).toBe("notApplied");
  });
});
