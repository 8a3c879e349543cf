// policyFindings: each policy against the whole space -> never applies, shadowed, subsumed, uncovered exclusions, unknown ids.
import type { CheckedAccess, GrantControl, UserSelector } from "@tenet/parser";
import type { PreparedAccess } from "../access/prepare-access.js";
import type { AccessDecision } from "../model/access-decision.js";
import { describeDraft } from "./describe-class.js";
import { exploreClasses, type Distinctions, type ExplorePolicy } from "./explore-classes.js";
import { meets, type ChoiceMatches } from "./choice-matches.js";
import type { Finding, KnownIds, Witness } from "./analyze-access.js";
import { emptyReach, type SignInException } from "./requirements.js";
import { uncoveredExclusions } from "./uncovered-exclusions.js";
import {
  emptyDraft,
  MEMBER,
  NOTHING_SATISFIED,
  toSignIn,
  type SignInDraft,
  type SignInSpace,
} from "./sign-in-space.js";

interface Context {
  /** Uncovered-exclusion regions reported per excluded selector. */
  witnesses?: number;
  /** What the exceptions' scopes read: the partition keeps it apart when asking who an exclusion leaves out. */
  exceptionDistinctions?: Distinctions;
  /** Declared sign-in exceptions: users an active one covers are a documented exclusion, not a finding. */
  exceptions?: readonly SignInException[];
  space: SignInSpace;
  matches: ChoiceMatches;
  policies: readonly ExplorePolicy[];
  prepared: PreparedAccess;
  distinctions: Distinctions;
  known?: KnownIds;
}

function witnessOf(draft: SignInDraft, decision: AccessDecision, signIn: Record<string, unknown>): Witness {
  return {
    signIn,
    class: describeDraft(draft),
    decision: decision.decision,
    accessGrantedNow: decision.accessGrantedNow,
  };
}

/** User drafts that meet a selector, one per guest kind where the selector is about guests. */
function usersMeeting(s: UserSelector | { kind: "all" }, space: SignInSpace): SignInDraft[] {
  const base = emptyDraft();
  if (s.kind === "user") base.userId = s.id;
  else if (s.kind === "group") base.groups = [s.id];
  else if (s.kind === "role") base.roles = [s.id];
  if (s.kind !== "guests") return [base];
  return space.guestKinds.filter((k) => k !== MEMBER).map((k) => ({ ...base, guestKind: k }));
}

/**
 * A draft on which `p` applies, or the first dimension no value admits. Exact: dimensions are
 * independent, choice dimensions are tried value by value, and a user meeting one include
 * selector with nothing else set is the user least likely to hit an exclusion.
 */
function appliesSomewhere(
  p: ExplorePolicy,
  space: SignInSpace,
  matches: ChoiceMatches,
): { draft: SignInDraft } | { dimension: string } {
  const include =
    p.policy.users === undefined || p.policy.users.include.length === 0
      ? [{ kind: "all" as const }]
      : p.policy.users.include;
  const user = include.flatMap((s) => usersMeeting(s, space)).find((d) => meets(p, ["users"], d));
  if (user === undefined) return { dimension: "users" };
  const draft = user;
  const through = matches.of(p);
  for (const [d, dim] of space.choices.entries()) {
    const index = through[d]!.indexOf(1);
    if (index < 0) return { dimension: dim.name };
    dim.values[index]!.apply(draft);
  }
  return { draft };
}

/** Whether `others` (controls of one applying enforced policy) demand at least what `p` demands. */
function implies(other: CheckedAccess["grant"], p: CheckedAccess["grant"]): boolean {
  if (other.kind === "block") return true;
  if (other.kind !== "controls" || p.kind !== "controls") return p.kind === "none";
  const key = (c: GrantControl) => JSON.stringify(c);
  const has = (xs: GrantControl[], c: GrantControl) => xs.some((x) => key(x) === key(c));
  const otherAll = other.operator === "AND" || other.controls.length === 1;
  if (p.operator === "AND" || p.controls.length === 1)
    return otherAll && p.controls.every((c) => has(other.controls, c));
  // p accepts any of its controls: other must force one of them (AND holding one), or accept only among them.
  return otherAll ? p.controls.some((c) => has(other.controls, c)) : other.controls.every((c) => has(p.controls, c));
}

/**
 * Findings about single policies: policies that can never apply; enabled grant policies that
 * apply only where an enforced block already applies, or only where others already demand as
 * much; ids the tenant does not know; then exclusions whose users no other enforced policy covers
 * (uncovered-exclusions.ts).
 */
