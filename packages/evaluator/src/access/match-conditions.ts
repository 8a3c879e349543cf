import {
  GUEST_TYPES,
  type AppSelector,
  type CheckedAccess,
  type LocationSelector,
  type UserSelector,
} from "@tenet/parser";
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
  /** The flow that began the session (Graph `originalTransferMethod`); What If's default is `none`. */
  authenticationFlow: string;
  device: unknown;
  /** What the source of the sign-in could not tell (the `unknown` extension); undefined when it told everything. */
  unknown?: UnknownFacts;
}

/**
 * The sign-in's `unknown` extension: groups, roles and named locations whose membership the
 * source (a sign-in log) could not tell, and facts it does not record at all. A condition
 * that needs one of them is neither met nor unmet: the policy is reported as not evaluable.
 */
export interface UnknownFacts {
  groups: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  namedLocations: ReadonlySet<string>;
  /**
   * Whole facts: `groups`, `roles`, `location.namedLocationIds`, `location.trusted`, `user.userType`,
   * `application.suites`, `signInRisk`, `userRisk`, `authenticationFlow`.
   */
  facts: ReadonlySet<string>;
}

function unknownOf(value: unknown): UnknownFacts | undefined {
  if (value === MISSING) return undefined;
  const set = (key: string) => new Set(strings(getOwn(value, key)));
  return { groups: set("groups"), roles: set("roles"), namedLocations: set("namedLocations"), facts: set("facts") };
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
    authenticationFlow: str(getOwn(signIn, "authenticationFlow")) ?? "none",
    device: device === MISSING ? null : device,
    unknown: unknownOf(getOwn(signIn, "unknown")),
  };
}

/** Whether the sign-in's source could not tell `fact`, or the membership of `id` in it. */
function isUnknown(v: SignInView, fact: "groups" | "roles" | "namedLocations", id: string, whole: string): boolean {
  const u = v.unknown;
  return u !== undefined && (u.facts.has(whole) || u[fact].has(id));
}

/** `undefined` when the sign-in's source could not tell (see `UnknownFacts`). */
type Match = boolean | undefined;

function userMatches(s: UserSelector, v: SignInView): Match {
  switch (s.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "user":
      return v.userId === s.id;
    case "group":
      return v.groups.includes(s.id) || (isUnknown(v, "groups", s.id, "groups") ? undefined : false);
    case "role":
      return v.roles.includes(s.id) || (isUnknown(v, "roles", s.id, "roles") ? undefined : false);
    case "guests": {
      const matched =
        s.types.length === 0
          ? isGuestOrExternal(v)
          : v.guestType !== undefined && (s.types as readonly string[]).includes(v.guestType);
      return (
        matched || (v.guestType === undefined && v.unknown?.facts.has("user.userType") === true ? undefined : false)
      );
    }
  }
}

/** Entra's "Guest or external users" kinds (Graph `conditionalAccessGuestOrExternalUserTypes`, without `none`). */
const GUEST_OR_EXTERNAL_TYPES: ReadonlySet<string> = new Set(GUEST_TYPES);

/**
 * Whether `guests` (every type) covers the user: `userType: "guest"`, or any guest or
 * external kind in `guestType`. B2B collaboration members are external with userType
 * Member, so the kind, not the userType, decides for them.
 */
function isGuestOrExternal(v: SignInView): boolean {
  return v.userType === "guest" || (v.guestType !== undefined && GUEST_OR_EXTERNAL_TYPES.has(v.guestType));
}

function appMatches(s: AppSelector, v: SignInView): Match {
  switch (s.kind) {
    case "all":
      return v.userAction === undefined;
    case "none":
      return false;
    case "app":
      return v.appId === s.id;
    case "suite":
      return v.suites.includes(s.name) || (v.unknown?.facts.has("application.suites") === true ? undefined : false);
    case "action":
      return v.userAction === s.action;
    case "context":
      return v.contexts.includes(s.id);
  }
}

function locationMatches(s: LocationSelector, v: SignInView): Match {
  switch (s.kind) {
    case "all":
      return true;
    case "trusted":
      return v.trusted || (v.unknown?.facts.has("location.trusted") === true ? undefined : false);
    case "location":
      return (
        v.namedLocations.includes(s.id) ||
        (isUnknown(v, "namedLocations", s.id, "location.namedLocationIds") ? undefined : false)
      );
    case "country":
      return v.country?.toUpperCase() === s.code;
  }
}

function what(reason: NotAppliedReason, v: SignInView): string {
  if (v.userAction !== undefined) return `user action \`${v.userAction}\``;
  if (reason === "authenticationContext")
    return v.contexts.length === 0
      ? "the sign-in without an authentication context"
      : `authentication context ${v.contexts.map((c) => `\`${c}\``).join(", ")}`;
  return `application \`${v.appId ?? "unknown"}\``;
}

type Check = { reason: NotAppliedReason; detail: string } | undefined;

/** A condition over one enumerated sign-in value (risk levels, authentication flows): include list only. */
function riskCheck(
  levels: readonly string[] | undefined,
  level: string,
  reason: "signInRisk" | "userRisk" | "authenticationFlow",
  what: string,
  v: SignInView,
  undecided: string[],
): Check {
  if (levels === undefined || levels.length === 0) return undefined;
  if (v.unknown?.facts.has(reason) === true) {
    undecided.push(`the ${reason === "authenticationFlow" ? what : `${what} level`} is not known from this sign-in`);
    return undefined;
  }
  return levels.includes(level) ? undefined : { reason, detail: `${what} \`${level}\` is not included` };
}

