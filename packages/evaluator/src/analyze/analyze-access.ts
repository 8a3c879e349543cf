// analyzeAccess: compiled access policies -> every sign-in class decided by the What If evaluator -> findings with witnesses.
import type { CheckedAccess, Instant, Span } from "@tenet/parser";
import { prepareAccess, type PreparedAccess } from "../access/prepare-access.js";
import { deviceFilterMatcher } from "../access/device-filter-matcher.js";
import { EvalEnv } from "../compile/env.js";
import type { CompiledPolicySet } from "../compile/compiled-policy-set.js";
import type { AccessDecision, ControlName } from "../model/access-decision.js";
import { describeCondition, describeDraft } from "./describe-class.js";
import { exploreClasses, type ExplorePolicy, type ExploreStats, type SignInClass } from "./explore-classes.js";
import { ALL_DIMS, ChoiceMatches, meets } from "./choice-matches.js";
import {
  emptyReach,
  exceptionsOf,
  requirementsOf,
  type Claim,
  type Requirement,
  type SignInException,
} from "./requirements.js";
import { NOTHING_SATISFIED, signInSpace, toSignIn, type SignInDraft } from "./sign-in-space.js";
import { policyFindings } from "./policy-findings.js";

/** A sign-in that shows a finding: `tenet whatif` on `signIn` reproduces `decision`. */
export interface Witness {
  signIn: Record<string, unknown>;
  /** The class the sign-in stands for, in words. */
  class: string;
  decision: AccessDecision["decision"];
  accessGrantedNow: boolean;
}

/** The kinds of finding, most serious first. */
export type FindingKind =
  | "gap"
  | "reportOnlyCoverage"
  | "neverApplies"
  | "blockShadowsGrant"
  | "subsumed"
  | "uncoveredExclusion"
  | "unknownReference"
  | "notDecided"
  | "expiredException";

export interface Finding {
  kind: FindingKind;
  severity: "error" | "warning" | "info";
  message: string;
  policy?: string;
  requirement?: string;
  span?: Span;
  witness?: Witness;
  /** The smallest change that would close the finding. */
  fix?: string;
}

/** The verdict on one requirement over the whole space. */
export interface RequirementResult {
  name: string;
  title?: string;
  source: Requirement["source"];
  claim: string;
  status: "pass" | "fail" | "notDecided";
  /** Classes in the requirement's scope, and how many of them fail it. */
  classesInScope: number;
  failingClasses: number;
  witnesses: Witness[];
  notDecided: string[];
  span?: Span;
  /** With declared sign-in exceptions: each one that meets a class this requirement would fail. */
  exceptions?: ExceptionUse[];
}

/** How a declared sign-in exception bears on one requirement. */
export interface ExceptionUse {
  name: string;
  reason: string;
  approver: string;
  expires: string;
  /** Expired at the analysis' instant: it excuses nothing, and the classes it meets fail. */
  expired: boolean;
  /** Failing classes it excuses (active) or would have excused (expired). */
  classes: number;
  /** The properties the exception is limited to, when its waiver names some. */
  properties?: readonly string[];
}

/** Ids of the tenant directory; a policy naming an id outside a given set is a finding. */
export interface KnownIds {
  groups?: ReadonlySet<string>;
  roles?: ReadonlySet<string>;
  namedLocations?: ReadonlySet<string>;
  users?: ReadonlySet<string>;
}

export interface AnalyzeOptions {
  now: Instant;
  /** Witnesses kept per requirement (default 3). */
  witnesses?: number;
  known?: KnownIds;
  /** Per-policy findings (never applies, shadowed, subsumed, uncovered exclusions); default true. */
  policyFindings?: boolean;
  /** Also return every class's representative sign-in, with no control satisfied (`classes`). */
  listClasses?: boolean;
}

/** The result of {@link analyzeAccess}. */
export interface AccessAnalysis {
  requirements: RequirementResult[];
  findings: Finding[];
  stats: ExploreStats & { policies: number; deviceAtoms: number; dimensions: Record<string, number> };
  notDecided: string[];
  /** With `listClasses`: one representative per class, nothing satisfied, decided by the What If evaluator. */
  classes?: Witness[];
}

const claimText = (c: Claim) =>
  c.kind === "requires" ? `requires ${c.control}` : c.kind === "neverBlocked" ? "never blocked" : "always blocked";

