import {
  AUTHENTICATION_FLOWS,
  CLIENT_APP_TYPES,
  DEVICE_PLATFORMS,
  emptySpan,
  GUEST_TYPES,
  makeDiagnostic,
  parseEntraFilter,
  RISK_LEVELS,
} from "@tenet/parser";
import type { ImportContext, ImportedPolicy } from "./import-compliance.js";
import { isAnnotation } from "./annotations.js";
import { q } from "./names.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const isSet = (v: unknown): boolean =>
  v !== null &&
  v !== undefined &&
  v !== "" &&
  v !== false &&
  !(Array.isArray(v) && v.length === 0) &&
  !(
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.keys(v as Json).every((k) => isAnnotation(k) || !isSet((v as Json)[k]))
  );

const STATES: Record<string, string> = {
  enabled: "enabled",
  disabled: "disabled",
  enabledForReportingButNotEnforced: "report-only",
};
/** Graph `builtInControls` -> Tenet grant control. */
export const GRANT_CONTROLS: Record<string, string> = {
  mfa: "mfa",
  compliantDevice: "compliantDevice",
  domainJoinedDevice: "hybridJoinedDevice",
  approvedApplication: "approvedApp",
  compliantApplication: "appProtection",
  passwordChange: "passwordChange",
};
const USER_ACTIONS: Record<string, string> = {
  "urn:user:registersecurityinfo": "registerSecurityInfo",
  "urn:user:registerdevice": "registerDevice",
};
const USER_WORDS = { all: "all", none: "none" };
const APP_WORDS = {
  all: "all",
  none: "none",
  office365: 'suite "Office365"',
  microsoftadminportals: 'suite "MicrosoftAdminPortals"',
};
const LOCATION_WORDS = { all: "all", alltrusted: "trusted" };
const DEVICE_STATES: Record<string, string> = { compliant: "compliant", domainjoined: "domainJoined" };

/** Properties of each Graph object that describe it rather than narrow or control it. */
const METADATA = new Set([
  "id",
  "displayName",
  "description",
  "createdDateTime",
  "modifiedDateTime",
  "deletedDateTime",
  "templateId",
  "state",
  "conditions",
  "grantControls",
  "sessionControls",
]);
/** Condition families Tenet represents; every other configured condition narrows where the policy applies in a way Tenet cannot say. */
const CONDITION_KEYS = new Set([
  "users",
  "applications",
  "clientAppTypes",
  "platforms",
  "locations",
  "signInRiskLevels",
  "userRiskLevels",
  "authenticationFlows",
  "devices",
  "deviceStates",
]);
const KNOWN: Record<string, Set<string>> = {
  users: new Set([
    "includeUsers",
    "excludeUsers",
    "includeGroups",
    "excludeGroups",
    "includeRoles",
    "excludeRoles",
    "includeGuestsOrExternalUsers",
    "excludeGuestsOrExternalUsers",
  ]),
  applications: new Set([
    "includeApplications",
    "excludeApplications",
    "includeUserActions",
    "includeAuthenticationContextClassReferences",
    "applicationFilter",
  ]),
  platforms: new Set(["includePlatforms", "excludePlatforms"]),
  locations: new Set(["includeLocations", "excludeLocations"]),
  devices: new Set(["deviceFilter", "includeDeviceStates", "excludeDeviceStates"]),
  deviceStates: new Set(["includeStates", "excludeStates"]),
  authenticationFlows: new Set(["transferMethods"]),
  grantControls: new Set([
    "operator",
    "builtInControls",
    "termsOfUse",
    "authenticationStrength",
    "customAuthenticationFactors",
  ]),
  sessionControls: new Set([
    "signInFrequency",
    "persistentBrowser",
    "applicationEnforcedRestrictions",
    "continuousAccessEvaluation",
    "cloudAppSecurity",
    "secureSignInSession",
    "globalSecureAccessFilteringProfile",
    "networkAccessSecurity",
    "disableResilienceDefaults",
  ]),
};

/** Case-insensitive lookup of Graph's special words (`All`, `all`, `ALL`). */
const wordOf = (id: string, words: Record<string, string>) => words[id.toLowerCase()];

