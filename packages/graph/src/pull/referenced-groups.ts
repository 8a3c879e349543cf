import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Ids of the groups that compliance policy assignments and Conditional Access policies name,
 * read back from the pulled files, sorted so every run pulls them in the same order.
 */
export function referencedGroupIds(dir: string): string[] {
  const ids = new Set<string>();
  for (const policy of records(join(dir, "compliance-policies.ndjson"))) {
    for (const assignment of asArray(policy.assignments)) {
      const target = (assignment as { target?: { groupId?: unknown } }).target;
      if (typeof target?.groupId === "string") ids.add(target.groupId);
    }
  }
  for (const policy of records(join(dir, "conditional-access-policies.ndjson"))) {
    const users = (policy as { conditions?: { users?: { includeGroups?: unknown; excludeGroups?: unknown } } })
      .conditions?.users;
    for (const id of [...asArray(users?.includeGroups), ...asArray(users?.excludeGroups)])
      if (typeof id === "string") ids.add(id);
  }
  return [...ids].sort();
}

function records(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
