// whatif: what a sign-in log does not record, read from a pulled snapshot directory (docs: SNAPSHOT-DIR contract).
import { existsSync, readFileSync } from "node:fs";
import { BlockList, isIP } from "node:net";
import { join } from "node:path";
import { SNAPSHOT_FILES } from "@tenet/graph";
import { loadMemberships } from "../input/memberships.js";
import { makeDiagnostic } from "@tenet/parser";
import { CliError, fileError } from "../exit-codes.js";

/** What a tenant snapshot directory can tell about a sign-in; a part the directory lacks is undefined (unknown). */
export interface TenantDirectory {
  /** `member`, `notMember` or `unknown` for a user (object id) in a group (id), from groups.ndjson. */
  memberships?: (groupId: string, userId: string) => "member" | "notMember" | "unknown";
  /** Role template id -> member object ids, from directory-roles.ndjson. */
  roleMembers?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The named locations an IP address and country fall in, from named-locations.ndjson. */
  namedLocations?: { match(ip: string | undefined, country: string | undefined): { ids: string[]; trusted: boolean } };
}

function records(path: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw fileError(path, error);
  }
  return text
    .split(/\r?\n/)
    .map((line, i) => {
      if (line.trim() === "") return undefined;
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        const at = { line: i + 1, column: 1, offset: 0 };
        throw new CliError([
          makeDiagnostic("CP5004", { file: path, start: at, end: at }, { format: "JSON", reason: `line ${i + 1}` }),
        ]);
      }
    })
    .filter((r): r is Record<string, unknown> => r !== null && typeof r === "object" && !Array.isArray(r));
}

interface NamedLocation {
  id: string;
  trusted: boolean;
  ips?: BlockList;
  countries?: Set<string>;
}

function namedLocation(r: Record<string, unknown>): NamedLocation | undefined {
  if (typeof r["id"] !== "string") return undefined;
  const location: NamedLocation = { id: r["id"], trusted: r["isTrusted"] === true };
  if (Array.isArray(r["ipRanges"])) {
    location.ips = new BlockList();
    for (const range of r["ipRanges"] as Record<string, unknown>[]) {
      const [address, bits] = String(range?.["cidrAddress"] ?? "").split("/");
      const family = isIP(address ?? "");
      if (family !== 0 && bits !== undefined)
        location.ips.addSubnet(address!, Number(bits), family === 6 ? "ipv6" : "ipv4");
    }
  }
  // A country location looked up by GPS (Authenticator) cannot be decided from the log's IP-based country.
  if (Array.isArray(r["countriesAndRegions"]) && r["countryLookupMethod"] !== "authenticatorAppGps") {
    location.countries = new Set(
      (r["countriesAndRegions"] as unknown[])
        .filter((c): c is string => typeof c === "string")
        .map((c) => c.toUpperCase()),
    );
  }
  return location;
}

/** Reads the parts of a snapshot directory that answer what a sign-in log cannot; files that are absent stay unknown. */
export function loadTenantDirectory(dir: string | undefined): TenantDirectory {
  if (dir === undefined) return {};
  const tenant: TenantDirectory = {};
  const groups = join(dir, SNAPSHOT_FILES.groups);
  if (existsSync(groups)) {
    const { index } = loadMemberships(groups);
    tenant.memberships = (groupId, userId) => {
      const group = index.groups.get(groupId);
      if (group === undefined) return "unknown";
      if (group.users.has(userId)) return "member";
      return group.usersComplete ? "notMember" : "unknown";
    };
  }
  const roles = join(dir, SNAPSHOT_FILES.directoryRoles);
  if (existsSync(roles)) {
    const map = new Map<string, Set<string>>();
    for (const r of records(roles)) {
      if (typeof r["roleTemplateId"] !== "string") continue;
      const members = Array.isArray(r["members"])
        ? (r["members"] as Record<string, unknown>[])
            .map((m) => m?.["id"])
            .filter((id): id is string => typeof id === "string")
        : [];
      map.set(r["roleTemplateId"], new Set(members));
    }
    tenant.roleMembers = map;
  }
  const locations = join(dir, SNAPSHOT_FILES.namedLocations);
  if (existsSync(locations)) {
    const all = records(locations)
      .map(namedLocation)
      .filter((l): l is NamedLocation => l !== undefined);
    tenant.namedLocations = {
      match(ip, country) {
        const family = isIP(ip ?? "");
        const ids: string[] = [];
        let trusted = false;
        for (const l of all) {
          const inside =
            (l.ips !== undefined && family !== 0 && l.ips.check(ip!, family === 6 ? "ipv6" : "ipv4")) ||
            (l.countries !== undefined && country !== undefined && l.countries.has(country.toUpperCase()));
          if (!inside) continue;
          ids.push(l.id);
          trusted ||= l.trusted;
        }
        return { ids, trusted };
      },
    };
  }
  return tenant;
}
