import { makeDiagnostic, printExpr, type CheckedAccess, type CheckedCompliance, type CheckedPolicySet, type Diagnostic } from "@tenet/parser";
import { PLATFORM_OF, SETTINGS } from "../import/settings.js";
import { ACTIONS } from "../import/import-compliance.js";

type Json = Record<string, unknown>;
const TYPE_OF = Object.fromEntries(Object.entries(PLATFORM_OF).map(([type, platform]) => [platform, type]));
const ACTION_TYPE = Object.fromEntries(Object.entries(ACTIONS).map(([graph, tenet]) => [tenet, graph]));
const STEP: Record<string, string> = { markNoncompliant: "mark noncompliant", notify: "notify", retire: "retire", wipe: "wipe", push: "push", lock: "lock", removeAccessProfiles: "remove profiles" };

/**
 * Writes Graph JSON for everything Intune can express: compliance rules whose shape is a
 * Graph setting (as `tenet import intune` writes them) and access policies. Whatever Intune
 * cannot express is named in a warning (CP5014), never dropped silently.
 */
export function exportIntune(set: CheckedPolicySet): { objects: Json[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const objects: Json[] = [];
  for (const policy of set.compliance) {
    const exported = exportCompliance(policy, diagnostics);
    if (exported !== undefined) objects.push(exported);
  }
  for (const policy of set.access) objects.push(exportAccess(policy, diagnostics));
  return { objects, diagnostics };
}

function exportCompliance(policy: CheckedCompliance, diagnostics: Diagnostic[]): Json | undefined {
  const span = policy.decl.name.span;
  const type = policy.platforms.length === 1 ? TYPE_OF[policy.platforms[0]!] : undefined;
  if (type === undefined) {
    diagnostics.push(makeDiagnostic("CP5014", span, { what: policy.platforms.length === 0 ? "a policy without a platform" : "a policy for several platforms", policy: policy.name }));
    return undefined;
  }
  const out: Json = { "@odata.type": `#microsoft.graph.${type}`, displayName: policy.title, ...(policy.description === undefined ? {} : { description: policy.description }) };
  if (policy.when !== undefined) diagnostics.push(makeDiagnostic("CP5014", span, { what: "the `when` condition", policy: policy.name }));
  for (const rule of policy.rules) {
    const mapping = SETTINGS[type]!.find((m) => m.property === rule.name);
    const value = mapping?.parse(printExpr(rule.require));
    if (mapping === undefined || value === undefined || rule.when !== undefined) {
      diagnostics.push(makeDiagnostic("CP5014", rule.decl.name.span, { what: `rule \`${rule.name}\``, policy: policy.name }));
      continue;
    }
    out[mapping.property] = value;
    if (mapping.property === "deviceThreatProtectionRequiredSecurityLevel") out["deviceThreatProtectionEnabled"] = true;
  }
  out["scheduledActionsForRule"] = [
    {
      ruleName: "PasswordRequired",
      scheduledActionConfigurations: policy.schedule.map((s) => ({
        actionType: ACTION_TYPE[STEP[s.action]!] ?? "noAction",
        gracePeriodHours: Math.round(s.afterMillis / 3_600_000),
        notificationTemplateId: s.args[0] ?? "",
        notificationMessageCCList: [],
      })),
    },
  ];
  return out;
}

const CONTROL: Record<string, string> = { mfa: "mfa", compliantDevice: "compliantDevice", hybridJoinedDevice: "domainJoinedDevice", approvedApp: "approvedApplication", appProtection: "compliantApplication", passwordChange: "passwordChange" };

function exportAccess(policy: CheckedAccess, diagnostics: Diagnostic[]): Json {
  const ids = <T extends { kind: string }>(xs: T[] | undefined, kind: string, key: keyof T) => (xs ?? []).filter((x) => x.kind === kind).map((x) => String(x[key]));
  const special = <T extends { kind: string }>(xs: T[] | undefined, map: Record<string, string>) => (xs ?? []).filter((x) => map[x.kind] !== undefined).map((x) => map[x.kind]!);
  const users = policy.users;
  const apps = policy.apps;
  const guestsOf = (xs: CheckedAccess["users"] extends infer U ? (U extends { include: infer I } ? I : never) : never) => {
    const g = (xs as { kind: string; types?: string[] }[]).find((x) => x.kind === "guests");
    return g === undefined ? null : { guestOrExternalUserTypes: (g.types ?? []).length === 0 ? "internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider" : g.types!.join(","), externalTenants: { membershipKind: "all" } };
  };
  let deviceFilter: Json | null = null;
  if (policy.deviceFilter?.filter.kind === "entra") deviceFilter = { mode: policy.deviceFilter.mode, rule: policy.deviceFilter.filter.rule };
  else if (policy.deviceFilter !== undefined) diagnostics.push(makeDiagnostic("CP5014", policy.decl.name.span, { what: "a device filter in Tenet syntax (write it as `rule \"...\"`)", policy: policy.name }));
  const grant = policy.grant;
  const strength = grant.kind === "controls" ? grant.controls.find((c): c is { kind: "authenticationStrength"; id: string } => c.kind === "authenticationStrength") : undefined;
  const session = policy.session;
  const freq = session.signInFrequency;
  return {
    displayName: policy.title,
    state: policy.state === "reportOnly" ? "enabledForReportingButNotEnforced" : policy.state,
    conditions: {
      users: {
        includeUsers: [...special(users?.include, { all: "All", none: "None" }), ...ids(users?.include, "user", "id" as never)],
        excludeUsers: ids(users?.exclude, "user", "id" as never),
        includeGroups: ids(users?.include, "group", "id" as never),
        excludeGroups: ids(users?.exclude, "group", "id" as never),
        includeRoles: ids(users?.include, "role", "id" as never),
        excludeRoles: ids(users?.exclude, "role", "id" as never),
        includeGuestsOrExternalUsers: guestsOf(users?.include ?? []),
        excludeGuestsOrExternalUsers: guestsOf(users?.exclude ?? []),
      },
      applications: {
        includeApplications: [...special(apps?.include, { all: "All", none: "None" }), ...ids(apps?.include, "app", "id" as never), ...ids(apps?.include, "suite", "name" as never)],
        excludeApplications: [...ids(apps?.exclude, "app", "id" as never), ...ids(apps?.exclude, "suite", "name" as never)],
        includeUserActions: ids(apps?.include, "action", "action" as never).map((a) => `urn:user:${a.toLowerCase()}`),
        includeAuthenticationContextClassReferences: ids(apps?.include, "context", "id" as never),
      },
      clientAppTypes: policy.clientAppTypes ?? ["all"],
      platforms: policy.platforms === undefined ? null : { includePlatforms: policy.platforms.include, excludePlatforms: policy.platforms.exclude },
      locations: policy.locations === undefined ? null : {
        includeLocations: [...special(policy.locations.include, { all: "All", trusted: "AllTrusted" }), ...ids(policy.locations.include, "location", "id" as never)],
        excludeLocations: [...special(policy.locations.exclude, { all: "All", trusted: "AllTrusted" }), ...ids(policy.locations.exclude, "location", "id" as never)],
      },
      signInRiskLevels: policy.signInRisk ?? [],
      userRiskLevels: policy.userRisk ?? [],
      devices: deviceFilter === null ? null : { deviceFilter },
    },
    grantControls: grant.kind === "none" ? null : {
      operator: grant.kind === "controls" ? grant.operator : "OR",
      builtInControls: grant.kind === "block" ? ["block"] : grant.controls.flatMap((c) => (CONTROL[c.kind] === undefined ? [] : [CONTROL[c.kind]!])),
      termsOfUse: grant.kind === "controls" ? grant.controls.flatMap((c) => (c.kind === "termsOfUse" ? [c.id] : [])) : [],
      ...(strength === undefined ? {} : { authenticationStrength: { id: strength.id } }),
    },
    sessionControls: Object.keys(session).length === 0 ? null : {
      ...(freq === undefined ? {} : { signInFrequency: freq === "everyTime" ? { isEnabled: true, frequencyInterval: "everyTime", authenticationType: "primaryAndSecondaryAuthentication" } : freq % 86_400_000 === 0 ? { isEnabled: true, type: "days", value: freq / 86_400_000 } : { isEnabled: true, type: "hours", value: Math.round(freq / 3_600_000) } }),
      ...(session.persistentBrowser === undefined ? {} : { persistentBrowser: { isEnabled: true, mode: session.persistentBrowser } }),
      ...(session.appEnforcedRestrictions === true ? { applicationEnforcedRestrictions: { isEnabled: true } } : {}),
      ...(session.continuousAccessEvaluation === undefined ? {} : { continuousAccessEvaluation: { mode: session.continuousAccessEvaluation === "strict" ? "strictEnforcement" : "disabled" } }),
    },
  };
}

