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

/** One inclusion with the texts its results use, made once per policy and membership index. */
interface IncludePlan {
  assignment: CheckedAssignment;
  label: string;
  notMember: string;
  viaUser: string;
  viaDevice: string;
  filter?: CheckedFilter;
}

/** A policy's assignments prepared for many devices: inclusions with their texts, exclusion groups with labels. */
export interface AssignmentPlan {
  includes: IncludePlan[];
  exclusions: { id: string; label: string }[];
}

/** Prepares a policy's assignments for a membership index (labels use the index's display names). */
export function planAssignments(
  assignments: readonly CheckedAssignment[],
  filters: ReadonlyMap<string, CheckedFilter>,
  index: MembershipIndex | undefined,
): AssignmentPlan {
  const includes: IncludePlan[] = [];
  const exclusions: AssignmentPlan["exclusions"] = [];
  for (const a of assignments) {
    const label = targetLabel(a, index);
    if (a.mode === "exclude") {
      if (a.target.kind === "group") exclusions.push({ id: a.target.id, label });
      continue;
    }
    const filter = a.filter === undefined ? undefined : filters.get(a.filter.name);
    const group = a.target.kind === "group";
    includes.push({
      assignment: a,
      label,
      notMember: `not a member of ${label}`,
      viaUser: group ? `${label} through the primary user` : label,
      viaDevice: group ? `${label} through the device` : label,
      ...(filter === undefined ? {} : { filter }),
    });
  }
  return { includes, exclusions };
}

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
  return resolvePlan(planAssignments(assignments, filters, index), index, identity, facts, cache);
}

/** `resolveAssignments` over a prepared plan: what evaluation runs for every device. */
export function resolvePlan(
  plan: AssignmentPlan,
  index: MembershipIndex | undefined,
  identity: DeviceIdentity,
  facts: unknown,
  cache: FilterCache,
): AssignmentResult {
  let via: string[] | undefined;
  const reasons: string[] = [];
  let unknown = false;
  const user = identity.user ?? undefined;
  const device = identity.device;

  for (const inc of plan.includes) {
    const a = inc.assignment;
    const what = inc.label;
    // Reach through the user and through the device, before exclusions.
    let userReach: Membership | undefined;
    let deviceReach: Membership | undefined;
    if (a.target.kind === "allDevices") deviceReach = "member";
    else if (a.target.kind === "allUsers") {
      if (identity.user === null) {
        reasons.push(`${what} does not reach a device without a primary user`);
        continue;
      }
      userReach = user === undefined ? "unknown" : "member";
    } else {
      userReach =
        identity.user === null
          ? "notMember"
          : user === undefined
            ? "unknown"
            : membershipOf(index, a.target.id, "user", user);
      deviceReach = device === undefined ? "unknown" : membershipOf(index, a.target.id, "device", device);
      // The common case, kept free of allocations: the device is in the group neither way.
      if (userReach === "notMember" && deviceReach === "notMember") {
        reasons.push(inc.notMember);
        continue;
      }
    }
    let best: PathStatus = "none";
    let found: string[] | undefined;
    const notes: string[] = [];
    for (let k = 0; k < 2; k++) {
      const kind = k === 0 ? "user" : "device";
      const reach = k === 0 ? userReach : deviceReach;
      if (reach === undefined || reach === "notMember") continue;
      const member = k === 0 ? user : device;
      // Which exclusion (if any) removes the device from this kind of targeting.
      let by: string | undefined;
      let unsure: string | undefined;
      for (const ex of plan.exclusions) {
        const m: Membership = member === undefined ? "unknown" : membershipOf(index, ex.id, kind, member);
        if (m === "member") {
          by = ex.label;
          break;
        }
        if (m === "unknown") unsure ??= ex.label;
      }
      if (by !== undefined) {
        notes.push(`${what} through ${through(kind)}: excluded by ${by}`);
        continue;
      }
      if (reach === "unknown" || unsure !== undefined) {
        const note =
          reach === "unknown"
            ? unknownReach(a, kind, identity, index, what)
            : `${what} through ${through(kind)}: membership of excluded ${unsure} is unknown`;
        // A group missing from the data is unknown through the user and the device alike: say it once.
        if (!notes.includes(note)) notes.push(note);
        if (best === "none") best = "unknown";
        continue;
      }
      best = "reached";
      (found ??= []).push(k === 0 ? inc.viaUser : inc.viaDevice);
    }
    if (best === "none" && notes.length === 0) notes.push(inc.notMember);
    const filter = inc.filter;
    if (best !== "none" && filter !== undefined && a.filter !== undefined) {
      let match = cache.get(filter.name);
      if (match === undefined)
        cache.set(filter.name, (match = evaluateIntuneFilter(filter.ast, facts, filter.platform)));
      const passes: Truth =
        match.truth === T || match.truth === F
          ? (match.truth === T) === (a.filter.mode === "include")
            ? T
            : F
          : match.truth;
      if (passes === F) {
        reasons.push(
          a.filter.mode === "include"
            ? `filter \`${filter.name}\` (include) on ${what} did not match: ${readText(match)}`
            : `filter \`${filter.name}\` excluded it from ${what}: ${readText(match)}`,
        );
        continue;
      }
      if (passes !== T) {
        reasons.push(`filter \`${filter.name}\` on ${what} cannot be decided: ${readText(match)}`);
        best = "unknown";
      } else if (found !== undefined) {
        for (let i = 0; i < found.length; i++)
          found[i] =
            `${found[i]} (filter \`${filter.name}\` ${a.filter.mode === "include" ? "matched" : "did not exclude it"})`;
      }
    }
    if (best === "reached") (via ??= []).push(...found!);
    else {
      if (best === "unknown") unknown = true;
      reasons.push(...notes);
    }
  }
  if (via !== undefined) return { status: "assigned", via, reasons };
  if (reasons.length === 0) reasons.push("no inclusion targets this policy");
  return { status: unknown ? "unknown" : "notAssigned", via: [], reasons };
}

