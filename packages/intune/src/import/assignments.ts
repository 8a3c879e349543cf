import { makeDiagnostic } from "@tenet/parser";
import type { ImportContext } from "./import-compliance.js";
import { q } from "./names.js";

/** A filter id Graph writes for "no filter". */
const NO_FILTER = "00000000-0000-0000-0000-000000000000";

/**
 * A compliance policy's Graph `assignments` as `assign` lines: group, exclusion group, all
 * licensed users and all devices targets, with their assignment filter (by the Tenet name
 * the import gave it). A target Tenet cannot express, or a filter that is not part of the
 * import, is a CP5013 warning and the assignment is left out (never widened).
 */
export function importAssignments(
  policy: Record<string, unknown>,
  displayName: string,
  filters: ReadonlyMap<string, string>,
  ctx: ImportContext,
): string[] {
  const list = policy["assignments"];
  if (!Array.isArray(list)) return [];
  const lines: string[] = [];
  const skip = (i: number, why: string) =>
    ctx.diagnostics.push(
      makeDiagnostic("CP5013", ctx.at("assignments"), { property: `assignments[${i}] (${why})`, policy: displayName }),
    );
  list.forEach((assignment, i) => {
    const target =
      assignment !== null && typeof assignment === "object"
        ? (assignment as Record<string, unknown>)["target"]
        : undefined;
    if (target === null || typeof target !== "object") return skip(i, "no target");
    const t = target as Record<string, unknown>;
    const type = String(t["@odata.type"] ?? "").replace(/^#?microsoft\.graph\./, "");
    const group = typeof t["groupId"] === "string" && t["groupId"] !== "" ? t["groupId"] : undefined;
    const groupName =
      typeof t["groupDisplayName"] === "string" && t["groupDisplayName"] !== "" ? ` ${q(t["groupDisplayName"])}` : "";
    let text: string;
    if (type === "groupAssignmentTarget" && group !== undefined) text = `assign include group ${q(group)}${groupName}`;
    else if (type === "exclusionGroupAssignmentTarget" && group !== undefined)
      text = `assign exclude group ${q(group)}${groupName}`;
    else if (type === "allLicensedUsersAssignmentTarget") text = "assign include all users";
    else if (type === "allDevicesAssignmentTarget") text = "assign include all devices";
    else return skip(i, `target \`${type || "without @odata.type"}\``);
    const mode = t["deviceAndAppManagementAssignmentFilterType"];
    const filterId = t["deviceAndAppManagementAssignmentFilterId"];
    if (
      (mode === "include" || mode === "exclude") &&
      typeof filterId === "string" &&
      filterId !== "" &&
      filterId !== NO_FILTER &&
      !text.startsWith("assign exclude")
    ) {
      const name = filters.get(filterId);
      if (name === undefined) return skip(i, `assignment filter \`${filterId}\` is not in the import`);
      text += ` filter ${mode} ${name}`;
    }
    lines.push(text);
  });
  return lines;
}
