/** Intune's assignment rules (docs/semantics.md, "Which policies apply"), from `.tenet` text to device results. */
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile } from "../compile/compile.js";
import { evaluate } from "../evaluate/evaluate.js";
import type { DeviceResult, EvaluateOptions } from "../model/device-result.js";
import { buildMembershipIndex, membershipOf } from "./membership-index.js";

const NOW = "2026-11-25T12:00:00Z";

const FILTERS = `
filter corporate "Corporate devices" {
  platform windows
  rule "(device.deviceOwnership -eq \\"Corporate\\") and (device.operatingSystemVersion -ge 10.0.22000)"
}
filter kiosks {
  platform windows
  rule "device.enrollmentProfileName -startsWith \\"Kiosk\\""
}
`;

/** A one-rule Windows policy with the given `assign` lines. */
function policy(name: string, assign: string[]): string {
  return `compliance ${name} {
  platform windows
${assign.map((a) => `  ${a}`).join("\n")}
  rule enc "Encrypted" {
    require device.isEncrypted == true
    remediation "Turn on BitLocker"
  }
}
`;
}

function compiled(...policies: string[]) {
  const loaded = loadPolicySources([{ path: "p.tenet", text: FILTERS + policies.join("\n") }]);
  expect(loaded.diagnostics).toEqual([]);
  return compile(loaded.value);
}

const GROUPS = buildMembershipIndex([
  {
    id: "g-users",
    displayName: "Sales users",
    transitiveMembers: [
      { "@odata.type": "#microsoft.graph.user", id: "u-ann" },
      { "@odata.type": "#microsoft.graph.user", id: "u-bob", userPrincipalName: "Bob@contoso.com" },
    ],
  },
  { id: "g-vip", displayName: "VIPs", transitiveMembers: [{ "@odata.type": "#microsoft.graph.user", id: "u-bob" }] },
  {
    id: "g-laptops",
    displayName: "Sales laptops",
    transitiveMembers: [
      { "@odata.type": "#microsoft.graph.device", id: "obj-1", deviceId: "aad-1" },
      { "@odata.type": "#microsoft.graph.device", id: "obj-2", deviceId: "aad-2" },
    ],
  },
  {
    id: "g-broken",
    displayName: "Broken laptops",
    transitiveMembers: [{ "@odata.type": "#microsoft.graph.device", id: "obj-2", deviceId: "aad-2" }],
  },
  // Both users and devices: a user-group inclusion and a device-group inclusion at once.
  {
    id: "g-mixed",
    displayName: "Mixed",
    transitiveMembers: [
      { "@odata.type": "#microsoft.graph.user", id: "u-ann" },
      { "@odata.type": "#microsoft.graph.device", id: "obj-1", deviceId: "aad-1" },
    ],
  },
]).index;

const device = (over: Record<string, unknown> = {}) => ({
  id: "d1",
  operatingSystem: "Windows",
  osVersion: "10.0.22631.1",
  managedDeviceOwnerType: "company",
  userId: "u-ann",
  azureADDeviceId: "aad-1",
  isEncrypted: false,
  lastSyncDateTime: NOW,
  ...over,
});
const run = (set: ReturnType<typeof compiled>, facts: unknown, opts: Partial<EvaluateOptions> = {}): DeviceResult =>
  evaluate(set, facts, { now: NOW, memberships: GROUPS, ...opts });
const status = (r: DeviceResult, i = 0) => r.policies[i]!.assignment?.status;

describe("exclusion wins over inclusion of the same kind", () => {
  it("a user in an included and an excluded user group is not assigned", () => {
    const set = compiled(policy("p", ['assign include group "g-users"', 'assign exclude group "g-vip" "VIPs"']));
    const bob = run(set, device({ userId: "u-bob" }));
    expect(status(bob)).toBe("notAssigned");
    expect(bob.policies[0]!.assignment!.reasons).toEqual([
      'group "Sales users" (g-users) through the primary user: excluded by group "VIPs" (g-vip)',
    ]);
    expect(bob.policies[0]!.state).toBe("notApplicable");
    expect(bob.assigned).toEqual([]);
    expect(status(run(set, device({ userId: "u-ann" })))).toBe("assigned");
  });

  it("a device in an included and an excluded device group is not assigned", () => {
    const set = compiled(policy("p", ['assign include group "g-laptops"', 'assign exclude group "g-broken"']));
    expect(status(run(set, device({ azureADDeviceId: "aad-2" })))).toBe("notAssigned");
    const one = run(set, device({ azureADDeviceId: "aad-1" }));
    expect(one.policies[0]!.assignment!.via).toEqual(['group "Sales laptops" (g-laptops) through the device']);
    expect(one.policies[0]!.state).toBe("noncompliant");
  });

  it("all devices with a device-group exclusion leaves out that group's devices", () => {
    const set = compiled(policy("p", ["assign include all devices", 'assign exclude group "g-broken"']));
    expect(status(run(set, device({ azureADDeviceId: "aad-2" })))).toBe("notAssigned");
    expect(status(run(set, device({ azureADDeviceId: "aad-9" })))).toBe("assigned");
  });
});

