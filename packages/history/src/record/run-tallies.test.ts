import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeviceOutcome, PolicyOutcome } from "./device-outcome.js";
import { runTallies, tallyShare, type ControlIndex } from "./run-tallies.js";

const controls: ControlIndex = {
  byPolicy: new Map([["p", ["fw:C.1", "fw:C.2"]]]),
  byRule: new Map([
    ["p.a", ["fw:C.1"]],
    ["p.b", ["fw:C.2"]],
  ]),
};
const device = (policy: PolicyOutcome): DeviceOutcome => ({
  state: "compliant",
  policies: [policy],
  defaultFailed: [],
  actions: { due: [], pending: [] },
  waivers: [],
  next: {} as DeviceOutcome["next"],
});
const rule = (name: string, status: "fail" | "error" | "unknown" | "waived") => ({ rule: name, status, reasons: [] });

describe("runTallies by control", () => {
  it("counts a device as `tenet report` does: failing, erring and unknown rules fail, waived ones apart", () => {
    const tallies = runTallies(
      [
        device({ policy: "p", state: "compliant", failing: [] }),
        device({ policy: "p", state: "compliant", failing: [rule("a", "waived")] }),
        device({ policy: "p", state: "unknown", failing: [rule("a", "unknown"), rule("b", "waived")] }),
        device({ policy: "p", state: "error", failing: [rule("a", "error"), rule("b", "fail")] }),
        device({ policy: "p", state: "notApplicable", failing: [] }),
      ],
      controls,
    ).filter((t) => t.dimension === "control");
    const of = (key: string) =>
      Object.fromEntries(tallies.filter((t) => t.key === key).map((t) => [t.state, t.devices]));
    expect(of("fw:C.1")).toEqual({ pass: 1, waived: 1, fail: 2 });
    expect(of("fw:C.2")).toEqual({ pass: 2, waived: 1, fail: 1 });
  });
});

describe("tallyShare", () => {
  it("gives each device the share made from it alone, however many devices came before with the same parts", () => {
    const statuses = ["fail", "error", "unknown", "waived", "pass", "notApplicable"] as const;
    const outcome = fc.record({
      platform: fc.constantFrom("Windows", "macOS", "", undefined),
      state: fc.constantFrom("compliant", "noncompliant"),
      policies: fc.array(
        fc.record({
          policy: fc.constantFrom("p", "q"),
          state: fc.constantFrom("compliant", "noncompliant", "notApplicable", "error"),
          // A rule named as a policy, failing with a policy's state: its parts must not read as the next policy's.
          failing: fc.array(fc.record({ rule: fc.constantFrom("a", "b", "q"), status: fc.constantFrom(...statuses) }), {
            maxLength: 2,
          }),
        }),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 40 }), (parts) => {
        const outcomes = parts.map(({ platform, ...o }) => ({
          ...device({ policy: "p", state: "compliant", failing: [] }),
          ...(platform === undefined ? {} : { platform }),
          ...o,
          policies: o.policies.map((p) => ({ ...p, failing: p.failing.map((r) => ({ ...r, reasons: [] })) })),
        })) as DeviceOutcome[];
        const index: ControlIndex = { byPolicy: controls.byPolicy, byRule: controls.byRule };
        // A control index of its own for each device: nothing made before is found again.
        const alone = outcomes.map((o) => tallyShare(o, { ...index }));
        expect(outcomes.map((o) => tallyShare(o, index))).toEqual(alone);
      }),
      { numRuns: 200 },
    );
  });

  it("tells a failing rule named as a policy from that policy", () => {
    const index: ControlIndex = { byPolicy: controls.byPolicy, byRule: controls.byRule };
    const ruleQ = { ...device({ policy: "p", state: "error", failing: [rule("q", "error")] }) };
    const policyQ = {
      ...device({ policy: "p", state: "error", failing: [] }),
      policies: [
        { policy: "p", state: "error" as const, failing: [] },
        { policy: "q", state: "error" as const, failing: [] },
      ],
    };
    expect(tallyShare(ruleQ, index)).not.toBe(tallyShare(policyQ, index));
    expect(tallyShare(policyQ, index)).toBe(tallyShare(policyQ, { ...index }));
  });
});
