import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicySources, type CheckedPolicySet } from "@tenet/parser";
import { exportIntune } from "./export/export-intune.js";
import { filterId } from "./export/assignments.js";
import { importIntune } from "./import/import-intune.js";

const FILTER_ID = "f1111111-0000-4000-8000-000000000001";
const filter = (over: Record<string, unknown> = {}) => ({
  "@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
  id: FILTER_ID,
  displayName: "Corporate Windows",
  platform: "windows10AndLater",
  rule: '(device.deviceOwnership -eq "Corporate") and (device.operatingSystemVersion -ge 10.0.22000)',
  assignmentFilterManagementType: "devices",
  ...over,
});
const target = (type: string, over: Record<string, unknown> = {}) => ({
  target: {
    "@odata.type": `#microsoft.graph.${type}`,
    deviceAndAppManagementAssignmentFilterId: null,
    deviceAndAppManagementAssignmentFilterType: "none",
    ...over,
  },
});
const policy = (assignments: unknown[]) => ({
  "@odata.type": "#microsoft.graph.windows10CompliancePolicy",
  id: "p1",
  displayName: "Windows baseline",
  bitLockerEnabled: true,
  assignments,
});

function load(files: { path: string; text: string }[]): CheckedPolicySet {
  const loaded = loadPolicySources(files);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return loaded.value;
}
/** What a round trip must keep: each policy's assignments and each filter, by name. */
const view = (set: CheckedPolicySet) => ({
  assignments: set.compliance.map((p) => [p.name, p.assignments]),
  filters: set.filters.map((f) => [f.name, f.title, f.platform, f.rule, f.description]),
});

