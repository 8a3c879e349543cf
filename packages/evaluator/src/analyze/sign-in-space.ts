// The sign-in space: every dimension the policies reference, split only on the values they mention.
import { AUTHENTICATION_FLOWS, CLIENT_APP_TYPES, GUEST_TYPES, RISK_LEVELS, type CheckedAccess } from "@tenet/parser";
import { deviceSpace, type RepresentativeDevice } from "./device-classes.js";

/** A representative sign-in under construction; `toSignIn` turns it into what `tenet whatif` reads. */
export interface SignInDraft {
  userId: string;
  guestKind: string;
  groups: string[];
  roles: string[];
  appId?: string;
  suites: string[];
  userAction?: string;
  contexts: string[];
  clientAppType: string;
  platform: string;
  namedLocations: string[];
  trusted: boolean;
  country: string;
  signInRisk: string;
  userRisk: string;
  /** Set only when the space splits on authentication flows; absent, a sign-in's flow is `none`. */
  authenticationFlow?: string;
  device: RepresentativeDevice;
}

/** One value of a single-choice dimension. */
export interface ChoiceValue {
  label: string;
  /** What a requirement's scope can tell of this value: values with the same key and policy matches are merged. */
  scopeKey: string;
  apply(d: SignInDraft): void;
}

export type ChoiceDimensionName =
  "application" | "clientApp" | "platform" | "location" | "signInRisk" | "userRisk" | "authenticationFlow" | "device";

export interface ChoiceDimension {
  name: ChoiceDimensionName;
  values: ChoiceValue[];
}

/** Ids the requirements' scopes mention, split on even when no policy does. */
export interface SpaceHints {
  users: string[];
  groups: string[];
  roles: string[];
  apps: string[];
  suites: string[];
  actions: string[];
  contexts: string[];
  namedLocations: string[];
  countries: string[];
  /** A scope reads `signIn.authenticationFlow`. */
  authenticationFlow: boolean;
}

/** The partition's dimensions: single-choice ones, then the user's id, kind and group and role atoms. */
export interface SignInSpace {
  choices: ChoiceDimension[];
  userIds: string[];
  guestKinds: string[];
  groups: string[];
  roles: string[];
  deviceAtoms: number;
  notDecided: string[];
}

const OTHER = "tenet-other";
export const MEMBER = "member";
const PLATFORMS = ["windows", "macOS", "iOS", "android", "linux", "windowsPhone", "unknown"];

const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** The base draft every class starts from: nothing a policy names. */
export function emptyDraft(): SignInDraft {
  return {
    userId: `${OTHER}-user`,
    guestKind: MEMBER,
    groups: [],
    roles: [],
    appId: `${OTHER}-app`,
    suites: [],
    contexts: [],
    namedLocations: [],
    clientAppType: "browser",
    platform: "windows",
    trusted: false,
    country: "ZZ",
    signInRisk: "none",
    userRisk: "none",
    device: null,
  };
}

/** Every subset of `xs` up to `max` elements long, or of at most two when `xs` is longer (then `notDecided` says so). */
function subsets<T>(xs: readonly T[], max: number, what: string, notDecided: string[]): T[][] {
  const out: T[][] = [];
  if (xs.length <= max) {
    for (let mask = 0; mask < 1 << xs.length; mask++) out.push(xs.filter((_, i) => (mask & (1 << i)) !== 0));
    return out;
  }
  notDecided.push(`sign-ins with more than two of the ${xs.length} ${what} at once are not explored`);
  out.push([]);
  xs.forEach((x, i) => {
    out.push([x]);
    for (const y of xs.slice(i + 1)) out.push([x, y]);
  });
  return out;
}

/**
 * Builds the dimensions for `policies`: only values some policy or requirement mentions,
 * plus one "none of these" value per dimension. Suites combine freely with app ids since a
 * sign-in reports both; a sign-in is taken to come from at most one named location.
 */
