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
