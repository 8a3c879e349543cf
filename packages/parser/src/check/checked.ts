import type { ComplianceDecl, Expr, LetDecl, PathExpr, PolicyFile, RuleDecl, WaiverDecl } from "../ast/nodes.js";
import type { FactType } from "./fact-type.js";
import type { FactSchema } from "../schema/fact-schema.js";
import type { CheckedAccess } from "./access-model.js";
import type { ControlMapping } from "./control-mapping.js";

export type { ControlMapping };
import type { FilterRuleExpr } from "./filter-rule.js";
import type { IntuneFilterOperator } from "./intune-filter-operator.js";

/** Platforms a compliance policy can target. */
export type Platform =
  "windows" | "macOS" | "iOS" | "android" | "androidWorkProfile" | "androidDeviceOwner" | "androidAOSP" | "linux";

export type Enforcement = "advisory" | "soft" | "hard";
export type RuleSeverity = "low" | "medium" | "high" | "critical";
/** What a rule whose condition ends unknown (missing facts) becomes. */
export type UnknownOutcome = "error" | "unknown" | "fail";
export type ActionType = "notify" | "push" | "lock" | "retire" | "wipe" | "markNoncompliant" | "removeAccessProfiles";

export interface CheckedRule {
  decl: RuleDecl;
  /** `policy.rule`, unique in the set. */
  id: string;
  name: string;
  title: string;
  require: Expr;
  when?: Expr;
  severity: RuleSeverity;
  enforcement: Enforcement;
  onUnknown: UnknownOutcome;
  /** Remediation template; `{device.path}` placeholders are filled at explain time. */
  remediation?: string;
  /** Offsets of braces in `remediation` that are literal text (written `\{`, `\}`). */
  remediationLiteralBraces?: number[];
  /** The rule's own controls plus the policy's. */
  controls: ControlMapping[];
}

export interface ScheduledAction {
  afterMillis: number;
  action: ActionType;
  args: string[];
}

export interface CheckedCompliance {
  decl: ComplianceDecl;
  name: string;
  title: string;
  description?: string;
  /** Empty means every platform. */
  platforms: Platform[];
  when?: Expr;
  enforcement: Enforcement;
  rules: CheckedRule[];
  /** Sorted by `afterMillis`; always contains exactly one `markNoncompliant` (0h if unwritten). */
  schedule: ScheduledAction[];
  controls: ControlMapping[];
  /**
   * The policy's Intune assignments in the order written; undefined when it declares none,
   * which keeps the meaning "every device of the platform".
   */
  assignments?: CheckedAssignment[];
}

/** Who an assignment targets: a group (its members, users and devices), all users, or all devices. */
export type AssignmentTarget =
  { kind: "group"; id: string; name?: string } | { kind: "allUsers" } | { kind: "allDevices" };

/** One Intune assignment of a compliance policy (Graph `deviceCompliancePolicyAssignment`). */
export interface CheckedAssignment {
  mode: "include" | "exclude";
  target: AssignmentTarget;
  /** The assignment filter narrowing an inclusion, by name. */
  filter?: { mode: "include" | "exclude"; name: string };
}

/** An Intune assignment filter (Graph `deviceAndAppManagementAssignmentFilter`), checked. */
export interface CheckedFilter {
  name: string;
  /** The display name (the declaration's title, else its name). */
  title: string;
  description?: string;
  platform: Platform;
  /** The rule as written, in Intune's syntax. */
  rule: string;
  ast: FilterRuleExpr<IntuneFilterOperator>;
}

export interface CheckedWaiver {
  decl: WaiverDecl;
  name: string;
  /**
   * `devices`: waives compliance rules. `signIns`: a sign-in exception (its scope reads
   * `signIn`): excuses the sign-ins in its scope from `requires` and `always blocked` properties.
   */
  appliesTo: "devices" | "signIns";
  /** A sign-in exception's `properties`: it excuses only these (absent: every `requires` and `always blocked` one). */
  properties?: string[];
  /** Waived rules; `rule: undefined` waives every rule of the policy. */
  rules: { policy: string; rule?: string }[];
  scope?: Expr;
  deviceIds?: string[];
  reason: string;
  approver: string;
  ticket?: string;
  /** Expiry instant (epoch ms, UTC); a date means the end of that day is NOT included: it expires at its 00:00Z. */
  expiresMillis: number;
}

/**
 * The checker's output: the parsed files plus resolved, typed policies. Expressions keep
 * their AST nodes; `types` gives each expression's type and `letTargets` resolves each
 * path whose root is a `let` name.
 */
export interface CheckedPolicySet {
  files: PolicyFile[];
  compliance: CheckedCompliance[];
  access: CheckedAccess[];
  waivers: CheckedWaiver[];
  /** Assignment filters by name. */
  filters: CheckedFilter[];
  types: Map<Expr, FactType>;
  letTargets: Map<PathExpr, LetDecl>;
  schemas: { device: FactSchema; signIn: FactSchema };
  /** SHA-256 (hex) over the sorted file paths and contents: identifies the policy set in results. */
  hash: string;
}
