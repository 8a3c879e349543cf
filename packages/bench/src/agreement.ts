import { isDeepStrictEqual } from "node:util";
import type { DeviceVerdict } from "@tenet/evaluator";
import type { HandResult } from "./hand-verdict.js";

/** Tenet's result in the hand-written twins' shape: device state, policy states, the rules that did not pass. */
export function tenetVerdict(r: DeviceVerdict): HandResult {
  return {
    state: r.state,
    policies: r.policies.map((p) => ({
      policy: p.policy,
      state: p.state,
      rules: p.rules
        .filter((x) => x.status !== "pass" && x.status !== "notApplicable")
        .map((x) => ({ id: x.id, status: x.status })),
    })),
  };
}

/**
 * Checks that a hand-written twin gives Tenet's verdict and failed-rule list on every device;
 * throws naming the first device where they differ (a benchmark of disagreeing engines is void).
 */
export function assertAgreement(
  workload: string,
  devices: readonly Record<string, unknown>[],
  tenet: (d: Record<string, unknown>) => DeviceVerdict,
  hand: (d: Record<string, unknown>) => HandResult,
): void {
  for (const d of devices) {
    const want = tenetVerdict(tenet(d));
    const got = hand(d);
    if (!isDeepStrictEqual(got, want))
      throw new Error(
        `${workload}: the hand-written twin disagrees with Tenet on ${JSON.stringify(d)}\n` +
          `tenet: ${JSON.stringify(want)}\nhand:  ${JSON.stringify(got)}`,
      );
  }
}
