// The catalog of what `tenet pull` reads: one entry per snapshot file, with the Graph
// endpoint, API version, application permission and throttling service it draws on.

/** A Graph service whose documented throttling limit the request budget applies. */
export type ThrottlingService =
  "intuneDevices" | "intuneDeviceConfiguration" | "conditionalAccess" | "directory" | "auditLogs";

/** Names of the collections `tenet pull` can write, in the order it pulls them. */
export type CollectionName =
  | "tenant-settings"
  | "compliance-policies"
  | "assignment-filters"
  | "conditional-access-policies"
  | "named-locations"
  | "authentication-strengths"
  | "directory-roles"
  | "groups"
  | "devices"
  | "device-compliance-policy-states"
  | "device-health-attestation"
  | "device-protection-state"
  | "signins";

/** One collection of the snapshot directory and where it comes from in Graph. */
export interface CollectionSpec {
  name: CollectionName;
  /** File in the snapshot directory; enrichments have none (they add properties to another file's records). */
  file?: string;
  /** Graph path under the API version, with `{id}` for per-record enrichments. */
  path: string;
  apiVersion: "v1.0" | "beta";
  /** The least-privileged application permission that reads it (Graph reference). */
  permission: string;
  service: ThrottlingService;
  /** What it holds, for `tenet pull --help` and docs. */
  description: string;
}

/** Every collection, in pull order: groups come after the policies that reference them. */
export const COLLECTIONS: readonly CollectionSpec[] = [
  {
    name: "tenant-settings",
    file: "tenant-settings.json",
    path: "/deviceManagement",
    apiVersion: "v1.0",
    permission: "DeviceManagementConfiguration.Read.All",
    service: "intuneDeviceConfiguration",
    description: "tenant compliance settings (secureByDefault, check-in validity days)",
  },
  {
    name: "compliance-policies",
    file: "compliance-policies.ndjson",
    path: "/deviceManagement/deviceCompliancePolicies",
    apiVersion: "v1.0",
    permission: "DeviceManagementConfiguration.Read.All",
    service: "intuneDeviceConfiguration",
    description: "compliance policies with assignments and scheduled actions",
  },
  {
    name: "assignment-filters",
    file: "assignment-filters.ndjson",
    path: "/deviceManagement/assignmentFilters",
    apiVersion: "beta",
    permission: "DeviceManagementConfiguration.Read.All",
    service: "intuneDeviceConfiguration",
    description: "assignment filters (beta only)",
  },
  {
    name: "conditional-access-policies",
    file: "conditional-access-policies.ndjson",
    path: "/identity/conditionalAccess/policies",
    apiVersion: "v1.0",
    permission: "Policy.Read.All",
    service: "conditionalAccess",
    description: "Conditional Access policies",
  },
  {
    name: "named-locations",
    file: "named-locations.ndjson",
    path: "/identity/conditionalAccess/namedLocations",
    apiVersion: "v1.0",
    permission: "Policy.Read.All",
    service: "conditionalAccess",
    description: "named locations (IP ranges, countries)",
  },
  {
    name: "authentication-strengths",
    file: "authentication-strengths.ndjson",
    path: "/policies/authenticationStrengthPolicies",
    apiVersion: "v1.0",
    permission: "Policy.Read.All",
    service: "directory",
    description: "authentication strengths",
  },
  {
    name: "directory-roles",
    file: "directory-roles.ndjson",
    path: "/directoryRoles",
    apiVersion: "v1.0",
    permission: "RoleManagement.Read.Directory",
    service: "directory",
    description: "activated directory roles with their members",
  },
  {
    name: "groups",
    file: "groups.ndjson",
    path: "/groups/{id}",
    apiVersion: "v1.0",
    permission: "GroupMember.Read.All",
    service: "directory",
    description:
      "groups the policies reference, with transitive members (device members' deviceId needs Device.Read.All)",
  },
  {
    name: "devices",
    file: "devices.ndjson",
    path: "/deviceManagement/managedDevices",
    apiVersion: "v1.0",
    permission: "DeviceManagementManagedDevices.Read.All",
    service: "intuneDevices",
    description: "managed devices",
  },
  {
    name: "device-compliance-policy-states",
    path: "/deviceManagement/managedDevices/{id}/deviceCompliancePolicyStates",
    apiVersion: "v1.0",
    permission: "DeviceManagementManagedDevices.Read.All",
    service: "intuneDeviceConfiguration",
    description: "per-device compliance policy and setting states, added to each device",
  },
  {
    name: "device-health-attestation",
    path: "/deviceManagement/managedDevices/{id}",
    apiVersion: "v1.0",
    permission: "DeviceManagementManagedDevices.Read.All",
    service: "intuneDevices",
    description: "Windows health attestation (the list leaves it null), added to each Windows device",
  },
  {
    name: "device-protection-state",
    path: "/deviceManagement/managedDevices/{id}/windowsProtectionState",
    apiVersion: "v1.0",
    permission: "DeviceManagementManagedDevices.Read.All",
    service: "intuneDevices",
    description: "Windows Defender protection state, added to each Windows device",
  },
  {
    name: "signins",
    file: "signins.ndjson",
    path: "/auditLogs/signIns",
    apiVersion: "v1.0",
    permission: "AuditLog.Read.All",
    service: "auditLogs",
    description: "sign-ins of the last N days (--signins-days)",
  },
];

/** The catalog entry of `name`. */
export function collection(name: CollectionName): CollectionSpec {
  const spec = COLLECTIONS.find((c) => c.name === name);
  if (spec === undefined) throw new Error(`bug: no collection \`${name}\``);
  return spec;
}

/** Every application permission a full pull needs, sorted, without repeats. */
export function requiredPermissions(): string[] {
  return [...new Set([...COLLECTIONS.map((c) => c.permission), "Device.Read.All"])].sort();
}
