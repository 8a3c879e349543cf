import { q } from "./names.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const STATES: Record<string, string> = { enabled: "enabled", disabled: "disabled", enabledForReportingButNotEnforced: "report-only" };
const CONTROLS: Record<string, string> = {
  mfa: "mfa",
  compliantDevice: "compliantDevice",
  domainJoinedDevice: "hybridJoinedDevice",
  approvedApplication: "approvedApp",
  compliantApplication: "appProtection",
  passwordChange: "passwordChange",
  block: "block",
};
const ACTIONS: Record<string, string> = { "urn:user:registersecurityinfo": "registerSecurityInfo", "urn:user:registerdevice": "registerDevice" };

/** `selector "a", "b"` items for Graph id lists, with the special words Graph uses. */
function items(ids: string[], selector: string, special: Record<string, string>): string[] {
  const plain = ids.filter((id) => special[id] === undefined);
  return [...ids.filter((id) => special[id] !== undefined).map((id) => special[id]!), ...(plain.length > 0 ? [`${selector} ${plain.map(q).join(", ")}`] : [])];
}

function condition(keyword: string, include: string[], exclude: string[]): string | undefined {
  if (include.length === 0 && exclude.length === 0) return undefined;
  return `  ${keyword}${include.length > 0 ? ` include ${include.join(", ")}` : ""}${exclude.length > 0 ? ` exclude ${exclude.join(", ")}` : ""}`;
}

function guests(v: unknown): string[] {
  const g = obj(v);
  if (Object.keys(g).length === 0) return [];
  const types = typeof g["guestOrExternalUserTypes"] === "string" ? g["guestOrExternalUserTypes"].split(",").map((s) => s.trim()).filter((s) => s !== "") : [];
  return [types.length === 0 ? "guests" : `guests ${types.map(q).join(", ")}`];
}

/** One Graph `conditionalAccessPolicy` as an `access` block. */
export function importConditionalAccess(policy: Json, name: string): string {
  const c = obj(policy["conditions"]);
  const users = obj(c["users"]);
  const apps = obj(c["applications"]);
  const platforms = obj(c["platforms"]);
  const locations = obj(c["locations"]);
  const filter = obj(obj(c["devices"])["deviceFilter"]);
  const grant = obj(policy["grantControls"]);
  const session = obj(policy["sessionControls"]);
  const lower = (xs: string[]) => xs.map((x) => (x === "all" ? "all" : x));
  const lines = [`access ${name} ${q(typeof policy["displayName"] === "string" ? policy["displayName"] : name)} {`, `  state ${STATES[String(policy["state"])] ?? "disabled"}`];
  const userSpecial = { All: "all", None: "none", GuestsOrExternalUsers: "guests" };
  lines.push(
    ...[
      condition(
        "users",
        [...items(list(users["includeUsers"]), "user", userSpecial), ...items(list(users["includeGroups"]), "group", {}), ...items(list(users["includeRoles"]), "role", {}), ...guests(users["includeGuestsOrExternalUsers"])],
        [...items(list(users["excludeUsers"]), "user", userSpecial), ...items(list(users["excludeGroups"]), "group", {}), ...items(list(users["excludeRoles"]), "role", {}), ...guests(users["excludeGuestsOrExternalUsers"])],
      ),
      condition(
        "apps",
        [
          ...items(list(apps["includeApplications"]), "app", { All: "all", None: "none", Office365: 'suite "Office365"', MicrosoftAdminPortals: 'suite "MicrosoftAdminPortals"' }),
          ...list(apps["includeUserActions"]).map((a) => `action ${q(ACTIONS[a.toLowerCase()] ?? a)}`),
          ...(list(apps["includeAuthenticationContextClassReferences"]).length > 0 ? [`context ${list(apps["includeAuthenticationContextClassReferences"]).map(q).join(", ")}`] : []),
        ],
        items(list(apps["excludeApplications"]), "app", { Office365: 'suite "Office365"', MicrosoftAdminPortals: 'suite "MicrosoftAdminPortals"' }),
      ),
      condition("clients", list(c["clientAppTypes"]).includes("all") ? [] : list(c["clientAppTypes"]), []),
      condition("platforms", lower(list(platforms["includePlatforms"])), list(platforms["excludePlatforms"])),
      condition("locations", items(list(locations["includeLocations"]), "location", { All: "all", AllTrusted: "trusted" }), items(list(locations["excludeLocations"]), "location", { All: "all", AllTrusted: "trusted" })),
      condition("signInRisk", list(c["signInRiskLevels"]).filter((r) => r !== "hidden"), []),
      condition("userRisk", list(c["userRiskLevels"]).filter((r) => r !== "hidden"), []),
    ].filter((l): l is string => l !== undefined),
  );
  if (typeof filter["rule"] === "string" && filter["rule"] !== "") lines.push(`  devices ${filter["mode"] === "exclude" ? "exclude" : "include"} rule ${q(filter["rule"])}`);
  const controls = [
    ...list(grant["builtInControls"]).map((x) => CONTROLS[x] ?? x),
    ...list(grant["termsOfUse"]).map((id) => `termsOfUse ${q(id)}`),
    ...(typeof obj(grant["authenticationStrength"])["id"] === "string" ? [`authenticationStrength ${q(obj(grant["authenticationStrength"])["id"] as string)}`] : []),
  ];
  if (controls.length === 1) lines.push(`  grant ${controls[0]}`);
  else if (controls.length > 1) lines.push(`  grant ${grant["operator"] === "OR" ? "any" : "all"}(${controls.join(", ")})`);
  const settings: string[] = [];
  const freq = obj(session["signInFrequency"]);
  if (freq["isEnabled"] === true) {
    if (freq["frequencyInterval"] === "everyTime") settings.push("signInFrequency everyTime");
    else if (typeof freq["value"] === "number") settings.push(`signInFrequency ${freq["value"]}${freq["type"] === "days" ? "d" : "h"}`);
  }
  const browser = obj(session["persistentBrowser"]);
  if (browser["isEnabled"] === true && (browser["mode"] === "always" || browser["mode"] === "never")) settings.push(`persistentBrowser ${browser["mode"]}`);
  if (obj(session["applicationEnforcedRestrictions"])["isEnabled"] === true) settings.push("appEnforcedRestrictions");
  const cae = obj(session["continuousAccessEvaluation"])["mode"];
  if (cae === "strictEnforcement" || cae === "disabled") settings.push(`continuousAccessEvaluation ${cae === "disabled" ? "disabled" : "strict"}`);
  if (settings.length > 0) lines.push(`  session ${settings.join(", ")}`);
  lines.push("}");
  return lines.join("\n");
}
