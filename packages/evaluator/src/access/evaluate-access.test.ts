import { describe, expect, it } from "vitest";
import type { CheckedAccess } from "@tenet/parser";
import {
  BLOCK,
  compiledAccess,
  grantAll,
  grantAny,
  MEMBER,
  NOW,
  policy,
  SESSION_ONLY,
} from "../../test-support/access-builder.js";
import { evaluateAccess } from "./evaluate-access.js";

const decide = (policies: CheckedAccess[], signIn: Record<string, unknown> = MEMBER) =>
  evaluateAccess(compiledAccess(policies), signIn, { now: NOW });
const si = (over: Record<string, unknown>) => ({ ...MEMBER, ...over });
const unmet = (grant: CheckedAccess["grant"], signIn: Record<string, unknown> = MEMBER) =>
  decide([policy("p", { grant })], signIn).policies[0]!.unmet;

describe("policy states", () => {
  it("does not evaluate disabled policies, even ones whose conditions would block", () => {
    const d = decide([policy("off", { state: "disabled", grant: BLOCK })]);
    expect(d.decision).toBe("notApplied");
    expect(d.policies).toEqual([
      { policy: "off", title: "off title", state: "disabled", grant: "block", applies: false, unmet: [] },
    ]);
  });

  it("evaluates report-only policies but never enforces them", () => {
    const d = decide(
      [
        policy("ro-block", { state: "reportOnly", grant: BLOCK }),
        policy("ro-device", { state: "reportOnly", grant: grantAll("compliantDevice") }),
      ],
      si({ device: null }),
    );
    expect([d.decision, d.accessGrantedNow, d.unmetControls]).toEqual(["notApplied", true, []]);
    expect(d.policies.map((p) => [p.policy, p.applies, p.reportOnlyResult])).toEqual([
      ["ro-block", true, "failure"],
      ["ro-device", true, "failure"],
    ]);
  });

  it("gives report-only results: failure for block or a non-interactive control, userActionRequired for prompts only, success otherwise", () => {
    const ro = (grant: CheckedAccess["grant"], signIn: Record<string, unknown> = MEMBER) =>
      decide([policy("r", { state: "reportOnly", grant })], signIn).policies[0]!.reportOnlyResult;
    expect(ro(grantAll("mfa", { kind: "termsOfUse", id: "t" }))).toBe("userActionRequired");
    for (const c of ["compliantDevice", "hybridJoinedDevice", "approvedApp", "appProtection"] as const)
      expect(ro(grantAll("mfa", c), si({ device: null })), c).toBe("failure");
    expect(ro(grantAll("mfa"), si({ satisfied: { mfa: true } }))).toBe("success");
    expect(ro(SESSION_ONLY)).toBe("success");
    expect(
      decide([policy("r", { state: "reportOnly", users: { include: [{ kind: "none" }], exclude: [] } })]).policies[0],
    ).not.toHaveProperty("reportOnlyResult");
  });
});

describe("decision", () => {
  it("blocks when any enforced applying policy blocks, with no unmet controls and no session", () => {
    const d = decide([policy("mfa", { session: { signInFrequency: 3_600_000 } }), policy("blk", { grant: BLOCK })]);
    expect([d.decision, d.accessGrantedNow, d.unmetControls, d.session]).toEqual(["block", false, [], {}]);
  });

  it("grants when enforced policies apply; access is granted now only when nothing is unmet", () => {
    expect(decide([policy("p")])).toMatchObject({
      decision: "grant",
      accessGrantedNow: false,
      unmetControls: [{ policy: "p", operator: "AND", controls: ["mfa"] }],
    });
    expect(decide([policy("p")], si({ satisfied: { mfa: true } }))).toMatchObject({
      decision: "grant",
      accessGrantedNow: true,
      unmetControls: [],
    });
  });

  it("is notApplied (and granted) when no enforced policy applies", () => {
    const d = decide([policy("p", { users: { include: [{ kind: "group", id: "admins" }], exclude: [] } })]);
    expect([d.decision, d.accessGrantedNow]).toEqual(["notApplied", true]);
  });

  it("requires every applying policy: one unmet entry per policy", () => {
    const d = decide([
      policy("a", { grant: grantAll("mfa") }),
      policy("b", { grant: grantAll("compliantDevice") }),
      policy("c", { grant: grantAll("hybridJoinedDevice") }),
    ]);
    expect(d.unmetControls).toEqual([
      { policy: "a", operator: "AND", controls: ["mfa"] },
      { policy: "c", operator: "AND", controls: ["hybridJoinedDevice"] },
    ]);
  });

  it("adds no grant requirement for session-only policies", () => {
    const d = decide([policy("s", { grant: SESSION_ONLY, session: { persistentBrowser: "never" } })]);
    expect([d.decision, d.accessGrantedNow, d.unmetControls, d.session]).toEqual([
      "grant",
      true,
      [],
      { persistentBrowser: "never" },
    ]);
  });
});

