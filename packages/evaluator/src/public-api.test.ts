import { describe, expect, it } from "vitest";
import { parseInstant } from "@tenet/parser";
import * as api from "@tenet/evaluator";
import * as testing from "@tenet/evaluator/testing";

describe("@tenet/evaluator public API", () => {
  it("exports the pipeline, the one-call helpers and what embedders read, and no more", () => {
    expect(Object.keys(api).sort()).toEqual([
      "CompileError",
      "ENGINE_VERSION",
      "EvalEnv",
      "InvalidNowError",
      "REDACTED",
      "analyzeAccess",
      "buildMembershipIndex",
      "clearNotReported",
      "compareAccess",
      "compareVersions",
      "compile",
      "compileCondition",
      "evaluate",
      "evaluateAccess",
      "evaluateIntuneFilter",
      "evaluateSources",
      "factsRead",
      "lookupPath",
      "notReportedByProperty",
      "policyStateRank",
      "prepare",
      "prepareAccess",
      "redactPersonal",
      "renderExpr",
      "worstState",
    ]);
    expect(Object.keys(testing)).toEqual(["referenceEvaluate"]);
  });
  it("evaluates and compares through the facade", () => {
    const sources = [
      {
        path: "p.tenet",
        text: 'compliance p {\n  platform windows\n  rule os { require device.osVersion >= "10.0.19045" }\n}',
      },
    ];
    const device = { operatingSystem: "Windows", osVersion: "10.0.19044" };
    const quick = api.evaluateSources(sources, device, { now: "2026-11-25T12:00:00Z" });
    expect(quick.value?.state).toBe("noncompliant");
    expect(api.compareVersions("10.0.22631.10000", "10.0.22631.2861")).toBe(1);
    expect(api.worstState(["compliant", "inGracePeriod", "unknown"])).toBe("inGracePeriod");
    expect(parseInstant("2026-11-25T12:00:00Z").value).toBeDefined();
  });
});
