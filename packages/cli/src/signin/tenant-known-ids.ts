// analyze access --tenant-dir: the group, role and named-location ids a pulled snapshot directory lists.
import { readFileSync } from "node:fs";
import { isSnapshotDirectory, readManifest, snapshotFile, SNAPSHOT_FILES } from "@tenet/graph";
import { emptySpan, makeDiagnostic, type Diagnostic } from "@tenet/parser";
import type { KnownIds } from "@tenet/evaluator";
import { CliError, errnoReason } from "../exit-codes.js";

/** Each kind of id, the file that lists it, and the record fields policies name it by. */
const KINDS = [
  { kind: "group", key: "groups", file: SNAPSHOT_FILES.groups, fields: ["id"] },
  // Conditional Access names directory roles by their template id; the activated role's own id is accepted too.
  { kind: "role", key: "roles", file: SNAPSHOT_FILES.directoryRoles, fields: ["roleTemplateId", "id"] },
  { kind: "named location", key: "namedLocations", file: SNAPSHOT_FILES.namedLocations, fields: ["id"] },
] as const;

/**
 * The ids a snapshot directory (`tenet pull`) lists, for the unknown-reference findings. A kind
 * whose file was not pulled, could not be read, or holds a record without an id is left out
 * (unknown, never empty) with a warning; a directory that is not a snapshot is an error.
 */
export function tenantKnownIds(dir: string): { known: KnownIds; diagnostics: Diagnostic[] } {
  const at = emptySpan(dir);
  let manifest;
  try {
    if (!isSnapshotDirectory(dir)) throw new Error("it holds no manifest.json (a directory written by `tenet pull`)");
    manifest = readManifest(dir);
  } catch (error) {
    throw new CliError([makeDiagnostic("CP5213", at, { path: dir, reason: errnoReason(error) })]);
  }
  const known: { -readonly [K in keyof KnownIds]: Set<string> } = {};
  const diagnostics: Diagnostic[] = [];
  for (const { kind, key, file, fields } of KINDS) {
    const unchecked = (reason: string) => diagnostics.push(makeDiagnostic("CP5233", at, { kind, path: dir, reason }));
    const path = snapshotFile(dir, file);
    if (path === undefined) {
      const stem = file.replace(/\.[^.]+$/, "");
      const unreadable = manifest.unreadable.find((u) => u.collection === stem);
      unchecked(
        unreadable === undefined
          ? `it has no ${file}`
          : `${stem} could not be read when it was pulled (HTTP ${unreadable.status}); grant ${unreadable.permission}`,
      );
      continue;
    }
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      unchecked(`${file}: ${errnoReason(error)}`);
      continue;
    }
    const ids = new Set<string>();
    let complete = true;
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        record = undefined;
      }
      const named = fields
        .map((f) =>
          record !== null && typeof record === "object" ? (record as Record<string, unknown>)[f] : undefined,
        )
        .filter((id): id is string => typeof id === "string");
      if (named.length === 0) {
        complete = false;
        unchecked(`${file} line ${i + 1} is not a JSON record with a string \`${fields[0]}\``);
      }
      for (const id of named) ids.add(id);
    });
    if (complete) known[key] = ids;
  }
  return { known, diagnostics };
}