export function policyFindings(ctx: Context): Finding[] {
  const out: Finding[] = [];
  const { space, policies, prepared } = ctx;
  const byName = new Map(policies.map((p) => [p.policy.name, p]));
  const neverApplies = new Set<string>();
  for (const [index, p] of policies.entries()) {
    const policy = p.policy;
    const span = policy.decl.name.span;
    const found = appliesSomewhere(p, space, ctx.matches);
    if ("dimension" in found) {
      neverApplies.add(policy.name);
      out.push({
        kind: "neverApplies",
        severity: "warning",
        policy: policy.name,
        span,
        message: `\`${policy.name}\` can never apply: no sign-in meets its ${found.dimension} condition`,
        fix: `fix or remove the ${found.dimension} condition of \`${policy.name}\``,
      });
      continue;
    }
    // Only policies that demand at least as much as this one can shadow or subsume it: the classes of those alone decide.
    const stronger = policies.filter(
      (q, i) =>
        i !== index &&
        q.policy.state === "enabled" &&
        q.policy.unsupported === undefined &&
        implies(q.policy.grant, policy.grant),
    );
    if (policy.state === "enabled" && policy.grant.kind !== "block" && stronger.length > 0) {
      const { classes } = exploreClasses(space, [p, ...stronger], {
        distinctions: emptyReach().distinctions,
        mustApply: 0,
        matches: ctx.matches,
      });
      const decisions = classes.map((c) => {
        const s = toSignIn(c.draft, NOTHING_SATISFIED);
        return { draft: c.draft, signIn: s, decision: prepared.evaluate(s) };
      });
      const first = decisions[0];
      if (first !== undefined && decisions.every((d) => d.decision.decision === "block")) {
        const blockers = new Set(
          decisions.flatMap((d) =>
            d.decision.policies
              .filter((x) => x.applies && x.state === "enabled" && x.grant === "block")
              .map((x) => x.policy),
          ),
        );
        out.push({
          kind: "blockShadowsGrant",
          severity: "warning",
          policy: policy.name,
          span,
          message:
            `\`${policy.name}\` never decides anything: wherever it applies, ` +
            `${[...blockers].map((b) => `\`${b}\``).join(", ")} already block${blockers.size === 1 ? "s" : ""}`,
          witness: witnessOf(first.draft, first.decision, first.signIn),
          fix:
            `remove \`${policy.name}\`, or narrow ${[...blockers].map((b) => `\`${b}\``).join(", ")} if the ` +
            `block is wider than intended`,
        });
      } else if (first !== undefined) {
        const subsumers = new Set<string>();
        const subsumed = decisions.every((d) => {
          const others = d.decision.policies.filter(
            (x) => x.applies && x.state === "enabled" && x.policy !== policy.name && x.notEvaluable === undefined,
          );
          const by = others.find((x) => implies(byName.get(x.policy)!.policy.grant, policy.grant));
          if (by !== undefined) subsumers.add(by.policy);
          return by !== undefined;
        });
        if (subsumed)
          out.push({
            kind: "subsumed",
            severity: "info",
            policy: policy.name,
            span,
            message:
              `\`${policy.name}\` adds nothing: wherever it applies, ` +
              `${[...subsumers].map((b) => `\`${b}\``).join(", ")} already demand at least as much`,
            witness: witnessOf(first.draft, first.decision, first.signIn),
            fix: `remove \`${policy.name}\` or merge it into ${[...subsumers].map((b) => `\`${b}\``).join(", ")}`,
          });
      }
    }
    out.push(...unknownReferences(policy, ctx.known));
  }
  out.push(
    ...uncoveredExclusions({
      ...ctx,
      neverApplies,
      distinctions: ctx.exceptionDistinctions ?? emptyReach().distinctions,
    }),
  );
  return out;
}

function unknownReferences(policy: CheckedAccess, known: KnownIds | undefined): Finding[] {
  if (known === undefined) return [];
  const out: Finding[] = [];
  const check = (set: ReadonlySet<string> | undefined, kind: string, id: string) => {
    if (set !== undefined && !set.has(id))
      out.push({
        kind: "unknownReference",
        severity: "warning",
        policy: policy.name,
        span: policy.decl.name.span,
        message: `\`${policy.name}\` names ${kind} \`${id}\`, which the tenant snapshot does not know`,
        fix: `correct the id or remove it from \`${policy.name}\``,
      });
  };
  for (const s of [...(policy.users?.include ?? []), ...(policy.users?.exclude ?? [])]) {
    if (s.kind === "group") check(known.groups, "group", s.id);
    else if (s.kind === "role") check(known.roles, "role", s.id);
    else if (s.kind === "user") check(known.users, "user", s.id);
  }
  for (const l of [...(policy.locations?.include ?? []), ...(policy.locations?.exclude ?? [])])
    if (l.kind === "location") check(known.namedLocations, "named location", l.id);
  return out;
}
