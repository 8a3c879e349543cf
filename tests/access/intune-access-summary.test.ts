import { describe, expect, it } from "vitest";
import type { CheckedAccess } from "@tenet/parser";
import { evaluateAccess } from "@tenet/evaluator";
import { accessSummary } from "@tenet/intune";
import {
  BLOCK,
  compiledAccess,
  grantAll,
  grantAny,
  MEMBER,
  NOW,
  policy,
} from "../../packages/evaluator/test-support/access-builder.js";

const summarise = (policies: CheckedAccess[], signIn: Record<string, unknown> = MEMBER, invalid: string[] = []) =>
  accessSummary(evaluateAccess(compiledAccess(policies), signIn, { now: NOW }), invalid);
const nobody = { users: { include: [{ kind: "none" as const }], exclude: [] } };

describe("accessSummary (docs/intune-mode.md 4.2)", () => {
  it("has exactly the documented keys", () => {
    expect(Object.keys(summarise([policy("p")])).sort()).toEqual([
      "accessGrantedNow",
      "applies",
      "decision",
      "invalidPolicies",
      "notApplied",
      "notEvaluated",
      "reportOnlyApplies",
      "reportOnlyResults",
      "unmetControls",
    ]);
  });

  it("sorts every policy into applies, reportOnlyApplies, notApplied or notEvaluated", () => {
    const s = summarise([
      policy("on"),
      policy("on-miss", nobody),
      policy("ro", { state: "reportOnly" }),
      policy("ro-miss", { state: "reportOnly", ...nobody }),
      policy("off", { state: "disabled" }),
    ]);
    expect(s).toMatchObject({
      applies: ["on"],
      reportOnlyApplies: ["ro"],
      notApplied: ["on-miss", "ro-miss"],
      notEvaluated: ["off"],
    });
    expect(s.reportOnlyResults).toEqual({ ro: "userActionRequired" });
  });

  it("decides block over grant, ignoring report-only blocks, with an empty unmet list when blocked", () => {
    expect(summarise([policy("a"), policy("b", { grant: BLOCK })])).toMatchObject({
      decision: "block",
      unmetControls: [],
      accessGrantedNow: false,
    });
    expect(summarise([policy("a"), policy("b", { state: "reportOnly", grant: BLOCK })])).toMatchObject({
      decision: "grant",
      reportOnlyResults: { b: "failure" },
    });
    expect(summarise([policy("a", nobody)])).toMatchObject({
      decision: "notApplied",
      accessGrantedNow: true,
      unmetControls: [],
    });
  });

  it("names unmet controls with Graph's builtInControls spelling, one entry per policy", () => {
    const s = summarise(
      [
        policy("and", { grant: grantAll("mfa", "hybridJoinedDevice", "approvedApp", "appProtection") }),
        policy("or", { grant: grantAny("compliantDevice", "hybridJoinedDevice") }),
      ],
      { ...MEMBER, device: null },
    );
    expect(s.unmetControls).toEqual([
      {
        policyId: "and",
        operator: "AND",
        controls: ["mfa", "domainJoinedDevice", "approvedApplication", "compliantApplication"],
      },
      { policyId: "or", operator: "OR", controls: ["compliantDevice", "domainJoinedDevice"] },
    ]);
    expect(s.accessGrantedNow).toBe(false);
  });

  it("grants access now when every applying policy is satisfied", () => {
    const s = summarise([policy("a", { grant: grantAll("mfa", "compliantDevice") })], {
      ...MEMBER,
      satisfied: { mfa: true },
    });
    expect(s).toMatchObject({ decision: "grant", unmetControls: [], accessGrantedNow: true });
  });

  it("lists invalid policies in invalidPolicies and in notApplied", () => {
    const s = summarise([policy("ok", nobody)], MEMBER, ["bad-filter"]);
    expect(s.invalidPolicies).toEqual(["bad-filter"]);
    expect(s.notApplied).toEqual(["ok", "bad-filter"]);
    expect(summarise([policy("ok")]).invalidPolicies).toEqual([]);
  });

  it("is plain JSON", () => {
    const s = summarise([policy("a"), policy("r", { state: "reportOnly", grant: BLOCK })]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