/** Tenet items for a Graph id list: Graph's special words first, then `selector "id", ...`. */
function items(ids: string[], selector: string, words: Record<string, string>): string[] {
  const plain = ids.filter((id) => wordOf(id, words) === undefined);
  const special = [...new Set(ids.flatMap((id) => (wordOf(id, words) === undefined ? [] : [wordOf(id, words)!])))];
  return [...special, ...(plain.length > 0 ? [`${selector} ${plain.map(q).join(", ")}`] : [])];
}

function clause(keyword: string, include: string[], exclude: string[]): string[] {
  if (include.length === 0 && exclude.length === 0) return [];
  return [
    `  ${keyword}` +
      (include.length > 0 ? ` include ${include.join(", ")}` : "") +
      (exclude.length > 0 ? ` exclude ${exclude.join(", ")}` : ""),
  ];
}

/**
 * One Graph `conditionalAccessPolicy` as an `access` block. Each configured condition, the
 * grant and the session become one clause. A part Tenet cannot represent never changes an
 * answer: the policy is written so that it applies to at least every sign-in the original
 * applies to (an inclusion Tenet cannot narrow is widened, an exclusion it cannot say is
 * left out), and an `unsupported "..."` clause makes its decision unknown wherever it
 * applies. Each such part is also a CP5013 warning.
 */
