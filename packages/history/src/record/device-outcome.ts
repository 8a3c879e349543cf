import type { ActionDue, DeviceResult, DeviceState, PolicyState, PreviousState, RuleStatus } from "@tenet/evaluator";

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
  return {
    state: result.state,
    ...(result.platform === undefined ? {} : { platform: result.platform }),
    ...(result.deviceName === undefined ? {} : { name: result.deviceName }),
    policies: result.policies.map((p) => ({
      policy: p.policy,
      state: p.state,
      ...(p.noncompliantSince === undefined ? {} : { since: p.noncompliantSince }),
      ...(p.graceEndsAt === undefined ? {} : { graceEndsAt: p.graceEndsAt }),
      failing: p.rules
        .filter((r) => r.status !== "pass" && r.status !== "notApplicable")
        .map((r) => ({
          rule: r.rule,
          status: r.status,
          reasons: reasonsOf(r.explanation),
          ...(r.waiver === undefined ? {} : { waiver: r.waiver }),
        })),
    })),
    defaultFailed: [...result.defaultPolicy.failed],
    actions: { due: result.actions.due, pending: result.actions.pending },
    waivers: [...result.waiversApplied].sort(),
    next: result.next,
  };
}

function reasonsOf(explanation: DeviceResult["policies"][number]["rules"][number]["explanation"]): string[] {
  if (explanation === undefined) return [];
  return [
    ...explanation.failed.map(
      (f) =>
        `${f.path === undefined ? "" : `${f.path}: `}${JSON.stringify(f.actual ?? null)}, expected ${f.expected}${f.reason === undefined ? "" : ` (${f.reason})`}`,
    ),
    ...explanation.errors.map((e) => `${e.path}: ${e.reason}`),
  ];
}
