// assign: a policy's Intune assignments + memberships + a device -> assigned, not assigned, or unknown, with why.
import type { CheckedAssignment, CheckedFilter } from "@tenet/parser";
import { getOwn, MISSING } from "../values/fact-lookup.js";
import { F, T, type Truth } from "../values/kleene.js";
import { evaluateIntuneFilter, type FilterMatch } from "./intune-filter-eval.js";
import { membershipOf, type Membership, type MembershipIndex } from "./membership-index.js";

/** Whether a policy reaches a device through its assignments, and why. */
export interface AssignmentResult {
  status: "assigned" | "notAssigned" | "unknown";
  /** Each inclusion that reaches the device (a policy reached through several is still assigned once). */
  via: string[];
  /** Why each other inclusion does not reach the device, or what Tenet does not know. */
  reasons: string[];
}

/** Who a device is to assignments: its primary user (if any) and its Entra device id. */
export interface DeviceIdentity {
  /** User object id or lower-cased UPN; `null` for a device without a user; undefined when the snapshot does not say. */
  user: string | null | undefined;
  /** `azureADDeviceId`; undefined when the snapshot does not say. */
  device: string | undefined;
}

const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Reads the device's primary user and Entra device id from a managedDevice snapshot. */
export function deviceIdentity(facts: unknown): DeviceIdentity {
  const userId = getOwn(facts, "userId");
  const upn = getOwn(facts, "userPrincipalName");
  let user: string | null | undefined;
  if (typeof userId === "string" && userId !== "" && userId !== NO_USER) user = userId;
  else if (typeof upn === "string" && upn !== "") user = upn.toLowerCase();
  // Graph sends `userId: ""` (or the zero GUID) for a device enrolled without a user; an absent field says nothing.
  else user = userId === MISSING && upn === MISSING ? undefined : null;
  const id = getOwn(facts, "azureADDeviceId");
  return { user, device: typeof id === "string" && id !== "" ? id : undefined };
}

/** Per-device cache of filter verdicts: policies share filters. */
export type FilterCache = Map<string, FilterMatch>;

type PathStatus = "reached" | "none" | "unknown";

/**
 * Resolves a policy's assignments for one device with Intune's rules (docs/semantics.md):
 * an exclusion removes only what the same kind of target brought (a user-group exclusion
 * removes the user's devices from user targeting, a device-group exclusion removes the device
 * from device targeting: Intune does not relate users to devices across an assignment);
 * `all users` reaches only devices with a primary user, `all devices` every device; an
 * inclusion's filter must then include the device. A membership Tenet lacks makes the answer
 * unknown, never "not assigned".
 */
