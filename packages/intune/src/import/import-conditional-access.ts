import { makeDiagnostic } from "@tenet/parser";
import type { ImportContext, ImportedPolicy } from "./import-compliance.js";
import { q } from "./names.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const isSet = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);

const STATES: Record<string, string> = { enabled: "enabled", disabled: "disabled", enabledForReportingButNotEnforced: "report-only" };
/** Graph `builtInControls` -> Tenet grant control. */
export const GRANT_CONTROLS: Record<string, string> = {
  mfa: "mfa",
  compliantDevice: "compliantDevice",
  domainJoinedDevice: "hybridJoinedDevice",
  approvedApplication: "approvedApp",
  compliantApplication: "appProtection",
  passwordChange: "passwordChange",
};
const USER_ACTIONS: Record<string, string> = { "urn:user:registersecurityinfo": "registerSecurityInfo", "urn:user:registerdevice": "registerDevice" };
const CLIENT_TYPES = new Set(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"]);
const PLATFORMS = new Set(["all", "android", "iOS", "windows", "windowsPhone", "macOS", "linux"]);
const RISKS = new Set(["none", "low", "medium", "high"]);
const GUEST_TYPES = new Set(["internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"]);
const USER_WORDS = { All: "all", None: "none" };
const APP_WORDS = { All: "all", None: "none", Office365: 'suite "Office365"', MicrosoftAdminPortals: 'suite "MicrosoftAdminPortals"' };
const LOCATION_WORDS = { All: "all", AllTrusted: "trusted" };

/** Tenet items for a Graph id list: Graph's special words first, then `selector "id", ...`. */
function items(ids: string[], selector: string, words: Record<string, string>): string[] {
  const plain = ids.filter((id) => words[id] === undefined);
  return [...ids.flatMap((id) => (words[id] === undefined ? [] : [words[id]!])), ...(plain.length > 0 ? [`${selector} ${plain.map(q).join(", ")}`] : [])];
}

function clause(keyword: string, include: string[], exclude: string[]): string[] {
  if (include.length === 0 && exclude.length === 0) return [];
  return [`  ${keyword}${include.length > 0 ? ` include ${include.join(", ")}` : ""}${exclude.length > 0 ? ` exclude ${exclude.join(", ")}` : ""}`];
}

/**
 * One Graph `conditionalAccessPolicy` as an `access` block. Each configured condition,
 * the grant and the session become one clause; parts Tenet cannot express (workload
 * identities, insider risk, legacy device states, custom controls, ...) are CP5013 warnings.
 */
export function importConditionalAccess(policy: Json, name: string, ctx: ImportContext): ImportedPolicy {
  const displayName = typeof policy["displayName"] === "string" ? policy["displayName"] : name;
  let skipped = 0;
  const skip = (property: string) => {
    skipped++;
    ctx.diagnostics.push(makeDiagnostic("CP5013", ctx.at(property.split(" ")[0]!), { property, policy: displayName }));
  };
  /** Keeps the values in `allowed`, warning once about the others. */
  const only = (values: string[], allowed: Set<string>, property: string) => {
    if (values.some((v) => !allowed.has(v))) skip(`${property} ${values.filter((v) => !allowed.has(v)).map((v) => `"${v}"`).join(", ")}`);
    return values.filter((v) => allowed.has(v));
  };
  const c = obj(policy["conditions"]);
  const users = obj(c["users"]);
  const apps = obj(c["applications"]);
  const guests = (property: string): string[] => {
    const g = obj(users[property]);
    if (Object.keys(g).length === 0) return [];
    if (obj(g["externalTenants"])["membershipKind"] === "enumerated") skip(`conditions.users.${property}.externalTenants`);
    const raw = typeof g["guestOrExternalUserTypes"] === "string" ? g["guestOrExternalUserTypes"].split(",").map((s) => s.trim()).filter((s) => s !== "" && s !== "none") : [];
    const types = only(raw, GUEST_TYPES, `conditions.users.${property}.guestOrExternalUserTypes`);
    return [types.length === 0 || types.length === GUEST_TYPES.size ? "guests" : `guests ${types.map(q).join(", ")}`];
  };
  // The `GuestsOrExternalUsers` word and the guests object are one Tenet item, written last as export writes it.
  const side = (kind: "include" | "exclude") => {
    const ids = list(users[`${kind}Users`]);
    const typed = guests(`${kind}GuestsOrExternalUsers`);
    const word = ids.includes("GuestsOrExternalUsers") && typed.length === 0 ? ["guests"] : [];
    return [
      ...items(ids.filter((id) => id !== "GuestsOrExternalUsers"), "user", USER_WORDS),
      ...items(list(users[`${kind}Groups`]), "group", {}),
      ...items(list(users[`${kind}Roles`]), "role", {}),
      ...typed,
      ...word,
    ];
  };
  const state = STATES[String(policy["state"])];
  if (state === undefined) skip("state");
  const lines = [`access ${name} ${q(displayName)} {`, `  state ${state ?? "disabled"}`];
  if (typeof policy["id"] === "string" && policy["id"] !== "") lines.unshift(`# Entra policy id ${policy["id"].replace(/\s+/g, " ")}`);
  lines.push(...clause("users", side("include"), side("exclude")));
  const contexts = list(apps["includeAuthenticationContextClassReferences"]);
  const actions = list(apps["includeUserActions"]).flatMap((a) => {
    const known = USER_ACTIONS[a.toLowerCase()];
    if (known === undefined) skip(`conditions.applications.includeUserActions "${a}"`);
    return known === undefined ? [] : [`action ${q(known)}`];
  });
  const appInclude = [...items(list(apps["includeApplications"]), "app", APP_WORDS), ...actions, ...(contexts.length > 0 ? [`context ${contexts.map(q).join(", ")}`] : [])];
  lines.push(...clause("apps", appInclude, items(list(apps["excludeApplications"]), "app", APP_WORDS)));
  if (isSet(apps["applicationFilter"])) skip("conditions.applications.applicationFilter");
  const clients = list(c["clientAppTypes"]);
  if (!clients.includes("all")) lines.push(...clause("clients", only(clients, CLIENT_TYPES, "conditions.clientAppTypes"), []));
  const platforms = obj(c["platforms"]);
  lines.push(...clause("platforms", only(list(platforms["includePlatforms"]), PLATFORMS, "conditions.platforms.includePlatforms"), only(list(platforms["excludePlatforms"]), PLATFORMS, "conditions.platforms.excludePlatforms")));
  const locations = obj(c["locations"]);
  lines.push(...clause("locations", items(list(locations["includeLocations"]), "location", LOCATION_WORDS), items(list(locations["excludeLocations"]), "location", LOCATION_WORDS)));
  lines.push(...clause("signInRisk", only(list(c["signInRiskLevels"]), RISKS, "conditions.signInRiskLevels"), []));
  lines.push(...clause("userRisk", only(list(c["userRiskLevels"]), RISKS, "conditions.userRiskLevels"), []));
  for (const p of ["servicePrincipalRiskLevels", "insiderRiskLevels", "authenticationFlows", "clientApplications", "times", "deviceStates"]) if (isSet(c[p])) skip(`conditions.${p}`);
  const devices = obj(c["devices"]);
  const filter = obj(devices["deviceFilter"]);
  if (typeof filter["rule"] === "string" && filter["rule"] !== "") lines.push(`  devices ${filter["mode"] === "exclude" ? "exclude" : "include"} rule ${q(filter["rule"])}`);
  for (const p of ["includeDevices", "excludeDevices", "includeDeviceStates", "excludeDeviceStates"]) if (isSet(devices[p])) skip(`conditions.devices.${p}`);
  lines.push(...grantClause(obj(policy["grantControls"]), skip), ...sessionClause(obj(policy["sessionControls"]), skip));
  lines.push("}");
  const imported = lines.filter((l) => /^ {2}(users|apps|clients|platforms|locations|signInRisk|userRisk|devices|grant|session) /.test(l)).length;
  return { text: lines.join("\n"), imported, skipped };
}

function grantClause(grant: Json, skip: (property: string) => void): string[] {
  const builtIn = list(grant["builtInControls"]);
  if (builtIn.includes("block")) return ["  grant block"];
  const controls = [
    ...builtIn.flatMap((x) => {
      if (GRANT_CONTROLS[x] === undefined) skip(`grantControls.builtInControls "${x}"`);
      return GRANT_CONTROLS[x] === undefined ? [] : [GRANT_CONTROLS[x]!];
    }),
    ...list(grant["termsOfUse"]).map((id) => `termsOfUse ${q(id)}`),
    ...(typeof obj(grant["authenticationStrength"])["id"] === "string" ? [`authenticationStrength ${q(obj(grant["authenticationStrength"])["id"] as string)}`] : []),
  ];
  if (list(grant["customAuthenticationFactors"]).length > 0) skip("grantControls.customAuthenticationFactors");
  if (controls.length === 0) return [];
  if (controls.length === 1) return [`  grant ${controls[0]}`];
  return [`  grant ${grant["operator"] === "OR" ? "any" : "all"}(${controls.join(", ")})`];
}

function sessionClause(session: Json, skip: (property: string) => void): string[] {
  const settings: string[] = [];
  const freq = obj(session["signInFrequency"]);
  if (freq["isEnabled"] === true) {
    if (freq["frequencyInterval"] === "everyTime") settings.push("signInFrequency everyTime");
    else if (typeof freq["value"] === "number" && Number.isInteger(freq["value"]) && freq["value"] > 0) settings.push(`signInFrequency ${freq["value"]}${freq["type"] === "days" ? "d" : "h"}`);
    else skip("sessionControls.signInFrequency");
  }
  const browser = obj(session["persistentBrowser"]);
  if (browser["isEnabled"] === true) {
    if (browser["mode"] === "always" || browser["mode"] === "never") settings.push(`persistentBrowser ${browser["mode"]}`);
    else skip("sessionControls.persistentBrowser");
  }
  if (obj(session["applicationEnforcedRestrictions"])["isEnabled"] === true) settings.push("appEnforcedRestrictions");
  const cae = obj(session["continuousAccessEvaluation"])["mode"];
  if (cae === "strictEnforcement" || cae === "disabled") settings.push(`continuousAccessEvaluation ${cae === "disabled" ? "disabled" : "strict"}`);
  else if (typeof cae === "string") skip("sessionControls.continuousAccessEvaluation");
  if (obj(session["cloudAppSecurity"])["isEnabled"] === true) skip("sessionControls.cloudAppSecurity");
  if (obj(session["secureSignInSession"])["isEnabled"] === true) skip("sessionControls.secureSignInSession");
  if (session["disableResilienceDefaults"] === true) skip("sessionControls.disableResilienceDefaults");
  return settings.length > 0 ? [`  session ${settings.join(", ")}`] : [];
}