/** Grant controls a sign-in satisfies except `without`; term and strength ids are every one the policies name. */
export function satisfiedExcept(
  policies: readonly CheckedAccess[],
  without: ControlName | undefined,
): Record<string, unknown> {
  const ids = (kind: "termsOfUse" | "authenticationStrength") => [
    ...new Set(
      policies
        .flatMap((p) => (p.grant.kind === "controls" ? p.grant.controls : []))
        .flatMap((c) => (c.kind === kind ? [c.id] : [])),
    ),
  ];
  return {
    mfa: without !== "mfa",
    approvedApplication: without !== "approvedApp",
    compliantApplication: without !== "appProtection",
    passwordChange: without !== "passwordChange",
    termsOfUse: without === "termsOfUse" ? [] : ids("termsOfUse"),
    authenticationStrengths: without === "authenticationStrength" ? [] : ids("authenticationStrength"),
  };
}

/** Policies as the explorer sees them, with their device filters bound to `compiled`. */
export function explorePoliciesOf(compiled: CompiledPolicySet, prefix = ""): ExplorePolicy[] {
  const filter = deviceFilterMatcher(compiled, new EvalEnv(compiled.slots));
  return compiled.access
    .filter((p) => p.state !== "disabled")
    .map((policy) => ({
      policy,
      filterMatches: (device: unknown) => filter(policy, device),
      effect: `${prefix}${policy.state}|${JSON.stringify(policy.grant)}|${policy.unsupported?.join(";") ?? ""}`,
    }));
}

/** Whether a class already has a device control the requirement is about (then it cannot lack it). */
function hasDeviceControl(d: SignInDraft, control: ControlName): boolean {
  if (control === "compliantDevice") return d.device?.isCompliant === true;
  if (control === "hybridJoinedDevice") return d.device?.trustType === "ServerAD";
  return false;
}

/** The smallest change that would make a failing class meet a requirement. */
function fixFor(
  claim: Claim,
  draft: SignInDraft,
  decision: AccessDecision,
  policies: readonly ExplorePolicy[],
): string {
  if (claim.kind === "neverBlocked") {
    const blocking = decision.policies.filter((p) => p.applies && p.state === "enabled" && p.grant === "block");
    return `exclude this sign-in from ${blocking.map((p) => `\`${p.policy}\``).join(", ")} (for example through an exclusion group)`;
  }
  const wanted = (p: CheckedAccess) =>
    claim.kind === "alwaysBlocked"
      ? p.grant.kind === "block"
      : p.grant.kind === "controls" && p.grant.controls.some((c) => c.kind === claim.control);
  const reportOnly = decision.policies.filter(
    (p) =>
      p.applies && p.state === "reportOnly" && policies.some((e) => e.policy.name === p.policy && wanted(e.policy)),
  );
  if (reportOnly.length > 0)
    return `switch ${reportOnly.map((p) => `\`${p.policy}\``).join(", ")} from report-only to enabled`;
  const or = decision.policies.find(
    (p) =>
      p.applies &&
      p.state === "enabled" &&
      p.operator === "OR" &&
      policies.some((e) => e.policy.name === p.policy && wanted(e.policy)),
  );
  if (or !== undefined && claim.kind === "requires")
    return (
      `\`${or.policy}\` accepts another control instead of \`${claim.control}\`: require it with ` +
      `\`all(...)\` or add a policy requiring \`${claim.control}\` alone`
    );
  let best: { policy: CheckedAccess; failing: string[] } | undefined;
  for (const e of policies) {
    if (e.policy.state === "disabled" || !wanted(e.policy)) continue;
    const failing = ALL_DIMS.filter((dim) => !meets(e, [dim], draft));
    if (failing.length > 0 && (best === undefined || failing.length < best.failing.length))
      best = { policy: e.policy, failing };
  }
  const what = claim.kind === "alwaysBlocked" ? "block" : `require \`${claim.control}\``;
  if (best !== undefined)
    return (
      `\`${best.policy.name}\`${best.policy.state === "reportOnly" ? " (report-only: enable it)" : ""} ` +
      `would ${what} here if you changed ` +
      `${best.failing.map((d) => describeCondition(d, best.policy, draft)).join(" and ")}`
    );
  return `add an enabled policy that would ${what} for such sign-ins`;
}

