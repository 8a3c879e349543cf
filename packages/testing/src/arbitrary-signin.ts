import fc from "fast-check";
import {
  AUTHENTICATION_FLOWS,
  GUEST_TYPES,
  RISK_LEVELS,
  type CheckedAccess,
  type CheckedPolicySet,
  type EntraFilterExpr,
} from "@tenet/parser";
import { collectBoundaries, type Boundaries } from "./boundaries.js";
import type { NearTarget } from "./arbitrary-snapshot.js";

const CLIENT_APP_TYPES = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;
const PLATFORMS = ["windows", "iOS", "android", "windowsPhone", "macOS", "linux", "unknown"] as const;
const USER_ACTIONS = ["registerSecurityInfo", "registerDevice"] as const;
const TRUST = ["AzureAD", "ServerAD", "Workplace"] as const;

/** Options for {@link arbitrarySignIn}. */
export interface SignInArbitraryOptions {
  /** Draw user, group, role, app, location and device-filter values from these access policies. */
  near?: NearTarget | NearTarget[];
  /** Probability that the sign-in comes from an unregistered device (`device: null`). Default 0.2. */
  unregisteredRate?: number;
}

/**
 * A fast-check arbitrary of sign-ins in Tenet's sign-in shape (docs/intune-mode.md §3), biased toward
 * the ids and values the access policies mention so that every condition is hit both ways.
 */
export function arbitrarySignIn(options: SignInArbitraryOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const sets: CheckedPolicySet[] = (
    options.near === undefined ? [] : Array.isArray(options.near) ? options.near : [options.near]
  ).map((n) => ("set" in n ? n.set : n));
  const pool = collectIds(sets.flatMap((s) => s.access));
  const filterStrings = new Set<string>();
  for (const s of sets) {
    for (const b of collectBoundaries(s, "device").values()) for (const v of b.strings) filterStrings.add(v);
    for (const a of s.access)
      if (a.deviceFilter?.filter.kind === "entra") entraStrings(a.deviceFilter.filter.ast, filterStrings);
    addAssumedIds(pool, collectBoundaries(s, "signIn"));
  }
  const pick = (values: Set<string>, extra: string): fc.Arbitrary<string> => fc.constantFrom(...values, extra);
  const subset = (values: Set<string>, extra: string) => fc.uniqueArray(pick(values, extra), { maxLength: 3 });
  const deviceString =
    filterStrings.size > 0
      ? fc.oneof(fc.constantFrom(...filterStrings), fc.string({ maxLength: 8 }))
      : fc.string({ maxLength: 8 });
  const device = fc.record(
    {
      deviceId: fc.uuid(),
      displayName: deviceString,
      operatingSystem: fc.constantFrom("Windows", "MacMDM", "iOS", "Android", "Linux"),
      operatingSystemVersion: fc.constantFrom("10.0.19045", "10.0.22631", "14.4", "17.1"),
      trustType: fc.constantFrom(...TRUST),
      isCompliant: fc.boolean(),
      isManaged: fc.boolean(),
      deviceOwnership: fc.constantFrom("Company", "Personal"),
      manufacturer: deviceString,
      model: deviceString,
      enrollmentProfileName: deviceString,
      extensionAttribute1: deviceString,
      systemLabels: fc.array(deviceString, { maxLength: 2 }),
    },
    { requiredKeys: ["deviceId", "trustType", "isCompliant"] },
  );
  const unregisteredFreq = Math.max(2, Math.round(1 / Math.max(options.unregisteredRate ?? 0.2, 0.001)));
  return fc.record({
    user: fc.record({
      id: pick(pool.users, "user-other"),
      userType: fc.constantFrom("member", "guest"),
      guestType: fc.constantFrom(...GUEST_TYPES),
    }),
    groups: subset(pool.groups, "group-other"),
    roles: subset(pool.roles, "role-other"),
    application: fc
      .record(
        {
          id: pick(pool.apps, "app-other"),
          suites: subset(pool.suites, "OtherSuite"),
          // Most sign-ins target an application; a user action (registering security info) is rarer.
          userAction: fc.option(fc.constantFrom(...USER_ACTIONS), { freq: 4, nil: undefined }),
          authenticationContexts: subset(pool.contexts, "c99"),
        },
        { requiredKeys: ["id", "suites"] },
      )
      .map(({ userAction, ...rest }) => (userAction === undefined ? rest : { ...rest, userAction })),
    clientAppType: fc.constantFrom(...CLIENT_APP_TYPES),
    platform: fc.constantFrom(...PLATFORMS),
    location: fc.record({
      namedLocationIds: subset(pool.locations, "loc-other"),
      trusted: fc.boolean(),
      countryCode: pick(pool.countries, "US"),
    }),
    signInRisk: fc.constantFrom(...RISK_LEVELS),
    userRisk: fc.constantFrom(...RISK_LEVELS),
    // Only for sets that name a flow, so that other sets draw the sign-ins they drew before.
    ...(pool.flows ? { authenticationFlow: fc.constantFrom("none", ...AUTHENTICATION_FLOWS) } : {}),
    device: fc.option(device, { freq: unregisteredFreq, nil: null }),
    satisfied: fc.record({
      mfa: fc.boolean(),
      approvedApplication: fc.boolean(),
      compliantApplication: fc.boolean(),
      passwordChange: fc.boolean(),
      termsOfUse: subset(pool.termsOfUse, "tou-other"),
      authenticationStrengths: subset(pool.strengths, "strength-other"),
    }),
  });
}

