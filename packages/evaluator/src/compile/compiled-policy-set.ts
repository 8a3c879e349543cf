import type {
  CheckedAccess,
  CheckedCompliance,
  CheckedPolicySet,
  CheckedRule,
  CheckedWaiver,
  ControlMapping,
  Enforcement,
  Platform,
  RuleSeverity,
  ScheduledAction,
  UnknownOutcome,
} from "@tenet/parser";
import type { CompiledCondition, EvalEnv } from "./env.js";

/** A rule ready to evaluate: closures plus precomputed metadata. */
export interface CompiledRule {
  id: string;
  name: string;
  policy: string;
  title: string;
  severity: RuleSeverity;
  enforcement: Enforcement;
  onUnknown: UnknownOutcome;
  controls: ControlMapping[];
  remediation?: string;
  require: CompiledCondition;
  when?: CompiledCondition;
  /** Waivers naming this rule (never set for hard rules: a waiver cannot apply to them). */
  waivers: CompiledWaiver[];
  checked: CheckedRule;
}

/** A compliance policy ready to evaluate. */
export interface CompiledPolicy {
  name: string;
  title: string;
  /** Empty: every platform. */
  platforms: ReadonlySet<Platform>;
  when?: CompiledCondition;
  enforcement: Enforcement;
  rules: CompiledRule[];
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

/** The output of `compile`: evaluate it many times with `evaluate`. */
export interface CompiledPolicySet {
  policies: CompiledPolicy[];
  waivers: CompiledWaiver[];
  /** Access policies, kept for the access evaluator. */
  access: CheckedAccess[];
  /** SHA-256 of the policy sources (`CheckedPolicySet.hash`). */
  hash: string;
  /** The root name of device facts in policies (`device`). */
  rootName: string;
  set: CheckedPolicySet;
  /** Reused evaluation context (evaluation is synchronous, so one per compiled set suffices). */
  env: EvalEnv;
}