/**
 * Analyses the access policies of `compiled` over the whole sign-in space: explores the
 * classes the policies and requirements tell apart, decides each class's representative with
 * the same prepared evaluator `tenet whatif` uses, checks every requirement (the set's sign-in
 * `property` blocks, else Tenet's defaults) and reports findings, each with a witness.
 */
export function analyzeAccess(compiled: CompiledPolicySet, options: AnalyzeOptions): AccessAnalysis {
  const reach = emptyReach();
  const requirements = requirementsOf(compiled, reach);
  const exceptions = exceptionsOf(compiled, reach, options.now.millis);
  const policies = explorePoliciesOf(compiled);
  const space = signInSpace(
    policies.map((p) => p.policy),
    reach.hints,
  );
  const matches = new ChoiceMatches(space);
  const { classes, stats } = exploreClasses(space, policies, { distinctions: reach.distinctions, matches });
  const prepared = prepareAccess(compiled, { now: options.now });
  const max = options.witnesses ?? 3;
  const active = policies.map((p) => p.policy);
  const notDecided = [
    ...space.notDecided,
    ...exceptions.flatMap((e) => e.notDecided.map((w) => `\`${e.name}\`: ${w}`)),
  ];
  const findings: Finding[] = [];
  const checked = requirements.map((r) => checkRequirement(r, classes, prepared, active, max, exceptions));
  const results = checked.map((c) => c.result);
  for (const [i, { result: r, drafts }] of checked.entries()) {
    const req = requirements[i]!;
    if (r.status === "fail")
      for (const [j, w] of r.witnesses.entries()) {
        const draft = drafts[j]!;
        const covering = w.decision === "block" ? [] : reportOnlyCovering(req.claim, draft, policies);
        findings.push({
          kind: covering.length > 0 ? "reportOnlyCoverage" : "gap",
          severity: "error",
          requirement: r.name,
          message:
            covering.length > 0
              ? `\`${r.name}\` (${r.claim}) fails for ${w.class}: only report-only ` +
                `${covering.map((c) => `\`${c}\``).join(", ")} would cover it`
              : `\`${r.name}\` (${r.claim}) fails for ${w.class}`,
          witness: w,
          fix: fixFor(req.claim, draft, prepared.evaluate(w.signIn), policies),
          ...(r.span === undefined ? {} : { span: r.span }),
        });
      }
    for (const why of r.notDecided) notDecided.push(`\`${r.name}\`: ${why}`);
    for (const use of r.exceptions ?? []) {
      if (!use.expired) continue;
      const e = exceptions.find((x) => x.name === use.name)!;
      findings.push({
        kind: "expiredException",
        severity: "warning",
        requirement: r.name,
        span: e.span,
        message:
          `exception \`${use.name}\` expired on ${use.expires} and no longer excuses ${use.classes} ` +
          `failing class${use.classes === 1 ? "" : "es"} of \`${r.name}\` (${use.reason})`,
        fix: `renew \`${use.name}\` with a new approval and expiry, or close the gap for the sign-ins in its scope`,
      });
    }
  }
  if (options.policyFindings !== false)
    findings.push(
      ...policyFindings({
        space,
        matches,
        policies,
        prepared,
        distinctions: reach.distinctions,
        known: options.known,
        exceptions,
        witnesses: max,
        // Only what the exceptions read: the requirements' scopes do not bear on who an exclusion leaves out.
        exceptionDistinctions: exceptionReachOf(compiled, options.now.millis),
      }),
    );
  for (const why of notDecided) findings.push({ kind: "notDecided", severity: "warning", message: why });
  const dimensions: Record<string, number> = Object.fromEntries(space.choices.map((c) => [c.name, c.values.length]));
  dimensions.users = space.userIds.length;
  dimensions.guestKinds = space.guestKinds.length;
  dimensions.groups = space.groups.length;
  dimensions.roles = space.roles.length;
  const listed =
    options.listClasses !== true
      ? {}
      : {
          classes: classes.map((c) => {
            const signIn = toSignIn(c.draft, NOTHING_SATISFIED);
            const d = prepared.evaluate(signIn);
            return {
              signIn,
              class: describeDraft(c.draft),
              decision: d.decision,
              accessGrantedNow: d.accessGrantedNow,
            };
          }),
        };
  return {
    ...listed,
    requirements: results,
    findings,
    stats: { ...stats, policies: policies.length, deviceAtoms: space.deviceAtoms, dimensions },
    notDecided,
  };
}

