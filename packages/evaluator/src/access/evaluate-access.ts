// evaluateAccess: compiled access policies + one sign-in -> AccessDecision in one call.
import type { Instant } from "@tenet/parser";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import { instantOf } from "../evaluate/evaluation-instant.js";
import type { AccessDecision } from "../model/access-decision.js";
import { prepareAccess } from "./prepare-access.js";

export interface AccessOptions {
  /** The evaluation instant (an `Instant`, ISO-8601 text, Date or epoch ms); never read from the clock. */
  now: Instant | string | Date | number;
}

/**
 * Evaluates a sign-in against the access policies as Entra Conditional Access does: which
 * enforced and report-only policies apply (and, for the others, the first condition that
 * did not match), the decision, the controls still to satisfy in prompt order, and the
 * combined session controls. Pure: the same input always gives the same decision. The
 * one-call helper over `prepareAccess`; throws `InvalidNowError` for an invalid `now`.
 */
export function evaluateAccess(compiled: CompiledPolicySet, signIn: unknown, options: AccessOptions): AccessDecision {
  return prepareAccess(compiled, { now: instantOf(options.now) }).evaluate(signIn);
}
