// assign: group records (Graph `group` with members) -> an index of who is in which group.

/** Whether a user or device is in a group: unknown when Tenet lacks (part of) the group's membership. */
export type Membership = "member" | "notMember" | "unknown";

/** One group's transitive members: user object ids (and lower-cased UPNs) and device ids (`managedDevice.azureADDeviceId`). */
export interface GroupMembers {
  id: string;
  displayName?: string;
  users: ReadonlySet<string>;
  devices: ReadonlySet<string>;
  /** False when a nested group or a user member could not be resolved: a user's absence then proves nothing. */
  usersComplete: boolean;
  /** Likewise for devices (a device member without `deviceId` cannot be matched). */
  devicesComplete: boolean;
}

/** Group memberships by group id, built once and read for every device. */
export interface MembershipIndex {
  groups: ReadonlyMap<string, GroupMembers>;
}

/** A group record that could not be used, by its 1-based position among the records. */
export interface MembershipProblem {
  record: number;
  reason: string;
}

type MemberKind = "user" | "device" | "group";
interface Member {
  kind: MemberKind;
  id: string;
}
interface RawGroup {
  id: string;
  displayName?: string;
  /** `transitiveMembers` already holds the flattened membership; `members` needs nested groups expanded. */
  transitive: boolean;
  members: Member[];
  usersComplete: boolean;
  devicesComplete: boolean;
}

/** The kind of a Graph directory object, with or without the `#microsoft.graph.` prefix. */
function kindOf(type: unknown): MemberKind | undefined {
  if (typeof type !== "string") return undefined;
  const bare = type.startsWith("#microsoft.graph.") ? type.slice("#microsoft.graph.".length) : type;
  return bare === "user" || bare === "device" || bare === "group" ? bare : undefined;
}

function readGroup(record: unknown): RawGroup | string {
  if (record === null || typeof record !== "object" || Array.isArray(record))
    return "a group record must be a JSON object";
  const r = record as Record<string, unknown>;
  if (typeof r["id"] !== "string" || r["id"] === "") return "the group has no `id`";
  const transitive = Array.isArray(r["transitiveMembers"]);
  const list = transitive ? r["transitiveMembers"] : r["members"];
  if (!Array.isArray(list)) return `group \`${r["id"]}\` has neither \`transitiveMembers\` nor \`members\``;
  const members: Member[] = [];
  let usersComplete = true;
  let devicesComplete = true;
  for (const m of list) {
    const kind =
      m !== null && typeof m === "object" ? kindOf((m as Record<string, unknown>)["@odata.type"]) : undefined;
    // Devices are matched by their Entra device id (`deviceId`), which is what managedDevice.azureADDeviceId holds.
    const id =
      kind === "device"
        ? (m as Record<string, unknown>)["deviceId"]
        : kind === undefined
          ? undefined
          : (m as Record<string, unknown>)["id"];
    if (kind === undefined || typeof id !== "string" || id === "") {
      // Service principals, contacts and the like are neither users nor devices: no gap. A device
      // without deviceId or a group without id is a gap: absence no longer proves non-membership.
      if (kind === "device" || kind === "group") devicesComplete = false;
      if (kind === "group") usersComplete = false;
      continue;
    }
    members.push({ kind, id });
    // Snapshots without `userId` still name the user by UPN: index users under both.
    const upn = kind === "user" ? (m as Record<string, unknown>)["userPrincipalName"] : undefined;
    if (typeof upn === "string" && upn !== "") members.push({ kind, id: upn.toLowerCase() });
  }
  return {
    id: r["id"],
    ...(typeof r["displayName"] === "string" ? { displayName: r["displayName"] } : {}),
    transitive,
    members,
    usersComplete,
    devicesComplete,
  };
}

/**
 * Builds the membership index from group records in the snapshot's `groups.ndjson` shape
 * (`{id, displayName, transitiveMembers: [{"@odata.type", id, deviceId}]}`), or with direct
 * `members` whose nested groups are expanded here (cycles are safe). A nested group that is
 * not among the records leaves its parent incomplete: membership answers become unknown
 * rather than "not a member". A bad record is reported and the others are kept.
 */
export function buildMembershipIndex(records: readonly unknown[]): {
  index: MembershipIndex;
  problems: MembershipProblem[];
} {
  const problems: MembershipProblem[] = [];
  const raw = new Map<string, RawGroup>();
  records.forEach((record, i) => {
    const group = readGroup(record);
    if (typeof group === "string") problems.push({ record: i + 1, reason: group });
    else if (raw.has(group.id))
      problems.push({ record: i + 1, reason: `group \`${group.id}\` appears more than once` });
    else raw.set(group.id, group);
  });
  const groups = new Map<string, GroupMembers>();
  for (const group of raw.values()) {
    const users = new Set<string>();
    const devices = new Set<string>();
    let usersComplete = group.usersComplete;
    let devicesComplete = group.devicesComplete;
    // Iterative walk over nested groups: no recursion, each group visited once.
    const seen = new Set<string>([group.id]);
    const queue: RawGroup[] = [group];
    for (let g = queue.pop(); g !== undefined; g = queue.pop()) {
      if (g !== group) {
        usersComplete &&= g.usersComplete;
        devicesComplete &&= g.devicesComplete;
      }
      for (const m of g.members) {
        if (m.kind === "user") users.add(m.id);
        else if (m.kind === "device") devices.add(m.id);
        else if (!group.transitive && !seen.has(m.id)) {
          seen.add(m.id);
          const nested = raw.get(m.id);
          if (nested === undefined) usersComplete = devicesComplete = false;
          else queue.push(nested);
        }
      }
    }
    groups.set(group.id, {
      id: group.id,
      ...(group.displayName === undefined ? {} : { displayName: group.displayName }),
      users,
      devices,
      usersComplete,
      devicesComplete,
    });
  }
  return { index: { groups }, problems };
}

/** Each member's groups: the index inverted, so a device's lookups hit its own small sets, not the groups' large ones. */
interface MemberGroups {
  users: Map<string, Set<string>>;
  devices: Map<string, Set<string>>;
}

// Derived once per index (the index is never changed after it is built): a profile of 200 policies
// over 2,000 groups of up to 6,000 members spent half of evaluation in the groups' large sets.
const inverted = new WeakMap<MembershipIndex, MemberGroups>();

function memberGroupsOf(index: MembershipIndex): MemberGroups {
  let inv = inverted.get(index);
  if (inv === undefined) {
    inv = { users: new Map(), devices: new Map() };
    for (const [id, group] of index.groups) {
      for (const u of group.users) {
        let mine = inv.users.get(u);
        if (mine === undefined) inv.users.set(u, (mine = new Set()));
        mine.add(id);
      }
      for (const d of group.devices) {
        let mine = inv.devices.get(d);
        if (mine === undefined) inv.devices.set(d, (mine = new Set()));
        mine.add(id);
      }
    }
    inverted.set(index, inv);
  }
  return inv;
}

/** Whether `member` (a user object id or an Entra device id) is in group `groupId`. */
export function membershipOf(
  index: MembershipIndex | undefined,
  groupId: string,
  kind: "user" | "device",
  member: string,
): Membership {
  const group = index?.groups.get(groupId);
  if (group === undefined) return "unknown";
  const inv = memberGroupsOf(index!);
  if ((kind === "user" ? inv.users : inv.devices).get(member)?.has(groupId) === true) return "member";
  return (kind === "user" ? group.usersComplete : group.devicesComplete) ? "notMember" : "unknown";
}
