import { describe, expect, it } from "vitest";
import * as api from "@tenet/evaluator";

describe("@tenet/evaluator public API", () => {
  it("exports the compliance pipeline and helpers", () => {
    for (const name of [
      "compile",
      "compileCondition",
      "evaluate",
      "referenceEvaluate",
      "ENGINE_VERSION",
      "worstState",
      "policyStateRank",
      "compareVersions",
      "parseVersion",
      "explainRule",
      "traceRule",
      "renderRemediation",
      "InvalidNowError",
    ]) {
      expect(api, name).toHaveProperty(name);
    }
    expect(typeof api.ENGINE_VERSION).toBe("string");
  });
  it("compares versions and combines states through the facade", () => {
    expect(api.compareVersions("10.0.22631.10000", "10.0.22631.2861")).toBe(1);
    expect(api.parseVersion("14.0")).toEqual({ ok: true, parts: [14, 0] });
    expect(api.worstState(["compliant", "inGracePeriod", "unknown"])).toBe("inGracePeriod");
  });
});
