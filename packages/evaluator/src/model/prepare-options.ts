import type { Instant } from "@tenet/parser";
import type { PreviousState, TenantSettings } from "./device-result.js";
import type { MembershipIndex } from "../assign/membership-index.js";

/**
 * Where a prepared evaluation finds what the previous evaluation knew about a device (grace
 * periods, the seven-day error rule, pending policies), by the snapshot's `id`: a map, or a
 * function such as a query of a run store. It is asked once per snapshot that has an `id`,
 * synchronously. A snapshot's own fields (`noncompliantSince`, `settingErrors`,
 * `previousComplianceState`, `pendingPolicies`) win over what it returns, field by field.
 */
export type PreviousLookup = ReadonlyMap<string, PreviousState> | ((deviceId: string) => PreviousState | undefined);

/** The settings a prepared evaluation binds once for every snapshot it evaluates. */
export interface PrepareOptions {
  /** The evaluation instant, read with `parseInstant`: never read from a clock. */
  now: Instant;
  tenant?: TenantSettings;
  /** Whether failed, errored and waived rules carry an `explanation` (default true). */
  explain?: boolean;
  /** Which rules `PolicyResult.rules` lists: `"all"` (default) or `"failures"` (see `EvaluateOptions.rules`). */
  rules?: "all" | "failures";
  /** The previous state of each device; without it, only the snapshots' own fields are read. */
  previous?: PreviousLookup;
  /**
   * Group memberships for policies that declare assignments (`buildMembershipIndex`).
   * Without it, a group assignment's answer is unknown; `all users`/`all devices` still resolve.
   */
  memberships?: MembershipIndex;
}