describe("mixed user and device targeting (Intune does not relate users to devices across an assignment)", () => {
  it("a device-group exclusion does not remove a policy that reaches the device through its user", () => {
    const set = compiled(policy("p", ['assign include group "g-users"', 'assign exclude group "g-broken"']));
    const r = run(set, device({ userId: "u-ann", azureADDeviceId: "aad-2" }));
    expect(status(r)).toBe("assigned");
    expect(r.policies[0]!.assignment!.via).toEqual(['group "Sales users" (g-users) through the primary user']);
  });

  it("a user-group exclusion does not remove a policy that reaches the device as a device-group member", () => {
    const set = compiled(policy("p", ['assign include group "g-laptops"', 'assign exclude group "g-vip"']));
    expect(status(run(set, device({ userId: "u-bob", azureADDeviceId: "aad-1" })))).toBe("assigned");
  });

  it("all users with a device-group exclusion still reaches the excluded group's devices", () => {
    const set = compiled(policy("p", ["assign include all users", 'assign exclude group "g-broken"']));
    expect(status(run(set, device({ azureADDeviceId: "aad-2" })))).toBe("assigned");
  });
});

describe("all users and all devices", () => {
  it("all users does not reach a device without a primary user; all devices does", () => {
    const users = compiled(policy("p", ["assign include all users"]));
    const devices = compiled(policy("p", ["assign include all devices"]));
    for (const userless of [device({ userId: "" }), device({ userId: "00000000-0000-0000-0000-000000000000" })]) {
      const r = run(users, userless);
      expect(status(r)).toBe("notAssigned");
      expect(r.policies[0]!.assignment!.reasons).toEqual(["all users does not reach a device without a primary user"]);
      expect(status(run(devices, userless))).toBe("assigned");
    }
    expect(status(run(users, device()))).toBe("assigned");
  });

  it("a snapshot that does not say whether the device has a user leaves all users unknown", () => {
    const users = compiled(policy("p", ["assign include all users"]));
    const facts = device();
    delete (facts as Record<string, unknown>)["userId"];
    const r = run(users, facts);
    expect(status(r)).toBe("unknown");
    expect(r.policies[0]!.state).toBe("unknown");
  });

  it("matches the user by UPN when the snapshot has no userId", () => {
    const set = compiled(policy("p", ['assign include group "g-vip"']));
    const facts = { ...device(), userId: undefined, userPrincipalName: "bob@CONTOSO.com" };
    delete (facts as Record<string, unknown>)["userId"];
    expect(status(run(set, facts))).toBe("notAssigned");
    const viaUsers = compiled(policy("p", ['assign include group "g-users"']));
    expect(status(run(viaUsers, facts))).toBe("assigned");
  });
});

describe("assignment filters are evaluated against device properties", () => {
  it("include mode assigns only matching devices and says why the others are left out", () => {
    const set = compiled(policy("p", ["assign include all devices filter include corporate"]));
    expect(status(run(set, device()))).toBe("assigned");
    const personal = run(set, device({ managedDeviceOwnerType: "personal" }));
    expect(status(personal)).toBe("notAssigned");
    expect(personal.policies[0]!.assignment!.reasons[0]).toBe(
      'filter `corporate` (include) on all devices did not match: device.deviceOwnership is "Personal", ' +
        'device.operatingSystemVersion is "10.0.22631.1"',
    );
    expect(status(run(set, device({ osVersion: "10.0.19045.1" })))).toBe("notAssigned");
  });

  it("exclude mode leaves out matching devices", () => {
    const set = compiled(policy("p", ["assign include all devices filter exclude kiosks"]));
    const kiosk = run(set, device({ enrollmentProfileName: "Kiosk-lobby" }));
    expect(status(kiosk)).toBe("notAssigned");
    expect(kiosk.policies[0]!.assignment!.reasons[0]).toBe(
      'filter `kiosks` excluded it from all devices: device.enrollmentProfileName is "Kiosk-lobby"',
    );
    expect(status(run(set, device({ enrollmentProfileName: "Autopilot" })))).toBe("assigned");
    // Reported as null by Intune: a positive operator is false, so the exclusion does not apply.
    expect(status(run(set, device({ enrollmentProfileName: null })))).toBe("assigned");
  });

  it("a filter over a fact the snapshot lacks makes the assignment unknown, not excluded", () => {
    const set = compiled(policy("p", ["assign include all devices filter exclude kiosks"]));
    const r = run(set, device());
    expect(status(r)).toBe("unknown");
    expect(r.policies[0]!.assignment!.reasons[0]).toContain(
      "device.enrollmentProfileName is missing (fact `enrollmentProfileName` not in the snapshot)",
    );
  });
});