export function signInSpace(policies: readonly CheckedAccess[], hints: SpaceHints): SignInSpace {
  const users = new Set(hints.users);
  const groups = new Set(hints.groups);
  const roles = new Set(hints.roles);
  const apps = new Set(hints.apps);
  const suites = new Set(hints.suites);
  // User actions are sign-ins of their own that `apps include all` does not cover: always part of the space.
  const actions = new Set(["registerSecurityInfo", "registerDevice", ...hints.actions]);
  const contexts = new Set(hints.contexts);
  const named = new Set(hints.namedLocations);
  const countries = new Set(hints.countries);
  const guestTypes = new Set<string>();
  let guests = false;
  let flows = hints.authenticationFlow;
  for (const p of policies) {
    if (p.authenticationFlows !== undefined && p.authenticationFlows.length > 0) flows = true;
    for (const s of [...(p.users?.include ?? []), ...(p.users?.exclude ?? [])]) {
      if (s.kind === "user") users.add(s.id);
      else if (s.kind === "group") groups.add(s.id);
      else if (s.kind === "role") roles.add(s.id);
      else if (s.kind === "guests") {
        guests = true;
        for (const t of s.types) guestTypes.add(t);
      }
    }
    for (const a of [...(p.apps?.include ?? []), ...(p.apps?.exclude ?? [])]) {
      if (a.kind === "app") apps.add(a.id);
      else if (a.kind === "suite") suites.add(a.name);
      else if (a.kind === "action") actions.add(a.action);
      else if (a.kind === "context") contexts.add(a.id);
    }
    for (const l of [...(p.locations?.include ?? []), ...(p.locations?.exclude ?? [])]) {
      if (l.kind === "location") named.add(l.id);
      else if (l.kind === "country") countries.add(l.code);
    }
  }
  // Guest kinds are few: split on all of them once any policy names guests, so "every other kind" is exact.
  const notDecided: string[] = [];
  // `guest`: a guest whose kind the sign-in does not say (userType guest alone).
  const guestKinds = guests || guestTypes.size > 0 ? [MEMBER, ...GUEST_TYPES, "guest"] : [MEMBER];
  const application: ChoiceValue[] = [];
  const hinted = (xs: readonly string[], of: readonly string[]) => xs.filter((x) => of.includes(x)).join(",");
  for (const id of [...uniq(apps), `${OTHER}-app`])
    for (const set of subsets(uniq(suites), 4, "suites", notDecided))
      application.push({
        label: `app ${id}${set.length > 0 ? ` in ${set.join(", ")}` : ""}`,
        scopeKey: `app ${hinted([id], hints.apps)} ${hinted(set, hints.suites)}`,
        apply: (d) => {
          d.appId = id;
          d.suites = set;
        },
      });
  for (const set of subsets(uniq(contexts), 6, "authentication contexts", notDecided))
    if (set.length > 0)
      application.push({
        label: `authentication context ${set.join(", ")}`,
        scopeKey: `context ${hinted(set, hints.contexts)}`,
        apply: (d) => void (d.contexts = set),
      });
  for (const a of uniq(actions))
    application.push({
      label: `user action ${a}`,
      scopeKey: `action ${a}`,
      apply: (d) => {
        delete d.appId;
        d.userAction = a;
      },
    });
  const location: ChoiceValue[] = [];
  for (const ids of subsets(uniq(named), 8, "named locations", notDecided))
    for (const trusted of [false, true])
      for (const country of [...uniq(countries), "ZZ"])
        location.push({
          label:
            `${ids.length === 0 ? "no named location" : `named location ${ids.join(", ")}`}${trusted ? " (trusted)" : ""}, ` +
            `country ${country}`,
          scopeKey: `${hinted(ids, hints.namedLocations)} ${trusted} ${hinted([country], hints.countries)}`,
          apply: (d) => {
            d.namedLocations = ids;
            d.trusted = trusted;
            d.country = country;
          },
        });
  const devices = deviceSpace(policies);
  const choice = (name: ChoiceDimensionName, values: readonly string[], set: (d: SignInDraft, v: string) => void) => ({
    name,
    values: values.map((v) => ({ label: v, scopeKey: v, apply: (d: SignInDraft) => set(d, v) })),
  });
  return {
    choices: [
      { name: "application", values: application },
      choice("clientApp", CLIENT_APP_TYPES, (d, v) => void (d.clientAppType = v)),
      choice("platform", PLATFORMS, (d, v) => void (d.platform = v)),
      { name: "location", values: location },
      choice("signInRisk", RISK_LEVELS, (d, v) => void (d.signInRisk = v)),
      choice("userRisk", RISK_LEVELS, (d, v) => void (d.userRisk = v)),
      // Split only when a policy or scope names a flow, so that other sets explore (and print) what they did before;
      // then on every flow, since there are three: `none`, and each one a policy can list.
      ...(flows
        ? [choice("authenticationFlow", ["none", ...AUTHENTICATION_FLOWS], (d, v) => void (d.authenticationFlow = v))]
        : []),
      {
        name: "device",
        values: devices.devices.map((device) => ({
          label: device === null ? "unregistered device" : `device ${JSON.stringify(device)}`,
          scopeKey: device === null ? "unregistered" : JSON.stringify(device),
          apply: (d) => void (d.device = device),
        })),
      },
    ],
    userIds: [...uniq(users), `${OTHER}-user`],
    guestKinds,
    groups: uniq(groups),
    roles: uniq(roles),
    deviceAtoms: devices.atoms,
    notDecided: [...notDecided, ...devices.notDecided],
  };
}

/** The sign-in JSON of a draft: the built-in sign-in schema's shape, accepted by `tenet whatif`. */
export function toSignIn(d: SignInDraft, satisfied?: Record<string, unknown>): Record<string, unknown> {
  const guest = d.guestKind !== MEMBER;
  return {
    user: {
      id: d.userId,
      userType: guest && d.guestKind !== "b2bCollaborationMember" ? "guest" : "member",
      ...(guest && d.guestKind !== "guest" ? { guestType: d.guestKind } : {}),
    },
    groups: d.groups,
    roles: d.roles,
    application: {
      ...(d.appId === undefined ? {} : { id: d.appId }),
      suites: d.suites,
      ...(d.userAction === undefined ? {} : { userAction: d.userAction }),
      authenticationContexts: d.contexts,
    },
    clientAppType: d.clientAppType,
    platform: d.platform,
    location: {
      namedLocationIds: d.namedLocations,
      trusted: d.trusted,
      countryCode: d.country,
    },
    signInRisk: d.signInRisk,
    userRisk: d.userRisk,
    ...(d.authenticationFlow === undefined ? {} : { authenticationFlow: d.authenticationFlow }),
    device: d.device,
    ...(satisfied === undefined ? {} : { satisfied }),
  };
}

/** No control satisfied: a sign-in must then still do the whole requirement of every applying policy. */
export const NOTHING_SATISFIED: Readonly<Record<string, unknown>> = Object.freeze({
  mfa: false,
  approvedApplication: false,
  compliantApplication: false,
  passwordChange: false,
  termsOfUse: [],
  authenticationStrengths: [],
});