interface IdPool {
  users: Set<string>;
  groups: Set<string>;
  roles: Set<string>;
  apps: Set<string>;
  suites: Set<string>;
  locations: Set<string>;
  countries: Set<string>;
  termsOfUse: Set<string>;
  strengths: Set<string>;
  contexts: Set<string>;
  /** A policy or an `assume` names an authentication flow. */
  flows: boolean;
}

function collectIds(policies: CheckedAccess[]): IdPool {
  const pool: IdPool = {
    users: new Set(),
    groups: new Set(),
    roles: new Set(),
    apps: new Set(),
    suites: new Set(["Office365", "MicrosoftAdminPortals"]),
    locations: new Set(),
    countries: new Set(["DE", "FR"]),
    termsOfUse: new Set(),
    strengths: new Set(),
    contexts: new Set(),
    flows: false,
  };
  for (const p of policies) {
    if ((p.authenticationFlows?.length ?? 0) > 0) pool.flows = true;
    for (const u of [...(p.users?.include ?? []), ...(p.users?.exclude ?? [])]) {
      if (u.kind === "user") pool.users.add(u.id);
      else if (u.kind === "group") pool.groups.add(u.id);
      else if (u.kind === "role") pool.roles.add(u.id);
    }
    for (const a of [...(p.apps?.include ?? []), ...(p.apps?.exclude ?? [])]) {
      if (a.kind === "app") pool.apps.add(a.id);
      else if (a.kind === "suite") pool.suites.add(a.name);
      else if (a.kind === "context") pool.contexts.add(a.id);
    }
    for (const l of [...(p.locations?.include ?? []), ...(p.locations?.exclude ?? [])]) {
      if (l.kind === "location") pool.locations.add(l.id);
      else if (l.kind === "country") pool.countries.add(l.code);
    }
    if (p.grant.kind === "controls") {
      for (const c of p.grant.controls) {
        if (c.kind === "termsOfUse") pool.termsOfUse.add(c.id);
        else if (c.kind === "authenticationStrength") pool.strengths.add(c.id);
      }
    }
  }
  return pool;
}

/** Ids a property's `assume` mentions (`"bg" in signIn.groups`, `signIn.user.id == "u"`) join the pools. */
function addAssumedIds(pool: IdPool, boundaries: Boundaries): void {
  const into: Record<string, Set<string>> = {
    "user.id": pool.users,
    groups: pool.groups,
    roles: pool.roles,
    "application.id": pool.apps,
    "application.suites": pool.suites,
    "application.authenticationContexts": pool.contexts,
    "location.namedLocationIds": pool.locations,
    "location.countryCode": pool.countries,
    "satisfied.termsOfUse": pool.termsOfUse,
    "satisfied.authenticationStrengths": pool.strengths,
  };
  for (const [path, b] of boundaries) for (const v of b.strings) into[path]?.add(v);
  if (boundaries.has("authenticationFlow")) pool.flows = true;
}

/** The string values an Entra device filter compares with. */
function entraStrings(e: EntraFilterExpr, out: Set<string>): void {
  if (e.kind === "and" || e.kind === "or") {
    entraStrings(e.left, out);
    entraStrings(e.right, out);
  } else if (e.kind === "not") entraStrings(e.operand, out);
  else if (e.kind === "compare")
    for (const v of Array.isArray(e.value) ? e.value : [e.value]) if (typeof v === "string") out.add(v);
}