describe("a policy reached through several paths is assigned once", () => {
  it("lists every path and evaluates the policy once", () => {
    const set = compiled(
      policy("p", ['assign include group "g-mixed"', 'assign include group "g-users"', "assign include all devices"]),
    );
    const r = run(set, device());
    expect(r.policies).toHaveLength(1);
    expect(r.policies[0]!.assignment!.via).toEqual([
      'group "Mixed" (g-mixed) through the primary user',
      'group "Mixed" (g-mixed) through the device',
      'group "Sales users" (g-users) through the primary user',
      "all devices",
    ]);
    expect(r.assigned).toEqual(["p"]);
    expect(r.actions.due.filter((a) => a.policy === "p")).toHaveLength(1);
  });
});

describe("memberships Tenet does not know", () => {
  it("a group missing from the membership data makes the assignment unknown, never not assigned", () => {
    const set = compiled(policy("p", ['assign include group "g-unknown" "Finance"']));
    const r = run(set, device());
    expect(status(r)).toBe("unknown");
    expect(r.policies[0]!.assignment!.reasons).toContain(
      'group "Finance" (g-unknown): its membership is unknown (not in the membership data)',
    );
    expect(status(run(set, device(), { memberships: undefined }))).toBe("unknown");
  });

  it("an exclusion group Tenet does not know makes an included device unknown", () => {
    const set = compiled(policy("p", ['assign include group "g-users"', 'assign exclude group "g-unknown"']));
    expect(status(run(set, device()))).toBe("unknown");
  });

  it("known exclusions still decide when the inclusion's membership is unknown", () => {
    const set = compiled(
      policy("p", [
        'assign include group "g-unknown"',
        'assign exclude group "g-vip"',
        'assign exclude group "g-laptops"',
      ]),
    );
    // Bob is excluded as a user and his laptop as a device: neither path can bring the policy.
    expect(status(run(set, device({ userId: "u-bob", azureADDeviceId: "aad-1" })))).toBe("notAssigned");
    // Another laptop is not excluded: whether the unknown group holds it is unknown.
    expect(status(run(set, device({ userId: "u-bob", azureADDeviceId: "aad-9" })))).toBe("unknown");
  });

  it("expands nested groups given as direct members, and a missing nested group leaves the parent incomplete", () => {
    const { index } = buildMembershipIndex([
      {
        id: "all-staff",
        members: [
          { "@odata.type": "#microsoft.graph.group", id: "sales" },
          { "@odata.type": "#microsoft.graph.group", id: "gone" },
        ],
      },
      {
        id: "sales",
        members: [
          { "@odata.type": "#microsoft.graph.user", id: "u-ann" },
          { "@odata.type": "#microsoft.graph.group", id: "all-staff" },
        ],
      },
    ]);
    expect(membershipOf(index, "all-staff", "user", "u-ann")).toBe("member");
    expect(membershipOf(index, "all-staff", "user", "u-zed")).toBe("unknown");
    expect(membershipOf(index, "sales", "user", "u-ann")).toBe("member");
    expect(membershipOf(index, "sales", "user", "u-zed")).toBe("unknown");
  });

  it("reports bad records and keeps the others", () => {
    const built = buildMembershipIndex([
      { id: "ok", transitiveMembers: [] },
      { displayName: "no id" },
      "text",
      { id: "ok", transitiveMembers: [] },
    ]);
    expect(built.problems).toEqual([
      { record: 2, reason: "the group has no `id`" },
      { record: 3, reason: "a group record must be a JSON object" },
      { record: 4, reason: "group `ok` appears more than once" },
    ]);
    expect(membershipOf(built.index, "ok", "user", "u")).toBe("notMember");
  });
});

describe("the default policy uses the assigned set", () => {
  it("a device with no policy assigned is noncompliant when secureByDefault is on", () => {
    const set = compiled(policy("p", ['assign include group "g-vip"']));
    const r = run(set, device(), { tenant: { secureByDefault: true } });
    expect(status(r)).toBe("notAssigned");
    expect(r.defaultPolicy).toEqual({ state: "noncompliant", failed: ["hasCompliancePolicyAssigned"] });
    expect(r.state).toBe("noncompliant");
    const off = run(set, device());
    expect(off.defaultPolicy.state).toBe("compliant");
    expect(off.state).toBe("compliant");
  });

  it("a policy without assignments keeps today's meaning: every device of its platform", () => {
    const set = compiled(policy("p", []), policy("q", ['assign include group "g-vip"']));
    const r = run(set, device());
    expect(r.policies[0]!.assignment).toBeUndefined();
    expect(r.policies[0]!.state).toBe("noncompliant");
    expect(r.assigned).toEqual(["p"]);
  });
});