const through = (kind: "user" | "device") => (kind === "user" ? "the primary user" : "the device");

function targetLabel(a: CheckedAssignment, index: MembershipIndex | undefined): string {
  const t = a.target;
  if (t.kind === "allUsers") return "all users";
  if (t.kind === "allDevices") return "all devices";
  const name = t.name ?? index?.groups.get(t.id)?.displayName;
  return name === undefined ? `group ${t.id}` : `group "${name}" (${t.id})`;
}

function unknownReach(
  a: CheckedAssignment,
  kind: "user" | "device",
  identity: DeviceIdentity,
  index: MembershipIndex | undefined,
  what: string,
): string {
  if (kind === "user" && identity.user === undefined)
    return `${what}: the snapshot names no primary user (\`userId\`), so user targeting is unknown`;
  if (kind === "device" && identity.device === undefined)
    return `${what}: the snapshot has no \`azureADDeviceId\`, so device-group membership is unknown`;
  if (a.target.kind === "group" && index?.groups.get(a.target.id) === undefined)
    return `${what}: its membership is unknown (not in the membership data)`;
  const through = kind === "user" ? "the primary user" : "the device";
  return `${what} through ${through}: membership is unknown (the group's member list is incomplete)`;
}

function filterValueText(r: FilterMatch["read"][number]): string {
  if (r.value === undefined) return `missing (fact \`${r.fact}\` not in the snapshot)`;
  return r.value === null ? "null" : JSON.stringify(r.value);
}

function readText(match: FilterMatch): string {
  return match.read.map((r) => `device.${r.property} is ${filterValueText(r)}`).join(", ");
}

/** What evaluation needs to resolve assignments: each policy's plan and the memberships. */
export interface AssignContext {
  plans: ReadonlyMap<string, AssignmentPlan>;
  index: MembershipIndex | undefined;
}

/** The assignment plans of a compiled set for one membership index, made once per prepared evaluation. */
export function assignContext(
  policies: readonly { name: string; checked: { assignments?: readonly CheckedAssignment[] } }[],
  filters: ReadonlyMap<string, CheckedFilter>,
  index: MembershipIndex | undefined,
): AssignContext {
  const plans = new Map<string, AssignmentPlan>();
  for (const p of policies)
    if (p.checked.assignments !== undefined) plans.set(p.name, planAssignments(p.checked.assignments, filters, index));
  return { plans, index };
}