export function importConditionalAccess(policy: Json, name: string, ctx: ImportContext): ImportedPolicy {
  const displayName = typeof policy["displayName"] === "string" ? policy["displayName"] : name;
  let skipped = 0;
  const unsupported: string[] = [];
  /** A part not carried over: a warning, and the marker that keeps every answer honest. */
  const mark = (property: string, why: string) => {
    skipped++;
    ctx.diagnostics.push(makeDiagnostic("CP5013", ctx.at(property.split(" ")[0]!), { property, policy: displayName }));
    unsupported.push(`${property}: ${why}`);
  };
  /** Values in `allowed` (case-insensitive, in Graph's spelling); the others are returned apart. */
  const split = (values: string[], allowed: readonly string[]) => {
    const known = values.flatMap((v) => allowed.filter((a) => a.toLowerCase() === v.toLowerCase()));
    return {
      known: [...new Set(known)],
      unknown: values.filter((v) => !allowed.some((a) => a.toLowerCase() === v.toLowerCase())),
    };
  };
  const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(", ");
  const unknownKeys = (o: Json, known: Set<string>, prefix: string) => {
    for (const [k, v] of Object.entries(o))
      if (!isAnnotation(k) && !known.has(k) && isSet(v)) mark(`${prefix}.${k}`, "not represented in Tenet");
  };
  for (const [k, v] of Object.entries(policy))
    if (!isAnnotation(k) && !METADATA.has(k) && isSet(v)) mark(k, "not represented in Tenet");

  const c = obj(policy["conditions"]);
  for (const [k, v] of Object.entries(c))
    if (!isAnnotation(k) && !CONDITION_KEYS.has(k) && isSet(v))
      mark(`conditions.${k}`, "a condition Tenet cannot evaluate; it may narrow where the policy applies");
  const users = obj(c["users"]);
  const apps = obj(c["applications"]);
  unknownKeys(users, KNOWN["users"]!, "conditions.users");
  unknownKeys(apps, KNOWN["applications"]!, "conditions.applications");

  /** Guests or external users: an inclusion Tenet cannot narrow covers every guest; an exclusion it cannot narrow is left out. */
  const guests = (kind: "include" | "exclude"): string[] => {
    const property = `conditions.users.${kind}GuestsOrExternalUsers`;
    const g = obj(users[`${kind}GuestsOrExternalUsers`]);
    if (!isSet(g)) return [];
    unknownKeys(g, new Set(["guestOrExternalUserTypes", "externalTenants"]), property);
    const raw =
      typeof g["guestOrExternalUserTypes"] === "string"
        ? g["guestOrExternalUserTypes"]
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== "" && s.toLowerCase() !== "none")
        : [];
    const { known, unknown } = split(raw, GUEST_TYPES);
    const tenants = obj(g["externalTenants"]);
    const enumerated =
      typeof tenants["membershipKind"] === "string" && tenants["membershipKind"].toLowerCase() === "enumerated";
    if (enumerated)
      mark(
        `${property}.externalTenants`,
        `only guests from tenants ${quoted(list(tenants["members"]))}; Tenet cannot tell a guest's home tenant`,
      );
    if (unknown.length > 0)
      mark(`${property}.guestOrExternalUserTypes ${quoted(unknown)}`, "guest kinds Tenet does not know");
    if (raw.length === 0) return [];
    if (kind === "exclude" && (enumerated || unknown.length > 0)) return [];
    // Including every guest of the named kinds is wider than including those of some tenants only.
    if (kind === "include" && unknown.length > 0) return ["guests"];
    return [known.length === GUEST_TYPES.length ? "guests" : `guests ${known.map(q).join(", ")}`];
  };
  // The `GuestsOrExternalUsers` word and the guests object are one Tenet item, written last as export writes it.
  const side = (kind: "include" | "exclude") => {
    const ids = list(users[`${kind}Users`]);
    const typed = guests(kind);
    const word = ids.some((id) => id.toLowerCase() === "guestsorexternalusers") && typed.length === 0 ? ["guests"] : [];
    return [
      ...items(
        ids.filter((id) => id.toLowerCase() !== "guestsorexternalusers"),
        "user",
        USER_WORDS,
      ),
      ...items(list(users[`${kind}Groups`]), "group", {}),
      ...items(list(users[`${kind}Roles`]), "role", {}),
      ...typed,
      ...word,
    ];
  };
  const rawState = typeof policy["state"] === "string" ? policy["state"] : "";
  const state =
    STATES[rawState] ?? Object.entries(STATES).find(([k]) => k.toLowerCase() === rawState.toLowerCase())?.[1];
  if (state === undefined) mark("state", `\`${String(policy["state"])}\` is no Graph policy state; read as enabled`);
  const lines = [`access ${name} ${q(displayName)} {`, `  state ${state ?? "enabled"}`];
  if (typeof policy["id"] === "string" && policy["id"] !== "")
    lines.unshift(`# Entra policy id ${policy["id"].replace(/\s+/g, " ")}`);
  const userInclude = side("include");
  // Graph requires users; a policy that names none (workload identities only) applies to no user.
  lines.push(...clause("users", userInclude.length === 0 ? ["none"] : userInclude, side("exclude")));

  const contexts = list(apps["includeAuthenticationContextClassReferences"]);
  let widenApps = false;
  const actions = list(apps["includeUserActions"]).flatMap((a) => {
    const known = USER_ACTIONS[a.toLowerCase()];
    if (known === undefined) {
      mark(`conditions.applications.includeUserActions "${a}"`, "a user action Tenet does not know");
      widenApps = true;
    }
    return known === undefined ? [] : [`action ${q(known)}`];
  });
  if (isSet(apps["applicationFilter"]))
    mark("conditions.applications.applicationFilter", "an application filter Tenet cannot evaluate");
  const appInclude = widenApps
    ? ["all"]
    : [
        ...items(list(apps["includeApplications"]), "app", APP_WORDS),
        ...actions,
        ...(contexts.length > 0 ? [`context ${contexts.map(q).join(", ")}`] : []),
      ];
  lines.push(
    ...clause(
      "apps",
      appInclude.length === 0 ? ["none"] : appInclude,
      items(list(apps["excludeApplications"]), "app", APP_WORDS),
    ),
  );

  const clients = split(list(c["clientAppTypes"]), [...CLIENT_APP_TYPES, "all"]);
  if (clients.unknown.length > 0)
    mark(
      `conditions.clientAppTypes ${quoted(clients.unknown)}`,
      "client app types Tenet does not know; the policy is read as covering every client",
    );
  else if (!clients.known.includes("all")) lines.push(...clause("clients", clients.known, []));

  const platforms = obj(c["platforms"]);
  unknownKeys(platforms, KNOWN["platforms"]!, "conditions.platforms");
  const pin = split(list(platforms["includePlatforms"]), DEVICE_PLATFORMS);
  const pex = split(
    list(platforms["excludePlatforms"]),
    DEVICE_PLATFORMS.filter((p) => p !== "all"),
  );
  if (pin.unknown.length > 0)
    mark(
      `conditions.platforms.includePlatforms ${quoted(pin.unknown)}`,
      "platforms Tenet does not know; read as all platforms",
    );
  if (pex.unknown.length > 0)
    mark(`conditions.platforms.excludePlatforms ${quoted(pex.unknown)}`, "platforms Tenet does not know; not excluded");
  lines.push(...clause("platforms", pin.unknown.length > 0 ? ["all"] : pin.known, pex.known));

  const locations = obj(c["locations"]);
  unknownKeys(locations, KNOWN["locations"]!, "conditions.locations");
  lines.push(
    ...clause(
      "locations",
      items(list(locations["includeLocations"]), "location", LOCATION_WORDS),
      items(list(locations["excludeLocations"]), "location", LOCATION_WORDS),
    ),
  );
  for (const [key, keyword] of [
    ["signInRiskLevels", "signInRisk"],
    ["userRiskLevels", "userRisk"],
  ] as const) {
    const risks = split(list(c[key]), RISK_LEVELS);
    if (risks.unknown.length > 0)
      mark(`conditions.${key} ${quoted(risks.unknown)}`, "risk levels Tenet does not know; read as any risk");
    else lines.push(...clause(keyword, risks.known, []));
  }

  // `transferMethods` is a flags enum written as one comma-joined string; `none` alone sets no flow.
  const flows = obj(c["authenticationFlows"]);
  unknownKeys(flows, KNOWN["authenticationFlows"]!, "conditions.authenticationFlows");
  const methods = split(
    (typeof flows["transferMethods"] === "string" ? flows["transferMethods"] : "")
      .split(",")
      .map((m) => m.trim())
      .filter((m) => m !== "" && m.toLowerCase() !== "none"),
    AUTHENTICATION_FLOWS,
  );
  if (methods.unknown.length > 0)
    mark(
      `conditions.authenticationFlows.transferMethods ${quoted(methods.unknown)}`,
      "authentication flows Tenet does not know; read as any flow",
    );
  else lines.push(...clause("authenticationFlows", methods.known, []));

  const devices = obj(c["devices"]);
  unknownKeys(devices, KNOWN["devices"]!, "conditions.devices");
  const filter = obj(devices["deviceFilter"]);
  let hasFilter = false;
  if (typeof filter["rule"] === "string" && filter["rule"].trim() !== "") {
    const parsed = parseEntraFilter(filter["rule"], emptySpan("deviceFilter"));
    if (parsed.diagnostics.some((d) => d.severity === "error"))
      mark("conditions.devices.deviceFilter", `a rule Tenet cannot evaluate (${parsed.diagnostics[0]!.message})`);
    else {
      hasFilter = true;
      lines.push(
        `  devices ${String(filter["mode"]).toLowerCase() === "exclude" ? "exclude" : "include"} rule ${q(filter["rule"])}`,
      );
    }
  }
  // Legacy device states: `includeStates: ["All"]` with `excludeStates` compliant / domain joined.
  const legacy = obj(c["deviceStates"]);
  unknownKeys(legacy, KNOWN["deviceStates"]!, "conditions.deviceStates");
  const stateInclude = [...list(devices["includeDeviceStates"]), ...list(legacy["includeStates"])];
  const stateExclude = [...list(devices["excludeDeviceStates"]), ...list(legacy["excludeStates"])];
  if (stateInclude.length > 0 || stateExclude.length > 0) {
    const excluded = stateExclude.map((s) => DEVICE_STATES[s.toLowerCase()]);
    const allIncluded = stateInclude.every((s) => s.toLowerCase() === "all");
    if (hasFilter || !allIncluded || excluded.some((s) => s === undefined))
      mark(
        "conditions.deviceStates",
        `legacy device states ${quoted([...stateInclude, ...stateExclude])} Tenet cannot say here`,
      );
    else if (excluded.length > 0) lines.push(`  deviceStates include all exclude ${[...new Set(excluded)].join(", ")}`);
  }

  const grant = obj(policy["grantControls"]);
  const session = obj(policy["sessionControls"]);
  unknownKeys(grant, KNOWN["grantControls"]!, "grantControls");
  unknownKeys(session, KNOWN["sessionControls"]!, "sessionControls");
  const grantLines = grantClause(grant, mark);
  const sessionLines = sessionClause(session, mark);
  if (grantLines.length === 0 && sessionLines.length === 0 && unsupported.length === 0)
    mark("grantControls", "neither a grant nor a session control");
  lines.push(...grantLines, ...sessionLines, ...unsupported.map((u) => `  unsupported ${q(u)}`));
  lines.push("}");
  const imported = lines.filter((l) =>
    /^ {2}(users|apps|clients|platforms|locations|signInRisk|userRisk|authenticationFlows|devices|deviceStates|grant|session) /.test(
      l,
    ),
  ).length;
  return { text: lines.join("\n"), imported, skipped };
}

