import { describe, expect, it } from "vitest";
import * as api from "@tenet/graph";
import * as emulator from "@tenet/graph/emulator";

describe("@tenet/graph public API", () => {
  it("exports the pull, its catalog, sign-in, the client and the snapshot-directory readers, and no more", () => {
    expect(Object.keys(api).sort()).toEqual([
      "AUTH_METHODS",
      "AuthConfigurationError",
      "COLLECTIONS",
      "DOCUMENTED_LIMITS",
      "GRAPH_SCOPE",
      "GraphClient",
      "GraphHttpError",
      "SNAPSHOT_FILES",
      "authenticate",
      "hasCheckpoint",
      "isSnapshotDirectory",
      "pullTenant",
      "readManifest",
      "requiredPermissions",
      "snapshotFile",
    ]);
    expect(Object.keys(emulator).sort()).toEqual(["GeneratedTenant", "startGraphEmulator"]);
  });

  it("lists every application permission a full pull needs, read-only", () => {
    expect(api.requiredPermissions()).toEqual([
      "AuditLog.Read.All",
      "Device.Read.All",
      "DeviceManagementConfiguration.Read.All",
      "DeviceManagementManagedDevices.Read.All",
      "GroupMember.Read.All",
      "Policy.Read.All",
      "RoleManagement.Read.Directory",
    ]);
    expect(api.requiredPermissions().every((p) => p.includes(".Read"))).toBe(true);
  });
});
