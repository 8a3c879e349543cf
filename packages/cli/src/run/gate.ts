/** The levels `check --fail-on` gates on, least severe first; each fails on itself and every level after it. */
export const FAIL_ON = ["inGracePeriod", "noncompliant", "error", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * The default gate, chosen for CI: a device that fails any rule fails the run, even while
 * Intune's grace period still counts it as compliant (so a pipeline learns of it before
 * users lose access).
 */
export const DEFAULT_FAIL_ON: FailOn = "inGracePeriod";

const RANK: Record<string, number> = { inGracePeriod: 0, noncompliant: 1, error: 2 };

/** Whether a device in `state` fails the `failOn` gate (`unknown`, `compliant` and `notApplicable` never do). */
export function failsGate(state: string | undefined, failOn: FailOn): boolean {
  if (failOn === "never" || state === undefined) return false;
  const rank = RANK[state];
  return rank !== undefined && rank >= RANK[failOn]!;
}

/** `--only`: which records the output lists (the summary and the exit code always cover every record). */
export const ONLY = ["all", "failing"] as const;
export type Only = (typeof ONLY)[number];
