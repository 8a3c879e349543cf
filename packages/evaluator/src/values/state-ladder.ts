import type { DeviceState, PolicyState } from "../model/device-result.js";

/**
 * Intune's conceptual severity ladder: unknown 1 < notApplicable 2 < compliant 3 <
 * inGracePeriod 4 < noncompliant 5 < error 6. A device takes the most severe state.
 */
const RANK: Readonly<Record<PolicyState, number>> = {
  unknown: 1,
  notApplicable: 2,
  compliant: 3,
  inGracePeriod: 4,
  noncompliant: 5,
  error: 6,
};

/** The severity rank of a policy state (1-6). */
export function policyStateRank(state: PolicyState): number {
  return RANK[state];
}

/** The most severe of `states`; `unknown` (the ladder's bottom) for none. */
export function worstState(states: Iterable<PolicyState>): PolicyState {
  let worst: PolicyState = "unknown";
  for (const s of states) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Maps a combined policy state onto Graph's `managedDevice.complianceState` (notApplicable reads as compliant). */
export function toDeviceState(state: PolicyState): DeviceState {
  return state === "notApplicable" ? "compliant" : state;
}
