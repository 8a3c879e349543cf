import { describe, expect, it } from "vitest";
import type { CheckedAccess } from "@tenet/parser";
import { compiledAccess, entra, MEMBER, NOW, policy } from "../../test-support/access-builder.js";
import { SetBuilder, T_BOOL } from "../../test-support/checked-set-builder.js";
import { evaluateAccess } from "./evaluate-access.js";

type Over = Partial<Omit<CheckedAccess, "decl" | "name">>;
/** The evaluation of one policy against `signIn`: [applies, reason, detail]. */
function one(over: Over, signIn: Record<string, unknown> = MEMBER) {
  const d = evaluateAccess(compiledAccess([policy("p", over)]), signIn, { now: NOW });
  const p = d.policies[0]!;
  return [p.applies, p.reason, p.detail] as const;
}
const applies = (over: Over, signIn: Record<string, unknown> = MEMBER) => one(over, signIn)[0];
const reason = (over: Over, signIn: Record<string, unknown> = MEMBER) => one(over, signIn)[1];
const si = (over: Record<string, unknown>) => ({ ...MEMBER, ...over });

describe("users", () => {
  it("matches by id, transitive group and role; all users includes guests; none matches nobody", () => {
    expect(applies({ users: { include: [{ kind: "user", id: "u1" }], exclude: [] } })).toBe(true);
    expect(one({ users: { include: [{ kind: "user", id: "u2" }], exclude: [] } })).toEqual([
      false,
      "users",
      "the user is not included",
    ]);
    expect(applies({ users: { include: [{ kind: "group", id: "staff" }], exclude: [] } })).toBe(true);
    expect(applies({ users: { include: [{ kind: "role", id: "ga" }], exclude: [] } }, si({ roles: ["ga"] }))).toBe(
      true,
    );
    expect(reason({ users: { include: [{ kind: "role", id: "ga" }], exclude: [] } })).toBe("users");
    expect(applies({}, si({ user: { id: "g1", userType: "guest" } }))).toBe(true);
    expect(reason({ users: { include: [{ kind: "none" }], exclude: [] } })).toBe("users");
  });

  it("lets exclude beat include and names the excluding selector", () => {
    expect(one({ users: { include: [{ kind: "all" }], exclude: [{ kind: "group", id: "staff" }] } })).toEqual([
      false,
      "users",
      "the user is excluded by `group staff`",
    ]);
    expect(reason({ users: { include: [{ kind: "user", id: "u1" }], exclude: [{ kind: "user", id: "u1" }] } })).toBe(
      "users",
    );
  });

  const guests = (types: string[]): Over => ({
    users: { include: [{ kind: "guests", types: types as never }], exclude: [] },
  });

  it("matches guests, optionally by guest type, and excludes them", () => {
    const guest = si({ user: { id: "g1", userType: "guest", guestType: "b2bCollaborationGuest" } });
    expect(applies(guests([]), guest)).toBe(true);
    expect(applies(guests(["b2bCollaborationGuest"]), guest)).toBe(true);
    expect(applies(guests(["serviceProvider"]), guest)).toBe(false);
    expect(applies(guests([]))).toBe(false);
    expect(applies({ users: { include: [{ kind: "all" }], exclude: [{ kind: "guests", types: [] }] } }, guest)).toBe(
      false,
    );
  });

  it("counts B2B collaboration members (userType member) as guest or external users by their guestType", () => {
    const b2bMember = si({ user: { id: "m1", userType: "member", guestType: "b2bCollaborationMember" } });
    expect(applies(guests([]), b2bMember)).toBe(true);
    expect(applies(guests(["b2bCollaborationMember"]), b2bMember)).toBe(true);
    expect(applies(guests(["b2bCollaborationGuest"]), b2bMember)).toBe(false);
    expect(one({ users: { include: [{ kind: "all" }], exclude: [{ kind: "guests", types: [] }] } }, b2bMember)).toEqual(
      [false, "users", "the user is excluded by `guests`"],
    );
    for (const t of [
      "internalGuest",
      "b2bCollaborationGuest",
      "b2bDirectConnectUser",
      "otherExternalUser",
      "serviceProvider",
    ]) {
      expect(applies(guests([]), si({ user: { id: "x", userType: "member", guestType: t } })), t).toBe(true);
      expect(applies(guests([t]), si({ user: { id: "x", guestType: t } })), `${t} without userType`).toBe(true);
    }
  });

  it("keeps userType guest as a guest, and a member without a guestType as no guest", () => {
    const untypedGuest = si({ user: { id: "g1", userType: "guest" } });
    expect(applies(guests([]), untypedGuest)).toBe(true);
    // A typed selector needs the kind: a guest whose guestType is not reported matches none.
    expect(applies(guests(["b2bCollaborationGuest"]), untypedGuest)).toBe(false);
    expect(applies(guests([]), si({ user: { id: "u1", userType: "member" } }))).toBe(false);
    expect(applies(guests([]), si({ user: { id: "u1" } }))).toBe(false);
    expect(applies(guests([]), si({ user: { id: "u1", userType: "member", guestType: "none" } }))).toBe(false);
    expect(applies({ users: { include: [{ kind: "all" }], exclude: [{ kind: "guests", types: [] }] } })).toBe(true);
  });
});

