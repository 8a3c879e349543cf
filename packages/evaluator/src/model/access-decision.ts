import type { GrantControlName, SessionControls } from "@tenet/parser";
import type { DeviceResult } from "./device-result.js";

/** Why a policy did not apply: the first condition that did not match (What If's `analysisReasons`). */
export type NotAppliedReason =
  | "users"
  | "application"
  | "userActions"
  | "authenticationContext"
  | "clientApps"
  | "devicePlatform"
  | "location"
  | "signInRisk"
  | "userRisk"
  | "authenticationFlow"
  | "devices"
  | "invalidPolicy";

export type ControlName = GrantControlName;

export interface PolicyEvaluation {
  policy: string;
  title: string;
  state: "enabled" | "reportOnly" | "disabled";
  applies: boolean;
  /** Set when `applies` is false. */
  reason?: NotAppliedReason;
  /**
   * Human detail of the reason, e.g. "user is in excluded group `breakglass`"; for an
   * applying policy, why some unmet controls are `unsatisfiable`.
   */
  detail?: string;
  grant: "block" | "controls" | "none";
  unmet: ControlName[];
  /**
   * Set when the policy applies and some of `unmet` can never be satisfied by this sign-in's
   * client: MFA, authentication strength, password change and terms of use over a legacy
   * authentication client (`exchangeActiveSync`, `other`).
   */
  unsatisfiable?: ControlName[];
  operator?: "AND" | "OR";
  reportOnlyResult?: "success" | "failure" | "userActionRequired";
  /**
   * Set when the policy would apply but holds parts Tenet cannot represent (`unsupported`
   * clauses, e.g. a condition dropped on import): Tenet cannot say whether it applies or what
   * it requires, so it reports the policy as not evaluable instead of guessing.
   */
  notEvaluable?: string[];
}

export interface AccessDecision {
  /** `unknown`: an enforced policy that would apply is not evaluable (`notEvaluable`) and no evaluable one blocks. */
  decision: "block" | "grant" | "notApplied" | "unknown";
  accessGrantedNow: boolean;
  policies: PolicyEvaluation[];
  /** Per enforced applying policy with unmet controls, controls in Entra's prompt order. */
  unmetControls: { policy: string; operator: "AND" | "OR"; controls: ControlName[] }[];
  session: SessionControls;
  /** When the sign-in carried a device snapshot: the compliance result that decided `compliantDevice`. */
  deviceCompliance?: DeviceResult;
  now: string;
  policySetHash: string;
  engineVersion: string;
}