/**
 * Include/exclude with Kleene truth: a selector the sign-in cannot decide (undefined) makes
 * the condition undecided unless another selector decides it; undecided conditions are
 * pushed on `undecided` and do not stop the policy from applying.
 */
function includeExclude<T>(
  sel: { include: T[]; exclude: T[] } | undefined,
  matches: (s: T) => Match,
  reason: NotAppliedReason,
  what: string,
  describe: (s: T) => string,
  undecided: string[],
): Check {
  if (sel === undefined) return undefined;
  let open: T | undefined;
  // An empty include list is unconfigured (everything is included), but its excludes still apply.
  if (sel.include.length > 0) {
    let included = false;
    for (const s of sel.include) {
      const m = matches(s);
      if (m === true) {
        included = true;
        break;
      }
      if (m === undefined) open ??= s;
    }
    if (!included && open === undefined) return { reason, detail: `${what} is not included` };
    if (included) open = undefined;
  }
  let openExclude: T | undefined;
  for (const s of sel.exclude) {
    const m = matches(s);
    if (m === true) return { reason, detail: `${what} is excluded by ${describe(s)}` };
    if (m === undefined) openExclude ??= s;
  }
  if (open !== undefined)
    undecided.push(`whether ${what} is included by ${describe(open)} is not known from this sign-in`);
  if (openExclude !== undefined)
    undecided.push(`whether ${what} is excluded by ${describe(openExclude)} is not known from this sign-in`);
  return undefined;
}

const describeSelector = (s: { kind: string; id?: string; name?: string; code?: string; action?: string }) =>
  `\`${s.kind}${(s.id ?? s.name ?? s.code ?? s.action) ? ` ${s.id ?? s.name ?? s.code ?? s.action}` : ""}\``;

/**
 * The first condition of a policy this sign-in does not meet (What If's reason), or
 * undefined when every configured condition matches. Exclude beats include; an
 * unconfigured condition matches everything.
 */
export function firstUnmetCondition(
  policy: CheckedAccess,
  v: SignInView,
  filterMatches: () => boolean,
  undecided: string[] = [],
): Check {
  const checks: (() => Check)[] = [
    () => includeExclude(policy.users, (s) => userMatches(s, v), "users", "the user", describeSelector, undecided),
    () => {
      const apps = policy.apps;
      if (apps === undefined) return undefined;
      // What If names the kind of target the policy is about: user actions, authentication contexts or resources.
      const targets = (kind: string) => apps.include.some((a) => a.kind === kind);
      const reason: NotAppliedReason =
        v.userAction !== undefined || targets("action")
          ? "userActions"
          : targets("context")
            ? "authenticationContext"
            : "application";
      return includeExclude(apps, (s) => appMatches(s, v), reason, what(reason, v), describeSelector, undecided);
    },
    () =>
      policy.clientAppTypes === undefined ||
      policy.clientAppTypes.length === 0 ||
      (v.clientAppType !== undefined && (policy.clientAppTypes as string[]).includes(v.clientAppType))
        ? undefined
        : { reason: "clientApps", detail: `client app \`${v.clientAppType ?? "unknown"}\` is not included` },
    () => {
      const p = policy.platforms;
      if (p === undefined) return undefined;
      const included =
        p.include.length === 0 || p.include.includes("all") || (p.include as string[]).includes(v.platform);
      if (!included) return { reason: "devicePlatform", detail: `platform \`${v.platform}\` is not included` };
      return (p.exclude as string[]).includes(v.platform)
        ? { reason: "devicePlatform", detail: `platform \`${v.platform}\` is excluded` }
        : undefined;
    },
    () =>
      includeExclude(
        policy.locations,
        (s) => locationMatches(s, v),
        "location",
        "the location",
        describeSelector,
        undecided,
      ),
    () => riskCheck(policy.signInRisk, v.signInRisk, "signInRisk", "sign-in risk", v, undecided),
    () => riskCheck(policy.userRisk, v.userRisk, "userRisk", "user risk", v, undecided),
    // Entra tracks the flow that began a session through its refreshes ("protocol tracking"), so a
    // refreshed device-code session is still `deviceCodeFlow`.
    () =>
      riskCheck(
        policy.authenticationFlows,
        v.authenticationFlow,
        "authenticationFlow",
        "authentication flow",
        v,
        undecided,
      ),
    () => {
      const f = policy.deviceFilter;
      if (f === undefined) return undefined;
      const matched = filterMatches();
      // Entra rules are short text worth quoting; a Tenet filter is named by its position in the policy.
      const which = f.filter.kind === "entra" ? `filter \`${f.filter.rule}\`` : "filter";
      const device = v.device === null ? "the unregistered device" : "the device";
      if (f.mode === "include" && !matched)
        return { reason: "devices", detail: `${device} does not match the include ${which}` };
      if (f.mode === "exclude" && matched)
        return { reason: "devices", detail: `${device} matches the exclude ${which}` };
      return undefined;
    },
  ];
  for (const check of checks) {
    const unmet = check();
    if (unmet !== undefined) return unmet;
  }
  return undefined;
}
