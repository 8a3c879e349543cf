import { describe, expect, it } from "vitest";
import { policyStateRank, toDeviceState, worstState } from "./state-ladder.js";

describe("severity ladder", () => {
  it("orders states as Intune does", () => {
    const order = ["unknown", "notApplicable", "compliant", "inGracePeriod", "noncompliant", "error"] as const;
    order.forEach((s, i) => expect(policyStateRank(s)).toBe(i + 1));
  });
  it("follows the documented combinations", () => {
    expect(worstState(["unknown", "compliant", "inGracePeriod"])).toBe("inGracePeriod");
    expect(worstState(["unknown", "compliant"])).toBe("compliant");
    expect(worstState(["notApplicable", "compliant"])).toBe("compliant");
    expect(worstState(["compliant", "noncompliant"])).toBe("noncompliant");
    expect(worstState(["noncompliant", "error", "compliant"])).toBe("error");
  });
  it("maps notApplicable onto the device enum as compliant", () => {
    expect(toDeviceState("notApplicable")).toBe("compliant");
    expect(toDeviceState("noncompliant")).toBe("noncompliant");
  });
});
