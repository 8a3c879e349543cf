import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CheckedAssignment, CheckedFilter, IntuneFilterExpr } from "@tenet/parser";
import { buildMembershipIndex } from "./membership-index.js";
import { resolveAssignments, type DeviceIdentity } from "./resolve-assignments.js";

const RUNS = { numRuns: 300, seed: 1414 };
const USERS = ["u1", "u2", "u3"];
const DEVICES = ["d1", "d2", "d3"];
const GROUPS = ["g1", "g2", "g3", "g4"];

/** Groups with random members; a group left out of the records is unknown to Tenet. */
const memberships = fc
  .array(
    fc.record({
      id: fc.constantFrom(...GROUPS),
      users: fc.subarray(USERS),
      devices: fc.subarray(DEVICES),
    }),
    { maxLength: 4 },
  )
  .map((groups) => {
    const seen = new Set<string>();
    const records = groups
      .filter((g) => !seen.has(g.id) && seen.add(g.id))
      .map((g) => ({
        id: g.id,
        transitiveMembers: [
          ...g.users.map((id) => ({ "@odata.type": "#microsoft.graph.user", id })),
          ...g.devices.map((deviceId) => ({ "@odata.type": "#microsoft.graph.device", id: `o-${deviceId}`, deviceId })),
        ],
      }));
    return buildMembershipIndex(records).index;
  });

const identity: fc.Arbitrary<DeviceIdentity> = fc.record({
  user: fc.oneof(fc.constantFrom(...USERS), fc.constant(null), fc.constant(undefined)),
  device: fc.oneof(fc.constantFrom(...DEVICES), fc.constant(undefined)),
});

const PROPERTIES = ["deviceOwnership", "manufacturer", "enrollmentProfileName"] as const;
const VALUES = ["Corporate", "Personal", "Contoso", "Kiosk"];
const FACT: Record<(typeof PROPERTIES)[number], string> = {
  deviceOwnership: "managedDeviceOwnerType",
  manufacturer: "manufacturer",
  enrollmentProfileName: "enrollmentProfileName",
};

const filterExpr: fc.Arbitrary<IntuneFilterExpr> = fc.letrec<{ e: IntuneFilterExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc
      .record({
        kind: fc.constant("compare" as const),
        property: fc.constantFrom(...PROPERTIES),
        operator: fc.constantFrom(
          "eq" as const,
          "ne" as const,
          "startsWith" as const,
          "contains" as const,
          "notContains" as const,
        ),
        value: fc.oneof(fc.constantFrom(...VALUES), fc.constant(null)),
      })
      .map((c) =>
        c.value === null && c.operator !== "eq" && c.operator !== "ne" ? { ...c, operator: "eq" as const } : c,
      ),
    fc.record({ kind: fc.constantFrom("and" as const, "or" as const), left: tie("e"), right: tie("e") }),
    fc.record({ kind: fc.constant("not" as const), operand: tie("e") }),
  ),
})).e;

/** Device facts: each filter property present, null, or absent (unknown to Tenet). */
const facts = fc.record(
  Object.fromEntries(
    PROPERTIES.map((p) => [FACT[p], fc.oneof(fc.constantFrom("company", "personal", ...VALUES), fc.constant(null))]),
  ),
  { requiredKeys: [] },
);

const target = fc.oneof(
  fc.constantFrom(...GROUPS).map((id) => ({ kind: "group" as const, id })),
  fc.constant({ kind: "allUsers" as const }),
  fc.constant({ kind: "allDevices" as const }),
);
const assignments = fc.uniqueArray(
  fc.oneof(
    target.map((t): CheckedAssignment => ({ mode: "include", target: t })),
    fc.constantFrom(...GROUPS).map((id): CheckedAssignment => ({ mode: "exclude", target: { kind: "group", id } })),
  ),
  { maxLength: 5, selector: (a) => JSON.stringify(a.target) },
);

const filterOf = (name: string, ast: IntuneFilterExpr): CheckedFilter => ({
  name,
  title: name,
  platform: "windows",
  rule: "",
  ast,
});
const NO_FILTERS = new Map<string, CheckedFilter>();

describe("assignment resolution properties", () => {
  it("adding an exclusion never adds an assigned policy", () => {
    fc.assert(
      fc.property(
        assignments,
        fc.constantFrom(...GROUPS),
        memberships,
        identity,
        facts,
        (list, extra, index, who, device) => {
          if (list.some((a) => a.target.kind === "group" && a.target.id === extra)) return;
          const before = resolveAssignments(list, NO_FILTERS, index, who, device, new Map());
          const after = resolveAssignments(
            [...list, { mode: "exclude", target: { kind: "group", id: extra } }],
            NO_FILTERS,
            index,
            who,
            device,
            new Map(),
          );
          if (before.status !== "assigned") expect(after.status).not.toBe("assigned");
          if (before.status === "notAssigned") expect(after.status).toBe("notAssigned");
          for (const path of after.via) expect(before.via).toContain(path);
        },
      ),
      RUNS,
    );
  });

  it("a filter in exclude mode and the same rule negated in include mode agree", () => {
    fc.assert(
      fc.property(assignments, filterExpr, memberships, identity, facts, (list, ast, index, who, device) => {
        const filters = new Map([
          ["f", filterOf("f", ast)],
          ["not-f", filterOf("not-f", { kind: "not", operand: ast })],
        ]);
        const withFilter = (mode: "include" | "exclude", name: string) =>
          list.map((a): CheckedAssignment => (a.mode === "include" ? { ...a, filter: { mode, name } } : a));
        const excluded = resolveAssignments(withFilter("exclude", "f"), filters, index, who, device, new Map());
        const negated = resolveAssignments(withFilter("include", "not-f"), filters, index, who, device, new Map());
        expect(negated.status).toBe(excluded.status);
        expect(negated.via.length).toBe(excluded.via.length);
      }),
      RUNS,
    );
  });
});
