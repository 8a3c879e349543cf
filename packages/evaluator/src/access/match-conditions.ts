import type { AppSelector, CheckedAccess, LocationSelector, UserSelector } from "@tenet/parser";
import type { NotAppliedReason } from "../model/access-decision.js";
import { getOwn, MISSING } from "../values/fact-lookup.js";

/** The parts of a sign-in conditions read, with safe defaults for what is absent. */
export interface SignInView {
  userId?: string;
  userType?: string;
  guestType?: string;
  groups: readonly string[];
  roles: readonly string[];
  appId?: string;
  suites: readonly string[];
  userAction?: string;
  contexts: readonly string[];
  clientAppType?: string;
  platform: string;
  namedLocations: readonly string[];
  trusted: boolean;
  country?: string;
  signInRisk: string;
  userRisk: string;
  device: unknown;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function viewOf(signIn: unknown): SignInView {
  const user = getOwn(signIn, "user");
  const app = getOwn(signIn, "application");
  const location = getOwn(signIn, "location");
  const device = getOwn(signIn, "device");
  return {
    userId: str(getOwn(user, "id")),
    userType: str(getOwn(user, "userType")),
    guestType: str(getOwn(user, "guestType")),
    groups: strings(getOwn(signIn, "groups")),
    roles: strings(getOwn(signIn, "roles")),
    appId: str(getOwn(app, "id")),
    suites: strings(getOwn(app, "suites")),
    userAction: str(getOwn(app, "userAction")),
    contexts: strings(getOwn(app, "authenticationContexts")),
    clientAppType: str(getOwn(signIn, "clientAppType")),
    platform: str(getOwn(signIn, "platform")) ?? "unknown",
    namedLocations: strings(getOwn(location, "namedLocationIds")),
    trusted: getOwn(location, "trusted") === true,
    country: str(getOwn(location, "countryCode")),
    signInRisk: str(getOwn(signIn, "signInRisk")) ?? "none",
    userRisk: str(getOwn(signIn, "userRisk")) ?? "none",
    device: device === MISSING ? null : device,
  };
}

function userMatches(s: UserSelector, v: SignInView): boolean {
  switch (s.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "user":
      return v.userId === s.id;
    case "group":
      return v.groups.includes(s.id);
    case "role":
      return v.roles.includes(s.id);
    case "guests":
      return s.types.length === 0 ? isGuestOrExternal(v) : v.guestType !== undefined && (s.types as readonly string[]).includes(v.guestType);
  }
}

/** Entra's "Guest or external users" kinds (Graph `conditionalAccessGuestOrExternalUserTypes`, without `none`). */
const GUEST_OR_EXTERNAL_TYPES: ReadonlySet<string> = new Set(["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"]);

/**
 * Whether `guests` (every type) covers the user: `userType: "guest"`, or any guest or
 * external kind in `guestType`. B2B collaboration members are external with userType
 * Member, so the kind, not the userType, decides for them.
 */
function isGuestOrExternal(v: SignInView): boolean {
  return v.userType === "guest" || (v.guestType !== undefined && GUEST_OR_EXTERNAL_TYPES.has(v.guestType));
}

function appMatches(s: AppSelector, v: SignInView): boolean {
  switch (s.kind) {
    case "all":
      return v.userAction === undefined;
    case "none":
      return false;
    case "app":
      return v.appId === s.id;
    case "suite":
      return v.suites.includes(s.name);
    case "action":
      return v.userAction === s.action;
    case "context":
      return v.contexts.includes(s.id);
  }
}

function locationMatches(s: LocationSelector, v: SignInView): boolean {
  switch (s.kind) {
    case "all":
      return true;
    case "trusted":
      return v.trusted;
    case "location":
      return v.namedLocations.includes(s.id);
    case "country":
      return v.country?.toUpperCase() === s.code;
  }
}

function what(reason: NotAppliedReason, v: SignInView): string {
  if (v.userAction !== undefined) return `user action \`${v.userAction}\``;
  if (reason === "authenticationContext") return v.contexts.length === 0 ? "the sign-in without an authentication context" : `authentication context ${v.contexts.map((c) => `\`${c}\``).join(", ")}`;
  return `application \`${v.appId ?? "unknown"}\``;
}

