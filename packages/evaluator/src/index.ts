// @tenet/evaluator: checked AST -> compiled policy -> decision + explanation.
export type {
  ActionDue,
  DefaultPolicyResult,
  DeviceResult,
  DeviceState,
  DeviceVerdict,
  EvaluateOptions,
  Fix,
  PolicyResult,
  PolicyState,
  PreviousState,
  RuleExplanation,
  RuleResult,
  RuleStatus,
  TenantSettings,
} from "./model/device-result.js";
export type { AccessDecision, ControlName, NotAppliedReason, PolicyEvaluation } from "./model/access-decision.js";

// Compile once; prepare once per instant and settings; evaluate many snapshots. The reference
// interpreter (the oracle of the differential tests) is on the `@tenet/evaluator/testing` subpath.
export { compile, compileCondition } from "./compile/compile.js";
// The top-level snapshot fields a compiled set can read (what `tenet check` validates).
export { factsRead } from "./compile/facts-read.js";
export { CompileError } from "./compile/compile-expr.js";
export { EvalEnv } from "./compile/env.js";
export type { CompiledPolicy, CompiledPolicySet, CompiledRule, CompiledWaiver } from "./compile/compiled-policy-set.js";
export { prepare } from "./evaluate/prepare.js";
export type { PreparedEvaluation } from "./evaluate/prepare.js";
export type { PrepareOptions, PreviousLookup } from "./model/prepare-options.js";
export { evaluate } from "./evaluate/evaluate.js";
export { prepareAccess } from "./access/prepare-access.js";
export type { PreparedAccess, PrepareAccessOptions } from "./access/prepare-access.js";
// Which policies apply: Intune assignments, group memberships and assignment filters.
export { buildMembershipIndex } from "./assign/membership-index.js";
export type { GroupMembers, MembershipIndex, MembershipProblem } from "./assign/membership-index.js";
export type { AssignmentResult } from "./assign/resolve-assignments.js";
export { evaluateIntuneFilter } from "./assign/intune-filter-eval.js";
export type { FilterMatch } from "./assign/intune-filter-eval.js";
export { evaluateAccess } from "./access/evaluate-access.js";
export type { AccessOptions } from "./access/evaluate-access.js";
export { evaluateSources } from "./evaluate/evaluate-sources.js";
// Graph's placeholders for "not reported" (empty strings, the minimum date, `unknown`), cleared before validation.
export { clearNotReported, notReportedByProperty } from "./values/graph-not-reported.js";
export { ENGINE_VERSION } from "./evaluate/engine-version.js";
export { InvalidNowError } from "./evaluate/evaluation-instant.js";
export { renderExpr } from "./explain/render-expr.js";
export { policyStateRank, worstState } from "./values/state-ladder.js";
export { compareVersions } from "./values/version.js";
export { lookupPath } from "./values/fact-lookup.js";
export { analyzeAccess } from "./analyze/analyze-access.js";
export type {
  AccessAnalysis,
  AnalyzeOptions,
  Finding,
  FindingKind,
  KnownIds,
  RequirementResult,
  Witness,
} from "./analyze/analyze-access.js";
export { compareAccess } from "./analyze/compare-access.js";
export type { AccessComparison, DecisionChange, Outcome } from "./analyze/compare-access.js";
export { redactPersonal, REDACTED } from "./redact/redact-personal.js";