describe("applications, user actions and authentication contexts", () => {
  it("matches apps by id and suites from application.suites; exclude beats include", () => {
    expect(applies({ apps: { include: [{ kind: "app", id: "exo" }], exclude: [] } })).toBe(true);
    expect(applies({ apps: { include: [{ kind: "suite", name: "Office365" }], exclude: [] } })).toBe(true);
    expect(one({ apps: { include: [{ kind: "suite", name: "MicrosoftAdminPortals" }], exclude: [] } })).toEqual([
      false,
      "application",
      "application `exo` is not included",
    ]);
    expect(reason({ apps: { include: [{ kind: "all" }], exclude: [{ kind: "app", id: "exo" }] } })).toBe("application");
    expect(reason({ apps: { include: [{ kind: "none" }], exclude: [] } })).toBe("application");
  });

  it("routes user actions only to policies that target them", () => {
    const register = si({ application: { userAction: "registerSecurityInfo" } });
    const action: Over = { apps: { include: [{ kind: "action", action: "registerSecurityInfo" }], exclude: [] } };
    expect(applies(action, register)).toBe(true);
    expect(reason({ apps: { include: [{ kind: "action", action: "registerDevice" }], exclude: [] } }, register)).toBe(
      "userActions",
    );
    expect(one({}, register)).toEqual([false, "userActions", "user action `registerSecurityInfo` is not included"]);
    expect(reason(action)).toBe("userActions");
  });

  it("matches authentication contexts requested by the sign-in", () => {
    const ctx: Over = { apps: { include: [{ kind: "context", id: "c1" }], exclude: [] } };
    expect(applies(ctx, si({ application: { id: "exo", authenticationContexts: ["c1"] } }))).toBe(true);
    expect(one(ctx)).toEqual([
      false,
      "authenticationContext",
      "the sign-in without an authentication context is not included",
    ]);
  });
});