type Check = { reason: NotAppliedReason; detail: string } | undefined;

function includeExclude<T>(sel: { include: T[]; exclude: T[] } | undefined, matches: (s: T) => boolean, reason: NotAppliedReason, what: string, describe: (s: T) => string): Check {
  if (sel === undefined) return undefined;
  // An empty include list is unconfigured (everything is included), but its excludes still apply.
  if (sel.include.length > 0 && !sel.include.some(matches)) return { reason, detail: `${what} is not included` };
  const excluded = sel.exclude.find(matches);
  return excluded === undefined ? undefined : { reason, detail: `${what} is excluded by ${describe(excluded)}` };
}

const describeSelector = (s: { kind: string; id?: string; name?: string; code?: string; action?: string }) => `\`${s.kind}${s.id ?? s.name ?? s.code ?? s.action ? ` ${s.id ?? s.name ?? s.code ?? s.action}` : ""}\``;

/**
 * The first condition of a policy this sign-in does not meet (What If's reason), or
 * undefined when every configured condition matches. Exclude beats include; an
 * unconfigured condition matches everything.
 */
export function firstUnmetCondition(policy: CheckedAccess, v: SignInView, filterMatches: () => boolean): Check {
  const checks: (() => Check)[] = [
    () => includeExclude(policy.users, (s) => userMatches(s, v), "users", "the user", describeSelector),
    () => {
      const apps = policy.apps;
      if (apps === undefined) return undefined;
      // What If names the kind of target the policy is about: user actions, authentication contexts or resources.
      const targets = (kind: string) => apps.include.some((a) => a.kind === kind);
      const reason: NotAppliedReason = v.userAction !== undefined || targets("action") ? "userActions" : targets("context") ? "authenticationContext" : "application";
      return includeExclude(apps, (s) => appMatches(s, v), reason, what(reason, v), describeSelector);
    },
    () =>
      policy.clientAppTypes === undefined || policy.clientAppTypes.length === 0 || (v.clientAppType !== undefined && (policy.clientAppTypes as string[]).includes(v.clientAppType))
        ? undefined
        : { reason: "clientApps", detail: `client app \`${v.clientAppType ?? "unknown"}\` is not included` },
    () => {
      const p = policy.platforms;
      if (p === undefined) return undefined;
      const included = p.include.length === 0 || p.include.includes("all") || (p.include as string[]).includes(v.platform);
      if (!included) return { reason: "devicePlatform", detail: `platform \`${v.platform}\` is not included` };
      return (p.exclude as string[]).includes(v.platform) ? { reason: "devicePlatform", detail: `platform \`${v.platform}\` is excluded` } : undefined;
    },
    () => includeExclude(policy.locations, (s) => locationMatches(s, v), "location", "the location", describeSelector),
    () => (policy.signInRisk === undefined || policy.signInRisk.length === 0 || (policy.signInRisk as string[]).includes(v.signInRisk) ? undefined : { reason: "signInRisk", detail: `sign-in risk \`${v.signInRisk}\` is not included` }),
    () => (policy.userRisk === undefined || policy.userRisk.length === 0 || (policy.userRisk as string[]).includes(v.userRisk) ? undefined : { reason: "userRisk", detail: `user risk \`${v.userRisk}\` is not included` }),
    () => {
      const f = policy.deviceFilter;
      if (f === undefined) return undefined;
      const matched = filterMatches();
      // Entra rules are short text worth quoting; a Tenet filter is named by its position in the policy.
      const which = f.filter.kind === "entra" ? `filter \`${f.filter.rule}\`` : "filter";
      const device = v.device === null ? "the unregistered device" : "the device";
      if (f.mode === "include" && !matched) return { reason: "devices", detail: `${device} does not match the include ${which}` };
      if (f.mode === "exclude" && matched) return { reason: "devices", detail: `${device} matches the exclude ${which}` };
      return undefined;
    },
  ];
  for (const check of checks) {
    const unmet = check();
    if (unmet !== undefined) return unmet;
  }
  return undefined;
}