describe("grant controls", () => {
  it("AND lists the unsatisfied controls in Entra's prompt order", () => {
    const all = grantAll(
      { kind: "termsOfUse", id: "t" },
      "passwordChange",
      "appProtection",
      "approvedApp",
      "hybridJoinedDevice",
      "compliantDevice",
      { kind: "authenticationStrength", id: "s" },
      "mfa",
    );
    expect(unmet(all, si({ device: null, satisfied: {} }))).toEqual([
      "mfa",
      "authenticationStrength",
      "compliantDevice",
      "hybridJoinedDevice",
      "approvedApp",
      "appProtection",
      "passwordChange",
      "termsOfUse",
    ]);
  });

  it("OR is met by any one control; when none is met all are listed", () => {
    expect(unmet(grantAny("mfa", "compliantDevice"))).toEqual([]);
    expect(unmet(grantAny("hybridJoinedDevice", "mfa"))).toEqual(["mfa", "hybridJoinedDevice"]);
    expect(decide([policy("p", { grant: grantAny("hybridJoinedDevice", "mfa") })]).unmetControls).toEqual([
      { policy: "p", operator: "OR", controls: ["mfa", "hybridJoinedDevice"] },
    ]);
  });

  it("derives device controls from the device: isCompliant === true, trustType ServerAD; neither for an unregistered device", () => {
    const device = grantAll("compliantDevice", "hybridJoinedDevice");
    expect(unmet(device, si({ device: { isCompliant: true, trustType: "ServerAD" } }))).toEqual([]);
    expect(unmet(device, si({ device: { isCompliant: "true", trustType: "AzureAD" } }))).toEqual([
      "compliantDevice",
      "hybridJoinedDevice",
    ]);
    expect(unmet(device, si({ device: null }))).toEqual(["compliantDevice", "hybridJoinedDevice"]);
    const { device: _, ...noDevice } = MEMBER;
    expect(unmet(device, noDevice)).toEqual(["compliantDevice", "hybridJoinedDevice"]);
  });

  it("reads the other controls from signIn.satisfied", () => {
    const rest = grantAll(
      "mfa",
      "approvedApp",
      "appProtection",
      "passwordChange",
      { kind: "termsOfUse", id: "t1" },
      { kind: "authenticationStrength", id: "phish" },
    );
    const satisfied = {
      mfa: true,
      approvedApplication: true,
      compliantApplication: true,
      passwordChange: true,
      termsOfUse: ["t1"],
      authenticationStrengths: ["phish"],
    };
    expect(unmet(rest, si({ satisfied }))).toEqual([]);
    expect(unmet(rest, si({ satisfied: { ...satisfied, termsOfUse: ["t2"], mfa: "yes" } }))).toEqual([
      "mfa",
      "termsOfUse",
    ]);
    expect(unmet(rest, si({ satisfied: undefined }))).toEqual([
      "mfa",
      "authenticationStrength",
      "approvedApp",
      "appProtection",
      "passwordChange",
      "termsOfUse",
    ]);
  });
});

