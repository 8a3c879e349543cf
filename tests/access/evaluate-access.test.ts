import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPolicySources } from "@tenet/parser";
import { compile, evaluateAccess } from "@tenet/evaluator";
import { accessSummary } from "@tenet/intune";

const NOW = "2026-11-25T12:00:00Z";
function decide(policies: string, signIn: Record<string, unknown>) {
  const loaded = loadPolicySources([{ path: "a.tenet", text: policies }]);
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return evaluateAccess(compile(loaded.value), signIn, { now: NOW });
}
const member = {
  user: { id: "u1", userType: "member" },
  groups: ["staff"],
  roles: [],
  application: { id: "app-1", suites: ["Office365"] },
  clientAppType: "browser",
  platform: "windows",
  location: { namedLocationIds: [], trusted: false, countryCode: "DE" },
  signInRisk: "none",
  userRisk: "none",
  device: { trustType: "AzureAD", isCompliant: true },
  satisfied: { mfa: false },
};
const o365 = `access o365 "O365" {
  users include all exclude group "breakglass"
  apps include suite "Office365"
  grant all(mfa, compliantDevice) }`;

describe("conditions", () => {
  it("applies when every configured condition matches and lists unmet controls in prompt order", () => {
    const d = decide(o365, { ...member, device: { isCompliant: false } });
    expect(d.decision).toBe("grant");
    expect(d.unmetControls).toEqual([{ policy: "o365", operator: "AND", controls: ["mfa", "compliantDevice"] }]);
    expect(d.accessGrantedNow).toBe(false);
  });

  it("lets exclude beat include and names the reason", () => {
    const d = decide(o365, { ...member, groups: ["staff", "breakglass"] });
    expect(d.decision).toBe("notApplied");
    expect(d.accessGrantedNow).toBe(true);
    expect(d.policies[0]).toMatchObject({
      applies: false,
      reason: "users",
      detail: "the user is excluded by `group breakglass`",
    });
  });

  it("matches guests, roles and other apps precisely", () => {
    const p = `access g { users include guests "b2bCollaborationGuest", role "admin-role" apps include all grant mfa }`;
    expect(
      decide(p, { ...member, user: { id: "x", userType: "guest", guestType: "b2bCollaborationGuest" } }).decision,
    ).toBe("grant");
    expect(
      decide(p, { ...member, user: { id: "x", userType: "guest", guestType: "otherExternalUser" } }).policies[0]
        ?.reason,
    ).toBe("users");
    expect(decide(p, { ...member, roles: ["admin-role"] }).decision).toBe("grant");
    expect(decide(o365, { ...member, application: { id: "other", suites: [] } }).policies[0]?.reason).toBe(
      "application",
    );
  });

  it("treats `platforms include all` as matching unknown platforms, and excludes listed ones", () => {
    const p = `access block-unknown {
      users include all
      apps include all
      platforms include all exclude android, iOS, windows, macOS
      grant block }`;
    expect(decide(p, { ...member, platform: "unknown" }).decision).toBe("block");
    expect(decide(p, { ...member, platform: "windows" }).policies[0]).toMatchObject({ reason: "devicePlatform" });
    const { platform: _, ...noPlatform } = member;
    expect(decide(p, noPlatform).decision).toBe("block");
  });

  it("checks client apps, locations, countries and risk sets", () => {
    const p = `access x {
      users include all
      apps include all
      clients include exchangeActiveSync, other
      locations include all exclude trusted, country "FR"
      signInRisk include medium, high
      grant block }`;
    const risky = { ...member, clientAppType: "other", signInRisk: "high" };
    expect(decide(p, risky).decision).toBe("block");
    expect(decide(p, { ...risky, clientAppType: "browser" }).policies[0]?.reason).toBe("clientApps");
    expect(decide(p, { ...risky, location: { trusted: true } }).policies[0]?.reason).toBe("location");
    expect(decide(p, { ...risky, location: { countryCode: "FR" } }).policies[0]?.reason).toBe("location");
    expect(decide(p, { ...risky, signInRisk: "low" }).policies[0]?.reason).toBe("signInRisk");
  });

  it("routes user actions only to policies that target them", () => {
    const p = `access reg { users include all apps include action "registerSecurityInfo" locations include all exclude trusted grant mfa }
access all-apps { users include all apps include all grant mfa }`;
    const d = decide(p, { ...member, application: { userAction: "registerSecurityInfo" } });
    expect(d.policies.map((x) => [x.policy, x.applies, x.reason])).toEqual([
      ["reg", true, undefined],
      ["all-apps", false, "userActions"],
    ]);
  });
});

