import type { ActionDue, DeviceResult, DeviceState, PolicyState, PreviousState, RuleStatus } from "@tenet/evaluator";
import { jsonString } from "./canonical-json.js";

/** A failing (or erroring, unknown, waived) rule and why, as the store keeps it. */
export interface RuleOutcome {
  rule: string;
  status: RuleStatus;
  reasons: string[];
  waiver?: string;
}

export interface PolicyOutcome {
  policy: string;
  state: PolicyState;
  since?: string;
  graceEndsAt?: string;
  failing: RuleOutcome[];
}

/**
 * What the store keeps of one device's result: everything that can change from run to run
 * except the instant itself, so an unchanged outcome hashes the same and adds no row.
 */
export interface DeviceOutcome {
  state: DeviceState;
  platform?: string;
  name?: string;
  policies: PolicyOutcome[];
  defaultFailed: string[];
  actions: { due: ActionDue[]; pending: ActionDue[] };
  waivers: string[];
  next: PreviousState;
}

export function outcomeOf(result: DeviceResult): DeviceOutcome {
  // Keys in ascending order at every level built here: canonical JSON (the outcome's hash) is
  // then written natively for all but the evaluator's own records (actions, next state).
  return {
    actions: { due: result.actions.due, pending: result.actions.pending },
    defaultFailed: [...result.defaultPolicy.failed],
    ...(result.deviceName === undefined ? {} : { name: result.deviceName }),
    next: result.next,
    ...(result.platform === undefined ? {} : { platform: result.platform }),
    policies: result.policies.map((p) => ({
      failing: p.rules
        .filter((r) => r.status !== "pass" && r.status !== "notApplicable")
        .map((r) => ({
          reasons: reasonsOf(r.explanation),
          rule: r.rule,
          status: r.status,
          ...(r.waiver === undefined ? {} : { waiver: r.waiver }),
        })),
      ...(p.graceEndsAt === undefined ? {} : { graceEndsAt: p.graceEndsAt }),
      policy: p.policy,
      ...(p.noncompliantSince === undefined ? {} : { since: p.noncompliantSince }),
      state: p.state,
    })),
    state: result.state,
    waivers: [...result.waiversApplied].sort(),
  };
}

export function reasonsOf(explanation: DeviceResult["policies"][number]["rules"][number]["explanation"]): string[] {
  if (explanation === undefined) return [];
  // One list filled in a loop: outcomes are written for every failing device of a daily run.
  const reasons: string[] = [];
  for (const f of explanation.failed) {
    const actual = typeof f.actual === "string" ? jsonString(f.actual) : JSON.stringify(f.actual ?? null);
    reasons.push(
      `${f.path === undefined ? "" : `${f.path}: `}${actual}, expected ${f.expected}` +
        (f.reason === undefined ? "" : ` (${f.reason})`),
    );
  }
  for (const e of explanation.errors) reasons.push(`${e.path}: ${e.reason}`);
  return reasons;
}

const FAILING = new Set<PolicyState>(["noncompliant", "inGracePeriod", "error"]);

/**
 * What `history at` shows of an outcome, kept beside it as columns (migration 4 fills the
 * same values with SQL for older rows): the failing policies as `policy:state` in policy
 * order, and when the device was first found noncompliant (the earliest policy `since`).
 */
export function summaryOf(outcome: DeviceOutcome): {
  name: string | null;
  failing: string | null;
  firstFound: string | null;
} {
  const failing = outcome.policies.filter((p) => FAILING.has(p.state)).map((p) => `${p.policy}:${p.state}`);
  const since = outcome.policies
    .map((p) => p.since)
    .filter((x): x is string => x !== undefined)
    .sort();
  // When the device was first found failing for its current noncompliance: the earliest policy `since`.
  return {
    name: outcome.name ?? null,
    failing: failing.length === 0 ? null : failing.join(" "),
    firstFound: since[0] ?? null,
  };
}
