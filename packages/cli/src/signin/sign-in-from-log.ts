// whatif input: an Entra sign-in log record (Graph `signIn` or Log Analytics `SigninLogs`) -> Tenet's sign-in snapshot.
import type { TenantDirectory } from "./tenant-directory.js";

/**
 * The log shapes Tenet reads: Graph `GET /auditLogs/signIns` (v1.0, beta fields used when present)
 * and the Log Analytics `SigninLogs` table.
 */
export type SignInLogShape = "graph" | "logAnalytics";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** Which log shape `record` has, or undefined for a Tenet sign-in snapshot (it has a `user` object) or anything else. */
export function signInLogShape(record: unknown): SignInLogShape | undefined {
  if (!isObject(record) || isObject(record["user"])) return undefined;
  if ("UserId" in record && ("AppId" in record || "ResourceId" in record)) return "logAnalytics";
  if (
    "userId" in record &&
    ("appId" in record || "resourceId" in record) &&
    ("createdDateTime" in record || "deviceDetail" in record || "clientAppUsed" in record)
  )
    return "graph";
  return undefined;
}

/** Log Analytics writes the Graph fields PascalCase, and its dynamic columns may arrive as JSON text. */
function fromLogAnalytics(record: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record)) {
    const name =
      key === "IPAddress"
        ? "ipAddress"
        : key === "LocationDetails"
          ? "location"
          : `${key[0]!.toLowerCase()}${key.slice(1)}`;
    out[name] = typeof value === "string" && (value.startsWith("{") || value.startsWith("[")) ? parseOr(value) : value;
  }
  return out;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// Graph `clientAppUsed` strings -> Conditional Access client app types; every other legacy protocol is `other`.
const CLIENT_APPS: Record<string, string> = {
  browser: "browser",
  "mobile apps and desktop clients": "mobileAppsAndDesktopClients",
  "exchange activesync": "exchangeActiveSync",
};

function platformOf(os: string | undefined): string {
  const s = (os ?? "").toLowerCase();
  if (s.startsWith("windows phone")) return "windowsPhone";
  if (s.startsWith("windows")) return "windows";
  if (s.startsWith("ios") || s.startsWith("ipados")) return "iOS";
  if (s.startsWith("android")) return "android";
  if (s.startsWith("mac")) return "macOS";
  if (s.startsWith("linux") || s.startsWith("ubuntu")) return "linux";
  return "unknown";
}

/**
 * Sign-in logs spell the join type as the portal does ("Azure AD joined", "Microsoft Entra hybrid
 * joined"); filters use the device object's values.
 */
function trustTypeOf(value: string | undefined): string | undefined {
  const s = (value ?? "").toLowerCase().replace(/[\s-]/g, "");
  if (s === "") return undefined;
  if (s.includes("hybrid") || s === "serverad" || s === "domainjoined") return "ServerAD";
  if (s.includes("registered") || s.startsWith("workplace")) return "Workplace";
  if (s.includes("joined") || s === "azuread") return "AzureAD";
  return undefined;
}

const RISK = new Set(["none", "low", "medium", "high"]);

/**
 * The flow that began the session: beta `originalTransferMethod` (kept through refreshes, as
 * Conditional Access tracks it), else a request whose own `authenticationProtocol` is one of the
 * two flows. Anything else, including a v1.0 record without these fields, cannot tell.
 */
function authenticationFlowOf(r: Json): string | undefined {
  const original = str(r["originalTransferMethod"]);
  if (original === "none" || original === "deviceCodeFlow" || original === "authenticationTransfer") return original;
  const protocol = str(r["authenticationProtocol"]);
  if (protocol === "deviceCode") return "deviceCodeFlow";
  if (protocol === "authenticationTransfer") return "authenticationTransfer";
  return undefined;
}

/**
 * Maps a sign-in log record to Tenet's sign-in snapshot. What the log does not record is read
 * from `tenant` (group and role membership, named locations) or listed in the snapshot's
 * `unknown` extension, so that a condition needing it makes the policy not evaluable instead
 * of silently not applying. Field sources: docs/semantics.md "Sign-in logs".
 */