describe("device filters", () => {
  const rule = (r: string) =>
    `access f { users include all apps include all devices exclude rule "${r.replace(/"/g, '\\"')}" grant block }`;

  it("reads Entra's rule syntax case-insensitively with its precedence", () => {
    const p = rule(
      'device.trustType -eq "serverad" -or device.model -startsWith "Surface" -and -not device.isCompliant -eq True',
    );
    expect(decide(p, { ...member, device: { trustType: "ServerAD" } }).decision).toBe("notApplied");
    expect(
      decide(p, { ...member, device: { trustType: "AzureAD", model: "Surface Pro", isCompliant: false } }).decision,
    ).toBe("notApplied");
    expect(
      decide(p, { ...member, device: { trustType: "AzureAD", model: "Surface Pro", isCompliant: true } }).decision,
    ).toBe("block");
  });

  it("treats -contains on a collection as element equality", () => {
    const p = rule('device.systemLabels -contains "M365Managed"');
    expect(decide(p, { ...member, device: { systemLabels: ["m365managed"] } }).decision).toBe("notApplied");
    expect(decide(p, { ...member, device: { systemLabels: ["M365ManagedX"] } }).decision).toBe("block");
  });

  it("makes positive operators false and negative operators true for an unregistered device", () => {
    expect(decide(rule('device.trustType -eq "AzureAD"'), { ...member, device: null }).decision).toBe("block");
    expect(decide(rule('device.trustType -ne "AzureAD"'), { ...member, device: null }).decision).toBe("notApplied");
  });

  it("evaluates Tenet-syntax filters over the sign-in device", () => {
    const p = `access f {
      users include all
      apps include all
      devices include where device.operatingSystem == "Windows" and device.isCompliant == false
      grant block }`;
    expect(decide(p, { ...member, device: { operatingSystem: "Windows", isCompliant: false } }).decision).toBe("block");
    expect(decide(p, { ...member, device: null }).policies[0]?.reason).toBe("devices");
  });
});

describe("decision", () => {
  it("lets block win, ignores report-only policies in the decision and reports their result", () => {
    const p = `access a { users include all apps include all grant mfa }
access b { state report-only users include all apps include all grant compliantDevice }
access c { state report-only users include all apps include all grant mfa }
access d { state disabled users include all apps include all grant block }`;
    const d = decide(p, { ...member, device: null });
    expect(d.decision).toBe("grant");
    expect(accessSummary(d)).toEqual({
      applies: ["a"],
      reportOnlyApplies: ["b", "c"],
      notApplied: [],
      notEvaluated: ["d"],
      decision: "grant",
      unmetControls: [{ policyId: "a", operator: "AND", controls: ["mfa"] }],
      accessGrantedNow: false,
      reportOnlyResults: { b: "failure", c: "userActionRequired" },
      invalidPolicies: [],
    });
  });

  it("needs one control of an OR grant and combines session controls to the most restrictive", () => {
    const p = `access a {
      users include all
      apps include all
      grant any(compliantDevice, hybridJoinedDevice)
      session signInFrequency 12h, persistentBrowser always }
access b { users include all apps include all grant mfa session signInFrequency 4h, persistentBrowser never }`;
    const d = decide(p, { ...member, device: { trustType: "ServerAD" }, satisfied: { mfa: true } });
    expect(d.unmetControls).toEqual([]);
    expect(d.accessGrantedNow).toBe(true);
    expect(d.session).toEqual({ signInFrequency: 4 * 3_600_000, persistentBrowser: "never" });
    const none = decide(p, { ...member, device: null, satisfied: { mfa: true } });
    expect(none.unmetControls).toEqual([
      { policy: "a", operator: "OR", controls: ["compliantDevice", "hybridJoinedDevice"] },
    ]);
  });

  it("gives an empty unmet list and no session when blocked", () => {
    const p = `access a { users include all apps include all grant block }
access b { users include all apps include all grant mfa session signInFrequency 1h }`;
    const d = decide(p, member);
    expect([d.decision, d.unmetControls, d.session, d.accessGrantedNow]).toEqual(["block", [], {}, false]);
  });

  it("does not grant a legacy client through `grant mfa`, even with MFA claimed, and says why", () => {
    const p = `access mfa-everywhere "MFA everywhere" { users include all apps include all grant mfa }`;
    const eas = decide(p, { ...member, clientAppType: "exchangeActiveSync", satisfied: { mfa: true } });
    expect([eas.decision, eas.accessGrantedNow, eas.unmetControls]).toEqual([
      "grant",
      false,
      [{ policy: "mfa-everywhere", operator: "AND", controls: ["mfa"] }],
    ]);
    expect(eas.policies[0]).toMatchObject({ applies: true, unmet: ["mfa"], unsatisfiable: ["mfa"] });
    expect(eas.policies[0]?.detail).toContain("legacy authentication client `exchangeActiveSync`");
    const browser = decide(p, { ...member, clientAppType: "browser", satisfied: { mfa: true } });
    expect([browser.decision, browser.accessGrantedNow, browser.unmetControls]).toEqual(["grant", true, []]);
  });

  it("ships policies whose emergency accounts are never blocked", () => {
    const libraryText = ["admins", "everyone"].map((f) => ({
      path: `${f}.tenet`,
      text: readFileSync(new URL(`../../policies/access/${f}.tenet`, import.meta.url), "utf8"),
    }));
    const loaded = loadPolicySources(libraryText);
    expect(loaded.diagnostics).toEqual([]);
    const d = evaluateAccess(
      compile(loaded.value),
      { ...member, groups: ["breakglass-accounts"], clientAppType: "other", platform: "unknown", device: null },
      { now: NOW },
    );
    expect(d.decision).toBe("notApplied");
  });
});