describe("Graph assignments and assignment filters", () => {
  it("imports every target kind with its filter, filters as declarations", () => {
    const r = importIntune(
      [
        filter(),
        policy([
          target("groupAssignmentTarget", {
            groupId: "g-fin",
            deviceAndAppManagementAssignmentFilterId: FILTER_ID,
            deviceAndAppManagementAssignmentFilterType: "include",
          }),
          target("exclusionGroupAssignmentTarget", { groupId: "g-leavers" }),
          target("allDevicesAssignmentTarget", {
            deviceAndAppManagementAssignmentFilterId: FILTER_ID,
            deviceAndAppManagementAssignmentFilterType: "exclude",
          }),
          target("allLicensedUsersAssignmentTarget", {
            deviceAndAppManagementAssignmentFilterId: "00000000-0000-0000-0000-000000000000",
          }),
        ]),
      ],
      { file: "tenant.json" },
    );
    expect(r.diagnostics).toEqual([]);
    const text = r.files[0]!.text;
    expect(text).toContain(
      'filter corporate-windows "Corporate Windows" {\n  platform windows\n  rule ' +
        '"(device.deviceOwnership -eq \\"Corporate\\") and (device.operatingSystemVersion -ge 10.0.22000)"\n}',
    );
    expect(text).toContain(
      '  assign include group "g-fin" filter include corporate-windows\n  assign exclude group ' +
        '"g-leavers"\n  assign include all devices filter exclude corporate-windows\n  assign include all ' +
        "users\n",
    );
    expect(load(r.files).compliance[0]!.assignments).toHaveLength(4);
  });

  it("finds a policy's filter in another export file (a pulled directory keeps them apart)", () => {
    const r = importIntune([
      {
        file: "compliance-policies.json",
        objects: [
          policy([
            target("allDevicesAssignmentTarget", {
              deviceAndAppManagementAssignmentFilterId: FILTER_ID,
              deviceAndAppManagementAssignmentFilterType: "include",
            }),
          ]),
        ],
      },
      { file: "assignment-filters.json", objects: [filter()] },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(load(r.files).compliance[0]!.assignments).toEqual([
      { mode: "include", target: { kind: "allDevices" }, filter: { mode: "include", name: "corporate-windows" } },
    ]);
  });

  it("warns about targets and filters it cannot carry over, and never widens an assignment", () => {
    const r = importIntune(
      [
        filter({ id: "app-filter", displayName: "Apps", assignmentFilterManagementType: "apps" }),
        policy([
          target("configurationManagerCollectionAssignmentTarget", { collectionId: "c1" }),
          target("groupAssignmentTarget", {
            groupId: "g-x",
            deviceAndAppManagementAssignmentFilterId: "missing",
            deviceAndAppManagementAssignmentFilterType: "include",
          }),
          target("groupAssignmentTarget", { groupId: "g-y" }),
        ]),
      ],
      { file: "tenant.json" },
    );
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["CP5012", "`assignment filter `Apps` for managed apps` is not supported"],
      [
        "CP5013",
        "setting `assignments[0] (target `configurationManagerCollectionAssignmentTarget`)` of `Windows " +
          "baseline` cannot be expressed in Tenet yet and was not imported",
      ],
      [
        "CP5013",
        "setting `assignments[1] (assignment filter `missing` is not in the import)` of `Windows " +
          "baseline` cannot be expressed in Tenet yet and was not imported",
      ],
    ]);
    expect(load(r.files).compliance[0]!.assignments).toEqual([
      { mode: "include", target: { kind: "group", id: "g-y" } },
    ]);
  });

  it("exports assignments and filters as Graph writes them", () => {
    const set = load([
      {
        path: "p.tenet",
        text: `filter kiosks "Kiosks" {
  platform windows
  rule "device.enrollmentProfileName -startsWith \\"Kiosk\\""
}
compliance w "W" {
  platform windows
  assign include all devices filter exclude kiosks
  assign exclude group "g-1" "Leavers"
  rule bitLockerEnabled "BitLocker" { require device.deviceHealthAttestationState.bitLockerStatus == "enabled" remediation "x" }
}`,
      },
    ]);
    const out = exportIntune(set);
    expect(out.objects[0]!["assignments"]).toEqual([
      {
        "@odata.type": "#microsoft.graph.deviceCompliancePolicyAssignment",
        target: {
          "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget",
          deviceAndAppManagementAssignmentFilterId: filterId("kiosks"),
          deviceAndAppManagementAssignmentFilterType: "exclude",
        },
      },
      {
        "@odata.type": "#microsoft.graph.deviceCompliancePolicyAssignment",
        target: {
          "@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget",
          groupId: "g-1",
          deviceAndAppManagementAssignmentFilterId: null,
          deviceAndAppManagementAssignmentFilterType: "none",
        },
      },
    ]);
    expect(out.objects[1]).toEqual({
      "@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
      id: filterId("kiosks"),
      displayName: "Kiosks",
      platform: "windows10AndLater",
      rule: 'device.enrollmentProfileName -startsWith "Kiosk"',
      assignmentFilterManagementType: "devices",
    });
  });

  it("round trip: import, export, import keeps assignments and filters (fast-check)", () => {
    const GROUPS = ["g-1", "g-2", "g-3"];
    const filterArb = fc.record({
      id: fc.uuid(),
      displayName: fc.constantFrom("Corporate", "Kiosks", "Surface devices"),
      platform: fc.constantFrom("windows10AndLater"),
      rule: fc.constantFrom(
        'device.deviceOwnership -eq "Corporate"',
        'device.model -startsWith "Surface" or device.manufacturer -eq "Microsoft"',
        "device.operatingSystemVersion -lt 10.0.22000",
      ),
      description: fc.option(fc.constantFrom("Company-owned", "Lobby screens"), { nil: undefined }),
    });
    const arb = fc.uniqueArray(filterArb, { maxLength: 3, selector: (f) => f.displayName }).chain((filters) =>
      fc
        .uniqueArray(
          fc.record({
            type: fc.constantFrom(
              "groupAssignmentTarget",
              "exclusionGroupAssignmentTarget",
              "allLicensedUsersAssignmentTarget",
              "allDevicesAssignmentTarget",
            ),
            group: fc.constantFrom(...GROUPS),
            filter:
              filters.length === 0
                ? fc.constant(undefined)
                : fc.option(
                    fc.tuple(fc.constantFrom(...filters.map((f) => f.id)), fc.constantFrom("include", "exclude")),
                    { nil: undefined },
                  ),
          }),
          {
            maxLength: 5,
            selector: (a) =>
              a.type.endsWith("GroupAssignmentTarget") || a.type === "groupAssignmentTarget" ? a.group : a.type,
          },
        )
        .map((assignments) => ({ filters, assignments })),
    );
    fc.assert(
      fc.property(arb, ({ filters, assignments }) => {
        const graph = [
          ...filters.map((f) => filter({ ...f, ...(f.description === undefined ? { description: undefined } : {}) })),
          policy(
            assignments.map((a) =>
              target(a.type, {
                ...(a.type.includes("roup") ? { groupId: a.group } : {}),
                ...(a.filter === undefined || a.type === "exclusionGroupAssignmentTarget"
                  ? {}
                  : {
                      deviceAndAppManagementAssignmentFilterId: a.filter[0],
                      deviceAndAppManagementAssignmentFilterType: a.filter[1],
                    }),
              }),
            ),
          ),
        ];
        const first = importIntune(graph, { file: "x.json" });
        expect(first.diagnostics).toEqual([]);
        const checked = load(first.files);
        const exported = exportIntune(checked);
        expect(exported.diagnostics).toEqual([]);
        const again = load(importIntune(exported.objects, { file: "x.json" }).files);
        expect(view(again)).toEqual(view(checked));
        expect(checked.compliance[0]!.assignments ?? []).toHaveLength(assignments.length);
      }),
      { numRuns: 100, seed: 1414 },
    );
  });
});
