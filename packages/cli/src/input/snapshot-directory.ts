import { isSnapshotDirectory, readManifest, snapshotFile, SNAPSHOT_FILES } from "@tenet/graph";
import { UsageError } from "../exit-codes.js";

/**
 * The tenant-settings.json of the first snapshot directory (one with manifest.json) among the
 * arguments, for `--tenant` when the user gave none. A directory whose devices could not be
 * pulled is an error naming the missing permission, never an empty input.
 */
export function snapshotDirectoryTenant(args: readonly string[], file: string = SNAPSHOT_FILES.devices): string | undefined {
  let tenant: string | undefined;
  for (const arg of args) {
    if (arg === "-" || !isSnapshotDirectory(arg)) continue;
    let manifest;
    try {
      manifest = readManifest(arg);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    if (snapshotFile(arg, file) === undefined) {
      const stem = file.replace(/\.[^.]+$/, "");
      const unreadable = manifest.unreadable.find((u) => u.collection === stem);
      throw new UsageError(unreadable === undefined ? `snapshot directory \`${arg}\` has no ${file}` : `snapshot directory \`${arg}\`: ${stem} could not be read when it was pulled (HTTP ${unreadable.status}); grant ${unreadable.permission} and pull again`);
    }
    tenant ??= snapshotFile(arg, SNAPSHOT_FILES.tenantSettings);
  }
  return tenant;
}