export function signInFromLog(
  record: Json,
  shape: SignInLogShape,
  tenant: TenantDirectory,
  referenced: { groups: readonly string[]; roles: readonly string[] },
): Json {
  const r = shape === "logAnalytics" ? fromLogAnalytics(record) : record;
  const facts: string[] = ["userRisk", "application.suites"];
  const userId = str(r["userId"]) ?? "";
  const user: Json = { id: userId };
  if (str(r["userDisplayName"]) !== undefined) user["displayName"] = r["userDisplayName"];
  const userType = str(r["userType"])?.toLowerCase();
  const home = str(r["homeTenantId"]);
  const resourceTenant = str(r["resourceTenantId"]);
  if (userType === "member" || userType === "guest") user["userType"] = userType;
  else if (home !== undefined && home === resourceTenant) user["userType"] = "member";
  else facts.push("user.userType");

  const unknownGroups: string[] = [];
  const groups: string[] = [];
  if (tenant.memberships === undefined) facts.push("groups");
  else
    for (const id of referenced.groups) {
      const m = tenant.memberships(id, userId);
      if (m === "member") groups.push(id);
      else if (m === "unknown") unknownGroups.push(id);
    }
  const unknownRoles: string[] = [];
  const roles: string[] = [];
  if (tenant.roleMembers === undefined) facts.push("roles");
  else
    for (const id of referenced.roles) {
      const members = tenant.roleMembers.get(id);
      if (members === undefined) unknownRoles.push(id);
      else if (members.has(userId)) roles.push(id);
    }

  const location: Json = {};
  const place = isObject(r["location"]) ? r["location"] : {};
  const country = str(place["countryOrRegion"]);
  if (country !== undefined) location["countryCode"] = country;
  const ip = str(r["ipAddress"]);
  const networks = Array.isArray(r["networkLocationDetails"]) ? r["networkLocationDetails"].filter(isObject) : [];
  if (tenant.namedLocations !== undefined) {
    const matched = tenant.namedLocations.match(ip, country);
    location["namedLocationIds"] = matched.ids;
    location["trusted"] = matched.trusted || networks.some((n) => n["networkType"] === "trustedNamedLocation");
  } else {
    facts.push("location.namedLocationIds");
    if (networks.some((n) => n["networkType"] === "trustedNamedLocation")) location["trusted"] = true;
    else facts.push("location.trusted");
  }

  const risk = str(r["riskLevelDuringSignIn"]);
  const detail = isObject(r["deviceDetail"]) ? r["deviceDetail"] : {};
  const deviceId = str(detail["deviceId"]);
  const trustType = trustTypeOf(str(detail["trustType"]));
  const device: Json | null =
    deviceId === undefined && trustType === undefined
      ? null
      : {
          ...(deviceId === undefined ? {} : { deviceId }),
          ...(str(detail["displayName"]) === undefined ? {} : { displayName: detail["displayName"] }),
          ...(str(detail["operatingSystem"]) === undefined ? {} : { operatingSystem: detail["operatingSystem"] }),
          ...(trustType === undefined ? {} : { trustType }),
          ...(typeof detail["isCompliant"] === "boolean" ? { isCompliant: detail["isCompliant"] } : {}),
          ...(typeof detail["isManaged"] === "boolean" ? { isManaged: detail["isManaged"] } : {}),
        };
  const status = isObject(r["status"]) ? r["status"] : {};
  const mfaDone = r["authenticationRequirement"] === "multiFactorAuthentication" && status["errorCode"] === 0;
  const clientApp = str(r["clientAppUsed"]);
  const app = str(r["resourceId"]) ?? str(r["appId"]);
  if (risk === undefined || !RISK.has(risk)) facts.push("signInRisk");
  const flow = authenticationFlowOf(r);
  if (flow === undefined) facts.push("authenticationFlow");
  return {
    user,
    groups,
    roles,
    application: app === undefined ? {} : { id: app },
    ...(clientApp === undefined ? {} : { clientAppType: CLIENT_APPS[clientApp.toLowerCase()] ?? "other" }),
    platform: platformOf(str(detail["operatingSystem"])),
    location,
    ...(risk !== undefined && RISK.has(risk) ? { signInRisk: risk } : {}),
    ...(flow === undefined ? {} : { authenticationFlow: flow }),
    device,
    satisfied: mfaDone ? { mfa: true } : {},
    unknown: { groups: unknownGroups, roles: unknownRoles, namedLocations: [], facts },
  };
}
