import { makeDiagnostic, type CheckedAccess, type Diagnostic } from "@tenet/parser";
import { GRANT_CONTROLS } from "../import/import-conditional-access.js";

type Json = Record<string, unknown>;
type Selector = { kind: string } & Record<string, unknown>;
const CONTROL: Record<string, string> = Object.fromEntries(
  Object.entries(GRANT_CONTROLS).map(([graph, tenet]) => [tenet, graph]),
);
const ALL_GUEST_TYPES =
  "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The Graph values of the selectors of one kind: `field` of each, or the Graph word for a keyword kind. */
function pick(xs: readonly Selector[] | undefined, kind: string, field: string): string[] {
  return (xs ?? []).filter((x) => x.kind === kind).map((x) => String(x[field]));
}
function words(xs: readonly Selector[] | undefined, map: Record<string, string>): string[] {
  return (xs ?? []).flatMap((x) => (map[x.kind] === undefined ? [] : [map[x.kind]!]));
}
function guests(xs: readonly Selector[] | undefined): Json | null {
  const g = (xs ?? []).find((x) => x.kind === "guests") as { types?: string[] } | undefined;
  if (g === undefined) return null;
  return {
    guestOrExternalUserTypes: (g.types ?? []).length === 0 ? ALL_GUEST_TYPES : g.types!.join(","),
    externalTenants: { membershipKind: "all" },
  };
}

/**
 * One access policy as a Graph `conditionalAccessPolicy`. Everything in Tenet's access
 * model has a Graph field except a device filter written in Tenet syntax and country
 * locations (Graph keeps countries in named locations): those are CP5014 warnings.
 */
export function exportAccess(policy: CheckedAccess, diagnostics: Diagnostic[]): Json {
  const warn = (what: string) =>
    diagnostics.push(makeDiagnostic("CP5014", policy.decl.name.span, { what, policy: policy.name }));
  const users = policy.users as { include: Selector[]; exclude: Selector[] } | undefined;
  const apps = policy.apps as { include: Selector[]; exclude: Selector[] } | undefined;
  const locations = policy.locations as { include: Selector[]; exclude: Selector[] } | undefined;
  if (locations !== undefined && [...locations.include, ...locations.exclude].some((l) => l.kind === "country"))
    warn("a `country` location (use a named location id)");
  let devices: Json | null = null;
  if (policy.deviceFilter?.filter.kind === "entra")
    devices = { deviceFilter: { mode: policy.deviceFilter.mode, rule: policy.deviceFilter.filter.rule } };
  else if (policy.deviceFilter !== undefined) warn('a device filter in Tenet syntax (write it as `rule "..."`)');
  const grant = policy.grant;
  const controls = grant.kind === "controls" ? grant.controls : [];
  const strength = controls.find((c) => c.kind === "authenticationStrength") as { id: string } | undefined;
  const session = policy.session;
  const freq = session.signInFrequency;
  const signInFrequency =
    freq === undefined
      ? undefined
      : freq === "everyTime"
        ? { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" }
        : freq % DAY === 0
          ? { isEnabled: true, type: "days", value: freq / DAY, frequencyInterval: "timeBased" }
          : { isEnabled: true, type: "hours", value: Math.ceil(freq / HOUR), frequencyInterval: "timeBased" };
  if (typeof freq === "number" && freq % HOUR !== 0) warn("a sign-in frequency that is not whole hours");
  const sessionControls: Json = {
    ...(signInFrequency === undefined ? {} : { signInFrequency }),
    ...(session.persistentBrowser === undefined
      ? {}
      : { persistentBrowser: { isEnabled: true, mode: session.persistentBrowser } }),
    ...(session.appEnforcedRestrictions === true ? { applicationEnforcedRestrictions: { isEnabled: true } } : {}),
    ...(session.continuousAccessEvaluation === undefined
      ? {}
      : {
          continuousAccessEvaluation: {
            mode: session.continuousAccessEvaluation === "strict" ? "strictEnforcement" : "disabled",
          },
        }),
  };
  const platformsIncluded = policy.platforms?.include ?? [];
  return {
    displayName: policy.title,
    state: policy.state === "reportOnly" ? "enabledForReportingButNotEnforced" : policy.state,
    conditions: {
      users: {
        includeUsers: [...words(users?.include, { all: "All", none: "None" }), ...pick(users?.include, "user", "id")],
        excludeUsers: pick(users?.exclude, "user", "id"),
        includeGroups: pick(users?.include, "group", "id"),
        excludeGroups: pick(users?.exclude, "group", "id"),
        includeRoles: pick(users?.include, "role", "id"),
        excludeRoles: pick(users?.exclude, "role", "id"),
        includeGuestsOrExternalUsers: guests(users?.include),
        excludeGuestsOrExternalUsers: guests(users?.exclude),
      },
      applications: {
        includeApplications: [
          ...words(apps?.include, { all: "All", none: "None" }),
          ...pick(apps?.include, "app", "id"),
          ...pick(apps?.include, "suite", "name"),
        ],
        excludeApplications: [...pick(apps?.exclude, "app", "id"), ...pick(apps?.exclude, "suite", "name")],
        includeUserActions: pick(apps?.include, "action", "action").map((a) => `urn:user:${a.toLowerCase()}`),
        includeAuthenticationContextClassReferences: pick(apps?.include, "context", "id"),
      },
      clientAppTypes: policy.clientAppTypes ?? ["all"],
      // Entra wants an include list whenever platforms are excluded; `all` is what Tenet's empty include means.
      platforms:
        policy.platforms === undefined
          ? null
          : {
              includePlatforms: platformsIncluded.length === 0 ? ["all"] : platformsIncluded,
              excludePlatforms: policy.platforms.exclude,
            },
      locations:
        locations === undefined
          ? null
          : {
              includeLocations: (() => {
                const include = [
                  ...words(locations.include, { all: "All", trusted: "AllTrusted" }),
                  ...pick(locations.include, "location", "id"),
                ];
                return include.length === 0 ? ["All"] : include;
              })(),
              excludeLocations: [
                ...words(locations.exclude, { all: "All", trusted: "AllTrusted" }),
                ...pick(locations.exclude, "location", "id"),
              ],
            },
      signInRiskLevels: policy.signInRisk ?? [],
      userRiskLevels: policy.userRisk ?? [],
      // Only when configured, so that policies without it export as before; Graph's flags enum is one string.
      ...(policy.authenticationFlows === undefined
        ? {}
        : { authenticationFlows: { transferMethods: policy.authenticationFlows.join(",") } }),
      devices,
    },
    grantControls:
      grant.kind === "none"
        ? null
        : {
            operator: grant.kind === "controls" ? grant.operator : "OR",
            builtInControls:
              grant.kind === "block"
                ? ["block"]
                : controls.flatMap((c) => (CONTROL[c.kind] === undefined ? [] : [CONTROL[c.kind]!])),
            customAuthenticationFactors: [],
            termsOfUse: controls.flatMap((c) => (c.kind === "termsOfUse" ? [c.id] : [])),
            ...(strength === undefined ? {} : { authenticationStrength: { id: strength.id } }),
          },
    sessionControls: Object.keys(sessionControls).length === 0 ? null : sessionControls,
  };
}
