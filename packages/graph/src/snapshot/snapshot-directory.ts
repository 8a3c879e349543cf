// Reading a snapshot directory: how commands recognise one and find its files.

import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE, SNAPSHOT_FORMAT, type Manifest } from "../pull/manifest.js";

/** File names of the snapshot directory (docs/snapshot-directory.md). */
export const SNAPSHOT_FILES = {
  manifest: MANIFEST_FILE,
  devices: "devices.ndjson",
  compliancePolicies: "compliance-policies.ndjson",
  assignmentFilters: "assignment-filters.ndjson",
  groups: "groups.ndjson",
  directoryRoles: "directory-roles.ndjson",
  conditionalAccessPolicies: "conditional-access-policies.ndjson",
  namedLocations: "named-locations.ndjson",
  authenticationStrengths: "authentication-strengths.ndjson",
  tenantSettings: "tenant-settings.json",
  signins: "signins.ndjson",
} as const;

/** True when `path` is a directory holding a manifest.json, i.e. a snapshot directory. */
export function isSnapshotDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true && existsSync(join(path, MANIFEST_FILE));
}

/** The manifest of a snapshot directory; throws with the file named when it is not one Tenet can read. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>;
  } catch (error) {
    throw new Error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed.format !== SNAPSHOT_FORMAT)
    throw new Error(
      `${path} has format ${JSON.stringify(parsed.format)}; this version of tenet reads ${SNAPSHOT_FORMAT}`,
    );
  return parsed as Manifest;
}

/** The path of `file` in the directory, or undefined when it was not pulled or could not be read. */
export function snapshotFile(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  return existsSync(path) ? path : undefined;
}