export function resolveAssignments(
  assignments: readonly CheckedAssignment[],
  filters: ReadonlyMap<string, CheckedFilter>,
  index: MembershipIndex | undefined,
  identity: DeviceIdentity,
  facts: unknown,
  cache: FilterCache,
): AssignmentResult {
  const via: string[] = [];
  const reasons: string[] = [];
  let unknown = false;
  const exclusions = assignments.filter((a) => a.mode === "exclude");
  const label = (a: CheckedAssignment) => targetLabel(a, index);

  // Which exclusion (if any) removes the device from one kind of targeting.
  const excluded = (kind: "user" | "device", member: string | undefined): { by?: string; unknown?: string } => {
    let unsure: string | undefined;
    for (const ex of exclusions) {
      if (ex.target.kind !== "group") continue;
      const m: Membership = member === undefined ? "unknown" : membershipOf(index, ex.target.id, kind, member);
      if (m === "member") return { by: label(ex) };
      if (m === "unknown") unsure ??= label(ex);
    }
    return unsure === undefined ? {} : { unknown: unsure };
  };
  const through = (kind: "user" | "device") => (kind === "user" ? "the primary user" : "the device");

  for (const a of assignments) {
    if (a.mode !== "include") continue;
    const what = label(a);
    // Reach through the user and through the device, before exclusions.
    const reach: { kind: "user" | "device"; m: Membership }[] = [];
    if (a.target.kind === "allDevices") reach.push({ kind: "device", m: "member" });
    else if (a.target.kind === "allUsers") {
      if (identity.user === null) {
        reasons.push(`${what} does not reach a device without a primary user`);
        continue;
      }
      reach.push({ kind: "user", m: identity.user === undefined ? "unknown" : "member" });
    } else {
      reach.push({ kind: "user", m: identity.user === null ? "notMember" : identity.user === undefined ? "unknown" : membershipOf(index, a.target.id, "user", identity.user) });
      reach.push({ kind: "device", m: identity.device === undefined ? "unknown" : membershipOf(index, a.target.id, "device", identity.device) });
    }
    let best: PathStatus = "none";
    const found: string[] = [];
    const notes: string[] = [];
    for (const r of reach) {
      if (r.m === "notMember") continue;
      const ex = excluded(r.kind, r.kind === "user" ? (identity.user ?? undefined) : identity.device);
      if (ex.by !== undefined) {
        notes.push(`${what} through ${through(r.kind)}: excluded by ${ex.by}`);
        continue;
      }
      if (r.m === "unknown" || ex.unknown !== undefined) {
        const note = r.m === "unknown" ? unknownReach(a, r.kind, identity, index, what) : `${what} through ${through(r.kind)}: membership of excluded ${ex.unknown} is unknown`;
        // A group missing from the data is unknown through the user and the device alike: say it once.
        if (!notes.includes(note)) notes.push(note);
        if (best === "none") best = "unknown";
        continue;
      }
      best = "reached";
      found.push(a.target.kind === "group" ? `${what} through ${through(r.kind)}` : what);
    }
    if (best === "none" && notes.length === 0) notes.push(`not a member of ${what}`);
    if (best !== "none" && a.filter !== undefined) {
      const filter = filters.get(a.filter.name);
      if (filter !== undefined) {
        let match = cache.get(filter.name);
        if (match === undefined) cache.set(filter.name, (match = evaluateIntuneFilter(filter.ast, facts, filter.platform)));
        const passes: Truth = match.truth === T || match.truth === F ? ((match.truth === T) === (a.filter.mode === "include") ? T : F) : match.truth;
        if (passes === F) {
          reasons.push(a.filter.mode === "include" ? `filter \`${filter.name}\` (include) on ${what} did not match: ${readText(match)}` : `filter \`${filter.name}\` excluded it from ${what}: ${readText(match)}`);
          continue;
        }
        if (passes !== T) {
          reasons.push(`filter \`${filter.name}\` on ${what} cannot be decided: ${readText(match)}`);
          best = "unknown";
        } else if (best === "reached") {
          for (let i = 0; i < found.length; i++) found[i] = `${found[i]} (filter \`${filter.name}\` ${a.filter.mode === "include" ? "matched" : "did not exclude it"})`;
        }
      }
    }
    if (best === "reached") via.push(...found);
    else {
      if (best === "unknown") unknown = true;
      reasons.push(...notes);
    }
  }
  if (via.length > 0) return { status: "assigned", via, reasons };
  if (reasons.length === 0) reasons.push("no inclusion targets this policy");
  return { status: unknown ? "unknown" : "notAssigned", via, reasons };
}

function targetLabel(a: CheckedAssignment, index: MembershipIndex | undefined): string {
  const t = a.target;
  if (t.kind === "allUsers") return "all users";
  if (t.kind === "allDevices") return "all devices";
  const name = t.name ?? index?.groups.get(t.id)?.displayName;
  return name === undefined ? `group ${t.id}` : `group "${name}" (${t.id})`;
}

function unknownReach(a: CheckedAssignment, kind: "user" | "device", identity: DeviceIdentity, index: MembershipIndex | undefined, what: string): string {
  if (kind === "user" && identity.user === undefined) return `${what}: the snapshot names no primary user (\`userId\`), so user targeting is unknown`;
  if (kind === "device" && identity.device === undefined) return `${what}: the snapshot has no \`azureADDeviceId\`, so device-group membership is unknown`;
  if (a.target.kind === "group" && index?.groups.get(a.target.id) === undefined) return `${what}: its membership is unknown (not in the membership data)`;
  return `${what} through ${kind === "user" ? "the primary user" : "the device"}: membership is unknown (the group's member list is incomplete)`;
}

function readText(match: FilterMatch): string {
  return match.read.map((r) => `device.${r.property} is ${r.value === undefined ? `missing (fact \`${r.fact}\` not in the snapshot)` : r.value === null ? "null" : JSON.stringify(r.value)}`).join(", ");
}
