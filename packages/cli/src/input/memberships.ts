import { readFileSync } from "node:fs";
import { isSnapshotDirectory, snapshotFile, SNAPSHOT_FILES } from "@tenet/graph";
import { makeDiagnostic, type Diagnostic } from "@tenet/parser";
import { buildMembershipIndex, type MembershipIndex } from "@tenet/evaluator";
import { fileError } from "../exit-codes.js";

/**
 * The group-membership file for a run: `--groups FILE` when given, else the `groups.ndjson`
 * of a snapshot directory (one with `manifest.json`) among the inputs. Undefined when neither.
 */
export function membershipFile(groups: string | undefined, snapshots: readonly string[]): string | undefined {
  if (groups !== undefined) return groups;
  for (const s of snapshots) {
    const file = s === "-" || !isSnapshotDirectory(s) ? undefined : snapshotFile(s, SNAPSHOT_FILES.groups);
    if (file !== undefined) return file;
  }
  return undefined;
}

/**
 * Reads a membership file: NDJSON, one Graph group per line with `transitiveMembers` (as
 * `tenet pull` writes it) or direct `members` (nested groups are expanded). A bad line is
 * reported (CP5040, with its line) and the others are kept; groups it would have described
 * stay unknown. An unreadable file is a usage error.
 */
export function loadMemberships(path: string): { index: MembershipIndex; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw fileError(path, error);
  }
  const diagnostics: Diagnostic[] = [];
  const records: unknown[] = [];
  const lines: number[] = [];
  const at = (line: number) => ({
    file: path,
    start: { line, column: 1, offset: 0 },
    end: { line, column: 1, offset: 0 },
  });
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      records.push(JSON.parse(raw));
      lines.push(i + 1);
    } catch (error) {
      diagnostics.push(
        makeDiagnostic("CP5040", at(i + 1), {
          record: `on line ${i + 1}`,
          reason: `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
        }),
      );
    }
  });
  const built = buildMembershipIndex(records);
  for (const p of built.problems)
    diagnostics.push(
      makeDiagnostic("CP5040", at(lines[p.record - 1]!), {
        record: `on line ${lines[p.record - 1]}`,
        reason: p.reason,
      }),
    );
  return { index: built.index, diagnostics };
}
