import type {
  CheckedAccess,
  CheckedFilter,
  CheckedCompliance,
  CheckedPolicySet,
  CheckedRule,
  CheckedWaiver,
  ControlMapping,
  EntraFilterExpr,
  Enforcement,
  Platform,
  RuleSeverity,
  ScheduledAction,
  UnknownOutcome,
} from "@tenet/parser";
import type { CompiledCondition } from "./env.js";
import type { PolicyDecider } from "./generate-policy.js";

/**
 * A rule ready to evaluate: closures plus precomputed metadata. Every field is set, optional
 * ones to undefined, so all rules share one object shape (result assembly reads them per device).
 */
export interface CompiledRule {
  id: string;
  name: string;
  policy: string;
  title: string;
  severity: RuleSeverity;
  enforcement: Enforcement;
  onUnknown: UnknownOutcome;
  /** `enforcement === "advisory"`: the rule is reported but never counts toward the policy's state. */
  advisory: boolean;
  /** The status an unknown outcome takes (`onUnknown`). */
  unknownStatus: "error" | "fail" | "unknown";
  controls: ControlMapping[];
  remediation?: string;
  require: CompiledCondition;
  when?: CompiledCondition;
  /** Waivers naming this rule (never set for hard rules: a waiver cannot apply to them). */
  waivers: CompiledWaiver[];
  checked: CheckedRule;
}

/** A compliance policy ready to evaluate (every field set, as `CompiledRule`). */
export interface CompiledPolicy {
  name: string;
  title: string;
  /** Empty: every platform. */
  platforms: ReadonlySet<Platform>;
  when?: CompiledCondition;
  enforcement: Enforcement;
  rules: CompiledRule[];
  /** Whether some rule is not advisory (then a policy that does not apply ranks `notApplicable`, not `compliant`). */
  counted: boolean;
  /** Decides every rule at once (`generate-policy.ts`); absent for a policy too large to generate. */
  decide?: PolicyDecider;
  schedule: readonly ScheduledAction[];
  /** Delay of the mark-noncompliant step: the grace period. */
  graceMillis: number;
  checked: CheckedCompliance;
}

/** A waiver with its scope compiled. */
export interface CompiledWaiver {
  name: string;
  scope?: CompiledCondition;
  deviceIds?: ReadonlySet<string>;
  expiresMillis: number;
  checked: CheckedWaiver;
}

/** An access policy's `devices where` filter, ready to evaluate. */
export type CompiledAccessFilter =
  { kind: "entra"; ast: EntraFilterExpr } | { kind: "tenet"; condition: CompiledCondition };

/**
 * The output of `compile`: immutable (frozen), and safe to share between prepared
 * evaluations, which own everything that changes per call. Prepare it with `prepare` or
 * `prepareAccess`, or evaluate one snapshot with `evaluate`.
 */
export interface CompiledPolicySet {
  readonly policies: CompiledPolicy[];
  readonly waivers: CompiledWaiver[];
  /** Access policies, kept for the access evaluator. */
  readonly access: CheckedAccess[];
  /** The compiled device filter of each access policy that has one. */
  readonly accessFilters: ReadonlyMap<CheckedAccess, CompiledAccessFilter>;
  /** Intune assignment filters by name, for the policies' assignments. */
  readonly assignmentFilters: ReadonlyMap<string, CheckedFilter>;
  /** Whether any compliance policy declares assignments (otherwise none is resolved: today's meaning). */
  readonly hasAssignments: boolean;
  /** SHA-256 of the policy sources (`CheckedPolicySet.hash`). */
  readonly hash: string;
  /** The root name of device facts in policies (`device`). */
  readonly rootName: string;
  readonly set: CheckedPolicySet;
  /** How many quantifier variable slots the compiled conditions use (the size of `EvalEnv.vars`). */
  readonly slots: number;
  /** How many `let` values the compiled conditions remember per snapshot (the size of `EvalEnv.memo`). */
  readonly memoSlots: number;
  /** The most rules any policy has (the size of the outcome buffer a prepared evaluation keeps). */
  readonly maxRules: number;
}