describe("client apps, platforms, locations, risk", () => {
  it("client app types: configured list must contain the sign-in's; absent type does not match", () => {
    expect(applies({ clientAppTypes: ["browser"] })).toBe(true);
    expect(one({ clientAppTypes: ["exchangeActiveSync", "other"] })).toEqual([
      false,
      "clientApps",
      "client app `browser` is not included",
    ]);
    const { clientAppType: _, ...noClient } = MEMBER;
    expect(reason({ clientAppTypes: ["browser"] }, noClient)).toBe("clientApps");
    expect(applies({ clientAppTypes: [] })).toBe(true);
  });

  it("platforms: `all` also matches unknown and absent platforms; exclude beats include", () => {
    const all: Over = { platforms: { include: ["all"], exclude: ["windows", "iOS"] } };
    expect(applies(all, si({ platform: "unknown" }))).toBe(true);
    const { platform: _, ...noPlatform } = MEMBER;
    expect(applies(all, noPlatform)).toBe(true);
    expect(one(all)).toEqual([false, "devicePlatform", "platform `windows` is excluded"]);
    expect(reason({ platforms: { include: ["android"], exclude: [] } })).toBe("devicePlatform");
    expect(reason({ platforms: { include: ["android"], exclude: [] } }, si({ platform: "unknown" }))).toBe(
      "devicePlatform",
    );
    expect(reason({ platforms: { include: [], exclude: ["windows"] } })).toBe("devicePlatform");
  });

  it("locations: all, trusted, named locations and countries; an exclusion alone still excludes", () => {
    const loc = (
      include: NonNullable<Over["locations"]>["include"],
      exclude: NonNullable<Over["locations"]>["exclude"] = [],
    ): Over => ({ locations: { include, exclude } });
    expect(applies(loc([{ kind: "all" }]), si({ location: undefined }))).toBe(true);
    expect(applies(loc([{ kind: "location", id: "office-berlin" }]))).toBe(true);
    expect(applies(loc([{ kind: "country", code: "DE" }]))).toBe(true);
    expect(applies(loc([{ kind: "country", code: "DE" }]), si({ location: { countryCode: "de" } }))).toBe(true);
    expect(reason(loc([{ kind: "trusted" }]))).toBe("location");
    expect(applies(loc([{ kind: "trusted" }]), si({ location: { trusted: true } }))).toBe(true);
    expect(one(loc([{ kind: "all" }], [{ kind: "location", id: "office-berlin" }]))).toEqual([
      false,
      "location",
      "the location is excluded by `location office-berlin`",
    ]);
    expect(reason(loc([], [{ kind: "trusted" }]), si({ location: { trusted: true } }))).toBe("location");
    expect(applies(loc([], [{ kind: "trusted" }]))).toBe(true);
  });

  it("risk: the level must be in the set (not a threshold); absent risk is none; empty set is unconfigured", () => {
    expect(applies({ signInRisk: ["high", "medium"] }, si({ signInRisk: "high" }))).toBe(true);
    expect(one({ signInRisk: ["high"] }, si({ signInRisk: "medium" }))).toEqual([
      false,
      "signInRisk",
      "sign-in risk `medium` is not included",
    ]);
    expect(reason({ signInRisk: ["low"] }, si({ signInRisk: "high" }))).toBe("signInRisk");
    const { signInRisk: _, userRisk: __, ...noRisk } = MEMBER;
    expect(applies({ signInRisk: ["none"], userRisk: ["none"] }, noRisk)).toBe(true);
    expect(reason({ userRisk: ["high"] })).toBe("userRisk");
    expect(applies({ signInRisk: [], userRisk: [] })).toBe(true);
  });

  it("authentication flows: the session's flow must be listed; an absent flow is none, which no policy lists", () => {
    const flows: Over = { authenticationFlows: ["deviceCodeFlow"] };
    expect(applies(flows, si({ authenticationFlow: "deviceCodeFlow" }))).toBe(true);
    expect(one(flows, si({ authenticationFlow: "authenticationTransfer" }))).toEqual([
      false,
      "authenticationFlow",
      "authentication flow `authenticationTransfer` is not included",
    ]);
    expect(one(flows)).toEqual([false, "authenticationFlow", "authentication flow `none` is not included"]);
    expect(
      applies(
        { authenticationFlows: ["deviceCodeFlow", "authenticationTransfer"] },
        si({ authenticationFlow: "authenticationTransfer" }),
      ),
    ).toBe(true);
    expect(applies({}, si({ authenticationFlow: "deviceCodeFlow" }))).toBe(true);
  });

  it("authentication flows: a flow the sign-in's source did not record leaves the policy not evaluable", () => {
    const unknown = { groups: [], roles: [], namedLocations: [], facts: ["authenticationFlow"] };
    const d = evaluateAccess(
      compiledAccess([policy("p", { authenticationFlows: ["deviceCodeFlow"], grant: { kind: "block" } })]),
      si({ unknown }),
      { now: NOW },
    );
    expect(d.decision).toBe("unknown");
    expect(JSON.stringify(d)).toContain("the authentication flow is not known from this sign-in");
  });
});

