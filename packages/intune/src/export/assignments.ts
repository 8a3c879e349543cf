import { createHash } from "node:crypto";
import type { CheckedAssignment, CheckedFilter } from "@tenet/parser";
import { FILTER_PLATFORM_OF } from "../import/assignment-filters.js";

type Json = Record<string, unknown>;
const GRAPH_PLATFORM: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FILTER_PLATFORM_OF).map(([graph, tenet]) => [tenet, graph]),
);

/**
 * The Graph id Tenet gives an assignment filter it exports: a GUID derived from the filter's
 * name, so a policy's assignments and the filter objects written beside them agree, run after run.
 */
export function filterId(name: string): string {
  const h = createHash("sha256").update(`tenet-assignment-filter:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** One assignment filter as a Graph `deviceAndAppManagementAssignmentFilter`. */
export function exportAssignmentFilter(filter: CheckedFilter): Json {
  const out: Json = {
    "@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentFilter",
    id: filterId(filter.name),
    displayName: filter.title,
    platform: GRAPH_PLATFORM[filter.platform] ?? filter.platform,
    rule: filter.rule,
    assignmentFilterManagementType: "devices",
  };
  if (filter.description !== undefined) out["description"] = filter.description;
  return out;
}

/** A policy's assignments as Graph `deviceCompliancePolicyAssignment` objects. */
export function exportAssignments(assignments: readonly CheckedAssignment[]): Json[] {
  return assignments.map((a) => {
    const t = a.target;
    const target: Json =
      t.kind === "allUsers"
        ? { "@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget" }
        : t.kind === "allDevices"
          ? { "@odata.type": "#microsoft.graph.allDevicesAssignmentTarget" }
          : {
              "@odata.type": `#microsoft.graph.${a.mode === "exclude" ? "exclusionGroupAssignmentTarget" : "groupAssignmentTarget"}`,
              groupId: t.id,
            };
    target["deviceAndAppManagementAssignmentFilterId"] = a.filter === undefined ? null : filterId(a.filter.name);
    target["deviceAndAppManagementAssignmentFilterType"] = a.filter?.mode ?? "none";
    return { "@odata.type": "#microsoft.graph.deviceCompliancePolicyAssignment", target };
  });
}