describe("legacy authentication clients", () => {
  const legacy = ["exchangeActiveSync", "other"] as const;
  const everything = {
    mfa: true,
    passwordChange: true,
    termsOfUse: ["t1"],
    authenticationStrengths: ["phish"],
    approvedApplication: true,
    compliantApplication: true,
  };

  it("never satisfy MFA, an authentication strength, a password change or terms of use, whatever `satisfied` says", () => {
    const interactive = grantAll("mfa", { kind: "authenticationStrength", id: "phish" }, "passwordChange", {
      kind: "termsOfUse",
      id: "t1",
    });
    for (const clientAppType of legacy) {
      const d = decide([policy("p", { grant: interactive })], si({ clientAppType, satisfied: everything }));
      expect([d.decision, d.accessGrantedNow], clientAppType).toEqual(["grant", false]);
      expect(d.unmetControls).toEqual([
        { policy: "p", operator: "AND", controls: ["mfa", "authenticationStrength", "passwordChange", "termsOfUse"] },
      ]);
      expect(d.policies[0]).toMatchObject({
        applies: true,
        unsatisfiable: ["mfa", "authenticationStrength", "passwordChange", "termsOfUse"],
      });
    }
  });

  it("say why in the policy's detail", () => {
    const p = decide([policy("p")], si({ clientAppType: "exchangeActiveSync", satisfied: { mfa: true } })).policies[0]!;
    expect(p).toMatchObject({ applies: true, unmet: ["mfa"], unsatisfiable: ["mfa"] });
    expect(p.detail).toBe(
      "`mfa` cannot be satisfied over the legacy authentication client `exchangeActiveSync`: legacy " +
        "protocols cannot do multifactor authentication or show an interactive prompt",
    );
  });

  it("still satisfy device and app controls, so an OR with one of them can be met", () => {
    const d = decide(
      [policy("p", { grant: grantAny("mfa", "compliantDevice") })],
      si({ clientAppType: "other", satisfied: { mfa: true } }),
    );
    expect([d.accessGrantedNow, d.policies[0]!.unmet]).toEqual([true, []]);
    expect(d.policies[0]).not.toHaveProperty("unsatisfiable");
    const device = decide(
      [policy("p", { grant: grantAll("compliantDevice", "approvedApp") })],
      si({ clientAppType: "other", satisfied: everything }),
    );
    expect(device.accessGrantedNow).toBe(true);
    expect(device.policies[0]).not.toHaveProperty("detail");
    const neither = decide(
      [policy("p", { grant: grantAny("mfa", "compliantDevice") })],
      si({ clientAppType: "other", device: null, satisfied: { mfa: true } }),
    ).policies[0]!;
    expect([neither.unmet, neither.unsatisfiable]).toEqual([["mfa", "compliantDevice"], ["mfa"]]);
  });

  it("make a report-only MFA policy a failure, not a prompt", () => {
    const ro = decide(
      [policy("r", { state: "reportOnly" })],
      si({ clientAppType: "exchangeActiveSync", satisfied: { mfa: false } }),
    ).policies[0]!;
    expect(ro.reportOnlyResult).toBe("failure");
  });

  it("leave modern clients alone: a browser or desktop app with MFA done is granted", () => {
    for (const clientAppType of ["browser", "mobileAppsAndDesktopClients"]) {
      const d = decide([policy("p")], si({ clientAppType, satisfied: { mfa: true } }));
      expect([d.decision, d.accessGrantedNow, d.unmetControls], clientAppType).toEqual(["grant", true, []]);
      expect(d.policies[0]).not.toHaveProperty("unsatisfiable");
      expect(d.policies[0]).not.toHaveProperty("detail");
    }
    const { clientAppType: _, ...unreported } = si({ satisfied: { mfa: true } });
    expect(decide([policy("p")], unreported).accessGrantedNow).toBe(true);
    expect(
      decide([policy("r", { state: "reportOnly" })], si({ satisfied: { mfa: false } })).policies[0]!.reportOnlyResult,
    ).toBe("userActionRequired");
  });
});

describe("session controls", () => {
  it("combines the enforced applying policies' sessions to the most restrictive", () => {
    const d = decide([
      policy("a", {
        grant: SESSION_ONLY,
        session: {
          signInFrequency: 12 * 3_600_000,
          persistentBrowser: "always",
          continuousAccessEvaluation: "disabled",
        },
      }),
      policy("b", {
        grant: SESSION_ONLY,
        session: { signInFrequency: 4 * 3_600_000, persistentBrowser: "never", appEnforcedRestrictions: true },
      }),
      policy("c", { grant: SESSION_ONLY, session: { continuousAccessEvaluation: "strict" } }),
      policy("ro", { state: "reportOnly", grant: SESSION_ONLY, session: { signInFrequency: "everyTime" } }),
      policy("na", {
        grant: SESSION_ONLY,
        users: { include: [{ kind: "none" }], exclude: [] },
        session: { signInFrequency: 3_600_000 },
      }),
    ]);
    expect(d.session).toEqual({
      signInFrequency: 4 * 3_600_000,
      persistentBrowser: "never",
      appEnforcedRestrictions: true,
      continuousAccessEvaluation: "strict",
    });
  });

  it("lets everyTime beat any frequency", () => {
    const d = decide([
      policy("a", { session: { signInFrequency: "everyTime" } }),
      policy("b", { session: { signInFrequency: 3_600_000 } }),
    ]);
    expect(d.session).toEqual({ signInFrequency: "everyTime" });
  });
});

describe("result envelope", () => {
  it("records the instant, policy-set hash and engine version, and is deterministic", () => {
    const compiled = compiledAccess([policy("p")]);
    const a = evaluateAccess(compiled, MEMBER, { now: new Date(NOW) });
    expect(a.now).toBe("2026-11-25T12:00:00.000Z");
    expect(a.policySetHash).toBe("test-hash");
    expect(a.engineVersion).toMatch(/^\d+\.\d+/);
    expect(evaluateAccess(compiled, MEMBER, { now: NOW })).toEqual(a);
  });

  it("treats a sign-in that is not an object as one with nothing configured", () => {
    const compiled = compiledAccess([policy("p", { clientAppTypes: ["browser"] }), policy("q")]);
    for (const signIn of [null, 42, "x", []]) {
      const d = evaluateAccess(compiled, signIn, { now: NOW });
      expect(d.policies.map((p) => [p.applies, p.reason])).toEqual([
        [false, "clientApps"],
        [true, undefined],
      ]);
    }
  });
});
