// @tenet/evaluator: checked AST -> compiled policy -> decision + explanation.
export type {
  ActionDue,
  DefaultPolicyResult,
  DeviceResult,
  DeviceState,
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
export type {
  AccessDecision,
  ControlName,
  NotAppliedReason,
  PolicyEvaluation,
} from "./model/access-decision.js";

// Compliance evaluation: compile once, evaluate many (EVALUATOR engineer).
export { compile, compileCondition } from "./compile/compile.js";
export { CompileError } from "./compile/compile-expr.js";
export { EvalEnv } from "./compile/env.js";
export type {
  CompiledPolicy,
  CompiledPolicySet,
  CompiledRule,
  CompiledWaiver,
} from "./compile/compiled-policy-set.js";
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
export { accessSummary } from "./access/access-summary.js";
export type { IntuneAccessSummary } from "./access/access-summary.js";
export { evaluateEntraFilter } from "./access/entra-filter-eval.js";
export { evaluateSources } from "./evaluate/evaluate-sources.js";
export { ENGINE_VERSION } from "./evaluate/engine-version.js";
export { InvalidNowError } from "./evaluate/evaluation-instant.js";
export { referenceEvaluate } from "./reference/reference-evaluate.js";
export { explainRule, explainFromTrace, traceRule, expectedText } from "./explain/explain-rule.js";
export type { ExplainInput } from "./explain/explain-rule.js";
export type { TraceEvent } from "./explain/trace.js";
export { renderRemediation } from "./explain/remediation.js";
export { renderExpr } from "./explain/render-expr.js";
export { policyStateRank, toDeviceState, worseState, worstState } from "./values/state-ladder.js";
export { compareVersions, compareVersionParts, parseVersion } from "./values/version.js";
export type { ParsedVersion, VersionPadding } from "./values/version.js";
export { devicePlatforms } from "./values/platform.js";
export type { DevicePlatformMatch } from "./values/platform.js";
export { getOwn, lookupPath, MISSING } from "./values/fact-lookup.js";
export { regexError, regexTest } from "./values/safe-regex.js";