type Mark = (property: string, why: string) => void;

function grantClause(grant: Json, mark: Mark): string[] {
  const builtIn = list(grant["builtInControls"]);
  if (builtIn.some((x) => x.toLowerCase() === "block")) return ["  grant block"];
  const controls: string[] = [];
  for (const x of builtIn) {
    const known = Object.entries(GRANT_CONTROLS).find(([g]) => g.toLowerCase() === x.toLowerCase())?.[1];
    if (known === undefined) mark(`grantControls.builtInControls "${x}"`, "a grant control Tenet cannot check");
    else controls.push(known);
  }
  controls.push(...list(grant["termsOfUse"]).map((id) => `termsOfUse ${q(id)}`));
  const strength = grant["authenticationStrength"];
  if (isSet(strength)) {
    const id = obj(strength)["id"];
    if (typeof id === "string" && id !== "") controls.push(`authenticationStrength ${q(id)}`);
    else mark("grantControls.authenticationStrength", "an authentication strength without an id");
  }
  if (list(grant["customAuthenticationFactors"]).length > 0)
    mark("grantControls.customAuthenticationFactors", "custom controls Tenet cannot check");
  if (controls.length === 0) return [];
  if (controls.length === 1) return [`  grant ${controls[0]}`];
  return [`  grant ${String(grant["operator"]).toUpperCase() === "OR" ? "any" : "all"}(${controls.join(", ")})`];
}

