// uncoveredExclusions: each selector enforced policies exclude -> where its users meet no enforced policy, each region with a witness.
import type { CheckedAccess, UserSelector } from "@tenet/parser";
import type { PreparedAccess } from "../access/prepare-access.js";
import type { AccessDecision } from "../model/access-decision.js";
import { describeDraft } from "./describe-class.js";
import { exploreClasses, type Distinctions, type ExplorePolicy } from "./explore-classes.js";
import { ALL_DIMS, meets, only, type ChoiceMatches } from "./choice-matches.js";
import type { Finding } from "./analyze-access.js";
import type { SignInException } from "./requirements.js";
import { userConditionContains } from "./subsumers.js";
import { NOTHING_SATISFIED, toSignIn, type SignInDraft, type SignInSpace } from "./sign-in-space.js";

export interface ExclusionContext {
  space: SignInSpace;
  matches: ChoiceMatches;
  /** Every policy the analysis takes (disabled ones are already left out). */
  policies: readonly ExplorePolicy[];
  prepared: PreparedAccess;
  distinctions: Distinctions;
  exceptions?: readonly SignInException[];
  /** Policies that can never apply: their exclusions leave nobody out. */
  neverApplies: ReadonlySet<string>;
  /** Uncovered regions reported per excluded selector (default 3). */
  witnesses?: number;
}

const selectorText = (e: UserSelector) => `${e.kind}${"id" in e ? ` ${e.id}` : ""}`;
const names = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(", ");

/** Enforced policies that demand something where they apply: what can cover an excluded user. */
const enforcing = (p: CheckedAccess) => p.state === "enabled" && p.grant.kind !== "none";

/**
 * For each selector enforced policies exclude, and each policy excluding it in turn: the space
 * explored with that policy, its exclusion of the selector dropped, forced to apply ("would
 * apply but for the exclusion") and the enforced policies that do not exclude the selector (a
 * policy that does can never reach a user meeting it). Every class then either meets the
 * selector or not and is covered or not throughout, which the What If evaluator decides on the
 * class's representative: the finding exists exactly when some class is neither covered nor
 * excused by an active exception. Each excluding policy's uncovered region is reported once,
 * with its plainest witness not already shown, up to `witnesses` per selector, in policy order.
 */
export function uncoveredExclusions(ctx: ExclusionContext): Finding[] {
  const max = ctx.witnesses ?? 3;
  const originals = ctx.policies.filter((p) => enforcing(p.policy));
  const bySelector = new Map<string, { selector: UserSelector; excluding: ExplorePolicy[] }>();
  for (const p of originals) {
    if (ctx.neverApplies.has(p.policy.name)) continue;
    for (const e of p.policy.users?.exclude ?? []) {
      const key = JSON.stringify(e);
      const entry = bySelector.get(key) ?? { selector: e, excluding: [] };
      if (!entry.excluding.includes(p)) entry.excluding.push(p);
      bySelector.set(key, entry);
    }
  }
  const out: Finding[] = [];
  for (const [key, { selector: e, excluding }] of bySelector) {
    const excludes = (p: CheckedAccess) => p.users?.exclude.some((x) => JSON.stringify(x) === key) === true;
    const covering = originals.filter((p) => !excludes(p.policy));
    // Each marker reaches only users meeting the selector, so its forced exploration never visits others. Whether the
    // excluding policy's own includes hold is a second marker's effect (a distinction per included group would double
    // the classes for each).
    const includesAll = (p: CheckedAccess) => p.users!.include.some((s) => s.kind === "all");
    const marker = (p: ExplorePolicy, users: CheckedAccess["users"], effect: string): ExplorePolicy => ({
      // Deciding nothing keeps a marker from settling a decision the way a block would.
      policy: { ...p.policy, grant: { kind: "none" }, users },
      filterMatches: p.filterMatches,
      effect,
    });
    const markers = excluding.map((p) =>
      marker(
        p,
        { include: [e], exclude: p.policy.users!.exclude.filter((x) => JSON.stringify(x) !== key) },
        "\u0000would apply",
      ),
    );
    const includes = excluding.map((p) =>
      includesAll(p.policy)
        ? undefined
        : marker(
            { ...p, policy: only(p.policy, ["users"]) },
            { include: p.policy.users!.include, exclude: [] },
            "\u0000included",
          ),
    );
    const reaches = (i: number, draft: SignInDraft) =>
      meets(markers[i]!, ALL_DIMS, draft) && (includes[i] === undefined || meets(includes[i], ["users"], draft));
    const shown = new Set<string>();
    let found = 0;
    for (const [index, policy] of excluding.entries()) {
      if (found >= max) break;
      const m = markers[index]!;
      const everywhere = (1 << ctx.space.choices.length) - 1;
      // One evaluable enforced policy at least as wide as the marker on the user and on every dimension settles it.
      const condition = (p: CheckedAccess) => [p.users?.include ?? [], p.users?.exclude ?? []];
      if (
        covering.some(
          (q) =>
            q.policy.unsupported === undefined &&
            ctx.matches.wider(m, q) === everywhere &&
            userConditionContains(condition(q.policy), condition(m.policy)),
        )
      )
        continue;
      const included = includes[index];
      const { classes } = exploreClasses(ctx.space, [markers[index]!, ...(included ? [included] : []), ...covering], {
        distinctions: ctx.distinctions,
        mustApply: 0,
        matches: ctx.matches,
      });
      let best: { size: number; draft: SignInDraft; signIn: Record<string, unknown>; d: AccessDecision } | undefined;
      for (const c of classes) {
        const size = c.draft.groups.length + c.draft.roles.length;
        if ((best !== undefined && best.size <= size) || !reaches(index, c.draft)) continue;
        const signIn = toSignIn(c.draft, NOTHING_SATISFIED);
        if (shown.has(JSON.stringify(signIn))) continue;
        const d = ctx.prepared.evaluate(signIn);
        if (d.policies.some((x) => x.applies && x.state === "enabled" && x.grant !== "none")) continue;
        if (ctx.exceptions?.some((x) => !x.expired && x.scope(signIn) === true) === true) continue;
        best = { size, draft: c.draft, signIn, d };
      }
      if (best === undefined) continue;
      found++;
      shown.add(JSON.stringify(best.signIn));
      // Every excluding policy that would reach this sign-in, so one witness names them all.
      const from = excluding.flatMap((p, i) => (reaches(i, best.draft) ? [p.policy] : []));
      out.push({
        kind: "uncoveredExclusion",
        severity: "info",
        policy: policy.policy.name,
        span: policy.policy.decl.name.span,
        message:
          `users excluded from ${names(from.map((p) => p.name))} by \`${selectorText(e)}\` ` +
          `meet no other enforced policy here: ${describeDraft(best.draft)}`,
        witness: {
          signIn: best.signIn,
          class: describeDraft(best.draft),
          decision: best.d.decision,
          accessGrantedNow: best.d.accessGrantedNow,
        },
        fix:
          `cover the excluded users with another enforced policy (for break-glass accounts: a ` +
          `documented exception and sign-in alerting)`,
      });
    }
  }
  return out;
}
