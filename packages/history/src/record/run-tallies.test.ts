import { describe, expect, it } from "vitest";
import type { DeviceOutcome, PolicyOutcome } from "./device-outcome.js";
import { runTallies, type ControlIndex } from "./run-tallies.js";

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
