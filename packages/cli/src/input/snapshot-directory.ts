import { readFileSync } from "node:fs";
import { isSnapshotDirectory, readManifest, snapshotFile, SNAPSHOT_FILES } from "@tenet/graph";
import { emptySpan, makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { CliError, errnoReason } from "../exit-codes.js";

/**
 * The path of `file` in a snapshot directory. A collection the pull could not read is an
 * error naming the missing permission (unknown, never empty); one it did not pull is an error too.
 */
function collectionFile(dir: string, file: string): string {
  let manifest;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    throw new CliError([makeDiagnostic("CP5213", emptySpan(dir), { path: dir, reason: errnoReason(error) })]);
  }
  const path = snapshotFile(dir, file);
  if (path !== undefined) return path;
  const stem = file.replace(/\.[^.]+$/, "");
  const unreadable = manifest.unreadable.find((u) => u.collection === stem);
  throw new CliError([
    unreadable === undefined
      ? makeDiagnostic("CP5214", emptySpan(dir), { path: dir, file })
      : makeDiagnostic("CP5215", emptySpan(dir), {
          path: dir,
          collection: stem,
          status: unreadable.status,
          permission: unreadable.permission,
        }),
  ]);
}

/** Arguments with each snapshot directory (one holding manifest.json) replaced by its `file`. */
export function snapshotDirectoryFiles(args: readonly string[], file: string): string[] {
  return args.map((arg) => (arg !== "-" && isSnapshotDirectory(arg) ? collectionFile(arg, file) : arg));
}

/**
 * The tenant-settings.json of the first snapshot directory among the arguments, for `--tenant`
 * when the user gave none. A directory whose devices could not be pulled is an error here already.
 */
export function snapshotDirectoryTenant(args: readonly string[]): string | undefined {
  let tenant: string | undefined;
  for (const arg of args) {
    if (arg === "-" || !isSnapshotDirectory(arg)) continue;
    collectionFile(arg, SNAPSHOT_FILES.devices);
    tenant ??= snapshotFile(arg, SNAPSHOT_FILES.tenantSettings);
  }
  return tenant;
}

/** Graph policy objects of a file, as `tenet import intune` takes them. */
export interface GraphPolicySource {
  file: string;
  objects: Record<string, unknown>[];
  text: string;
  diagnostics: Diagnostic[];
}

/**
 * The compliance and Conditional Access policies of a snapshot directory, one Graph object
 * per NDJSON line; a line that is not a JSON object is reported with its line and skipped.
 */
export function snapshotDirectoryPolicies(dir: string): GraphPolicySource[] {
  const files = [SNAPSHOT_FILES.compliancePolicies, SNAPSHOT_FILES.conditionalAccessPolicies];
  const readable = files.flatMap((file) => {
    try {
      return [collectionFile(dir, file)];
    } catch {
      // One of the two may be unreadable; the other is still imported. Both missing is an error below.
      return [];
    }
  });
  if (readable.length === 0) collectionFile(dir, files[0]!);
  return readable.map((file) => {
    const text = readFileSync(file, "utf8");
    const objects: Record<string, unknown>[] = [];
    const diagnostics: Diagnostic[] = [];
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const at = { file, start: { line: i + 1, column: 1, offset: 0 }, end: { line: i + 1, column: 1, offset: 0 } };
      try {
        const value = JSON.parse(line) as unknown;
        if (value !== null && typeof value === "object" && !Array.isArray(value))
          objects.push(value as Record<string, unknown>);
        else
          diagnostics.push(
            makeDiagnostic("CP5004", at, { format: "Graph export", reason: `line ${i + 1} is not a policy object` }),
          );
      } catch (error) {
        diagnostics.push(
          makeDiagnostic("CP5004", at, {
            format: "NDJSON",
            reason: `line ${i + 1}: ${error instanceof Error ? error.message : String(error)}`,
          }),
        );
      }
    });
    return { file, objects, text, diagnostics };
  });
}
