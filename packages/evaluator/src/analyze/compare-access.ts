// compareAccess: two compiled policy sets -> the sign-in classes whose decision changes, each with a witness.
import type { Instant } from "@tenet/parser";
import { prepareAccess } from "../access/prepare-access.js";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { AccessDecision } from "../model/access-decision.js";
import { explorePoliciesOf } from "./analyze-access.js";
import { describeDraft } from "./describe-class.js";
import { exploreClasses, type ExploreStats } from "./explore-classes.js";
import { emptyReach } from "./requirements.js";
import { NOTHING_SATISFIED, signInSpace, toSignIn } from "./sign-in-space.js";

/** What a sign-in class gets from one policy set when it has satisfied no control yet. */
export interface Outcome {
  decision: AccessDecision["decision"];
  /** Controls still required, per enforced policy, in prompt order: `mfa`, `all(mfa, compliantDevice)`. */
  requires: string[];
}

/** One class whose outcome differs between the two sets. */
export interface DecisionChange {
  class: string;
  signIn: Record<string, unknown>;
  before: Outcome;
  after: Outcome;
  /** `tightened`: the new set asks more (or blocks); `loosened`: less; `changed`: neither contains the other. */
  direction: "tightened" | "loosened" | "changed";
}

export interface AccessComparison {
  changes: DecisionChange[];
  stats: ExploreStats;
}

function outcomeOf(d: AccessDecision): Outcome {
  const requires = d.unmetControls
    .map((u) =>
      u.controls.length === 1 ? u.controls[0]! : `${u.operator === "OR" ? "any" : "all"}(${u.controls.join(", ")})`,
    )
    .sort();
  return { decision: d.decision, requires: [...new Set(requires)] };
}

const rank = (o: Outcome) => (o.decision === "block" ? 2 : o.decision === "unknown" ? 1 : 0);

function directionOf(before: Outcome, after: Outcome): DecisionChange["direction"] {
  if (rank(after) !== rank(before)) return rank(after) > rank(before) ? "tightened" : "loosened";
  const more = after.requires.every((r) => before.requires.includes(r));
  const less = before.requires.every((r) => after.requires.includes(r));
  return less && !more ? "tightened" : more && !less ? "loosened" : "changed";
}

/**
 * Compares two policy sets over the whole sign-in space: the space splits on what either set
 * mentions, each class is decided by both sets' prepared evaluators (the one What If uses), and
 * every class whose decision or required controls differ is returned with its witness sign-in.
 */
export function compareAccess(
  before: CompiledPolicySet,
  after: CompiledPolicySet,
  options: { now: Instant },
): AccessComparison {
  const policies = [...explorePoliciesOf(before, "old:"), ...explorePoliciesOf(after, "new:")];
  const reach = emptyReach();
  const space = signInSpace(
    policies.map((p) => p.policy),
    reach.hints,
  );
  const { classes, stats } = exploreClasses(space, policies, { distinctions: reach.distinctions });
  const a = prepareAccess(before, options);
  const b = prepareAccess(after, options);
  const changes: DecisionChange[] = [];
  for (const c of classes) {
    const signIn = toSignIn(c.draft, NOTHING_SATISFIED);
    const x = outcomeOf(a.evaluate(signIn));
    const y = outcomeOf(b.evaluate(signIn));
    if (x.decision === y.decision && x.requires.join() === y.requires.join()) continue;
    changes.push({ class: describeDraft(c.draft), signIn, before: x, after: y, direction: directionOf(x, y) });
  }
  return { changes, stats };
}