function exceptionReachOf(compiled: CompiledPolicySet, nowMillis: number) {
  const reach = emptyReach();
  exceptionsOf(compiled, reach, nowMillis);
  return reach.distinctions;
}

/** Report-only policies that would meet the claim for this class were they enabled. */
function reportOnlyCovering(claim: Claim, draft: SignInDraft, policies: readonly ExplorePolicy[]): string[] {
  return policies
    .filter((e) => e.policy.state === "reportOnly")
    .filter((e) =>
      claim.kind === "alwaysBlocked"
        ? e.policy.grant.kind === "block"
        : claim.kind === "requires" &&
          e.policy.grant.kind === "controls" &&
          e.policy.grant.controls.some((c) => c.kind === claim.control),
    )
    .filter((e) => ALL_DIMS.every((dim) => meets(e, [dim], draft)))
    .map((e) => e.policy.name);
}

function checkRequirement(
  r: Requirement,
  classes: readonly SignInClass[],
  prepared: PreparedAccess,
  active: readonly CheckedAccess[],
  max: number,
  exceptions: readonly SignInException[],
): { result: RequirementResult; drafts: SignInDraft[] } {
  // Exceptions relax what a sign-in must do; `never blocked` is about keeping access, which they do not waive.
  const excusable = claimExcusable(r.claim)
    ? exceptions.filter((e) => e.properties === undefined || (r.source === "property" && e.properties.includes(r.name)))
    : [];
  const uses = excusable.map(() => 0);
  const claim = r.claim;
  const satisfied = satisfiedExcept(active, claim.kind === "requires" ? claim.control : undefined);
  let inScope = 0;
  let failing = 0;
  let unknownDecision = 0;
  const witnesses: Witness[] = [];
  const drafts: SignInDraft[] = [];
  for (const c of classes) {
    if (claim.kind === "requires" && hasDeviceControl(c.draft, claim.control)) continue;
    const signIn = toSignIn(c.draft, satisfied);
    // As `tenet verify` reads `assume`: only a scope that is true (not unknown) admits the sign-in.
    if (r.scope !== undefined && r.scope(signIn) !== true) continue;
    inScope++;
    const d = prepared.evaluate(signIn);
    if (d.decision === "unknown") {
      unknownDecision++;
      continue;
    }
    const fails =
      claim.kind === "requires"
        ? d.accessGrantedNow
        : claim.kind === "neverBlocked"
          ? d.decision === "block"
          : d.decision !== "block";
    if (!fails) continue;
    const meeting = excusable.flatMap((e, i) => (e.scope(signIn) === true ? [i] : []));
    for (const i of meeting) uses[i]!++;
    if (meeting.some((i) => !excusable[i]!.expired)) continue;
    failing++;
    if (witnesses.length < max) {
      drafts.push(c.draft);
      witnesses.push({
        signIn,
        class: describeDraft(c.draft),
        decision: d.decision,
        accessGrantedNow: d.accessGrantedNow,
      });
    }
  }
  const notDecided = [...r.notDecided];
  if (unknownDecision > 0)
    notDecided.push(`${unknownDecision} classes in scope meet a policy that is not evaluable (\`unsupported\` parts)`);
  const result: RequirementResult = {
    name: r.name,
    source: r.source,
    claim: claimText(claim),
    status: failing > 0 ? "fail" : notDecided.length > 0 ? "notDecided" : "pass",
    classesInScope: inScope,
    failingClasses: failing,
    witnesses,
    notDecided,
    ...(r.title === undefined ? {} : { title: r.title }),
    ...(r.span === undefined ? {} : { span: r.span }),
    ...(excusable.length === 0
      ? {}
      : {
          exceptions: excusable.flatMap((e, i) =>
            uses[i] === 0
              ? []
              : [
                  {
                    name: e.name,
                    reason: e.reason,
                    approver: e.approver,
                    expires: e.expires,
                    expired: e.expired,
                    classes: uses[i]!,
                    ...(e.properties === undefined ? {} : { properties: e.properties }),
                  },
                ],
          ),
        }),
  };
  return { result, drafts };
}

const claimExcusable = (c: Claim) => c.kind !== "neverBlocked";