describe("device filters", () => {
  it("include mode applies only to matching devices, exclude mode to the others", () => {
    expect(applies({ deviceFilter: entra("include", 'device.trustType -eq "azuread"') })).toBe(true);
    expect(one({ deviceFilter: entra("include", 'device.trustType -eq "ServerAD"') })).toEqual([
      false,
      "devices",
      'the device does not match the include filter `device.trustType -eq "ServerAD"`',
    ]);
    expect(one({ deviceFilter: entra("exclude", "device.isCompliant -eq True") })).toEqual([
      false,
      "devices",
      "the device matches the exclude filter `device.isCompliant -eq True`",
    ]);
    expect(applies({ deviceFilter: entra("exclude", "device.isCompliant -eq True") }, si({ device: null }))).toBe(true);
    expect(
      reason({ deviceFilter: entra("include", 'device.trustType -ne "AzureAD"') }, si({ device: null })),
    ).toBeUndefined();
  });

  it("evaluates Tenet-syntax filters over the sign-in's device, and an unregistered device does not match them", () => {
    const b = new SetBuilder();
    const condition = b.and(
      b.cmp("==", b.path("device.operatingSystem"), b.str("Windows")),
      b.cmp("==", b.path("device.isCompliant", T_BOOL), b.bool(false)),
    );
    const compiled = compiledAccess(
      [policy("p", { deviceFilter: { mode: "include", filter: { kind: "tenet", condition } } })],
      b,
    );
    const decide = (device: unknown) => evaluateAccess(compiled, si({ device }), { now: NOW }).policies[0]!;
    expect(decide({ operatingSystem: "Windows", isCompliant: false }).applies).toBe(true);
    expect(decide({ operatingSystem: "Windows", isCompliant: true })).toMatchObject({
      applies: false,
      reason: "devices",
    });
    expect(decide(null)).toMatchObject({
      applies: false,
      reason: "devices",
      detail: "the unregistered device does not match the include filter",
    });
  });
});

describe("first unmet condition", () => {
  it("names the first condition in What If order: users, apps, clients, platforms, locations, risks, devices", () => {
    const everything: Over = {
      users: { include: [{ kind: "user", id: "nobody" }], exclude: [] },
      apps: { include: [{ kind: "app", id: "other" }], exclude: [] },
      clientAppTypes: ["other"],
      platforms: { include: ["linux"], exclude: [] },
      locations: { include: [{ kind: "trusted" }], exclude: [] },
      signInRisk: ["high"],
      userRisk: ["high"],
      authenticationFlows: ["authenticationTransfer"],
      deviceFilter: entra("include", 'device.model -eq "none"'),
    };
    const order = [
      "users",
      "apps",
      "clientAppTypes",
      "platforms",
      "locations",
      "signInRisk",
      "userRisk",
      "authenticationFlows",
      "deviceFilter",
    ] as const;
    const reasons = [
      "users",
      "application",
      "clientApps",
      "devicePlatform",
      "location",
      "signInRisk",
      "userRisk",
      "authenticationFlow",
      "devices",
    ];
    const seen: unknown[] = [];
    const over: Over = { ...everything };
    for (const key of order) {
      seen.push(reason(over));
      delete over[key];
    }
    expect(seen).toEqual(reasons);
    expect(reason(over)).toBeUndefined();
  });
});