function sessionClause(session: Json, mark: Mark): string[] {
  const settings: string[] = [];
  const freq = obj(session["signInFrequency"]);
  if (freq["isEnabled"] === true) {
    if (freq["frequencyInterval"] === "everyTime") settings.push("signInFrequency everyTime");
    else if (
      typeof freq["value"] === "number" &&
      Number.isInteger(freq["value"]) &&
      freq["value"] > 0 &&
      (freq["type"] === "days" || freq["type"] === "hours")
    )
      settings.push(`signInFrequency ${freq["value"]}${freq["type"] === "days" ? "d" : "h"}`);
    else mark("sessionControls.signInFrequency", "a sign-in frequency Tenet cannot read");
  }
  const browser = obj(session["persistentBrowser"]);
  if (browser["isEnabled"] === true) {
    if (browser["mode"] === "always" || browser["mode"] === "never")
      settings.push(`persistentBrowser ${browser["mode"]}`);
    else mark("sessionControls.persistentBrowser", "a persistent browser mode Tenet cannot read");
  }
  if (obj(session["applicationEnforcedRestrictions"])["isEnabled"] === true) settings.push("appEnforcedRestrictions");
  const cae = obj(session["continuousAccessEvaluation"])["mode"];
  if (cae === "strictEnforcement" || cae === "disabled")
    settings.push(`continuousAccessEvaluation ${cae === "disabled" ? "disabled" : "strict"}`);
  else if (typeof cae === "string")
    mark("sessionControls.continuousAccessEvaluation", `mode \`${cae}\` Tenet cannot represent`);
  for (const key of [
    "cloudAppSecurity",
    "secureSignInSession",
    "globalSecureAccessFilteringProfile",
    "networkAccessSecurity",
  ]) {
    if (obj(session[key])["isEnabled"] === true)
      mark(`sessionControls.${key}`, "a session control Tenet cannot represent");
  }
  if (session["disableResilienceDefaults"] === true)
    mark("sessionControls.disableResilienceDefaults", "a session control Tenet cannot represent");
  return settings.length > 0 ? [`  session ${settings.join(", ")}`] : [];
}
