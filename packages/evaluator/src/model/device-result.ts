import type { ActionType, ControlMapping, RuleSeverity, Enforcement, Instant } from "@tenet/parser";
import type { MembershipIndex } from "../assign/membership-index.js";
import type { AssignmentResult } from "../assign/resolve-assignments.js";

/** Per-rule outcome. `unknown` only appears when the rule says `on unknown unknown`. */
export type RuleStatus = "pass" | "fail" | "error" | "unknown" | "notApplicable" | "waived";

/** Per-policy state, ordered by Intune's severity ladder (see `values/state-ladder.ts`). */
export type PolicyState = "unknown" | "notApplicable" | "compliant" | "inGracePeriod" | "noncompliant" | "error";

/** Device state, Graph `managedDevice.complianceState` spelling. */
export type DeviceState = "unknown" | "compliant" | "inGracePeriod" | "noncompliant" | "error";

/** Tenant-wide settings (Graph `deviceManagementSettings` names). */
export interface TenantSettings {
  /** Mark devices with no applicable compliance policy as noncompliant. Default false. */
  secureByDefault?: boolean;
  /** Compliance status validity period in days (1-120). Default 30. */
  deviceComplianceCheckinThresholdDays?: number;
  /**
   * How a version with fewer components compares with a longer one that ends in zeros:
   * `"zero"` (default, `10.0.22631 == 10.0.22631.0`) or `"less"` (.NET System.Version).
   */
  versionPadding?: "zero" | "less";
  /** Whether a device whose applicable policies are all for other platforms is compliant. Default per secureByDefault. */
  [key: string]: unknown;
}

/**
 * What the previous evaluation knew about a device, for grace periods and the seven-day
 * error rule: a result's `next`, fed back. Every field is optional; a snapshot's own field of
 * the same meaning (`noncompliantSince`, `settingErrors`, `previousComplianceState`,
 * `pendingPolicies`) wins over it when present. Instants are ISO-8601 text.
 */
export interface PreviousState {
  /** When the device was first found noncompliant, per policy name (ISO-8601). */
  noncompliantSince?: Record<string, string>;
  /** Settings in error and since when, per policy name then rule name (ISO-8601). */
  settingErrors?: Record<string, Record<string, string>>;
  /** The device state before this evaluation. */
  deviceState?: DeviceState;
  /** Policies assigned but not yet checked in: those are `unknown`. */
  pendingPolicies?: string[];
}

/** Options of the one-call `evaluate`; `prepare` takes the same settings once for many snapshots. */
export interface EvaluateOptions {
  /** The evaluation instant (read with `parseInstant`: text without a zone is UTC); never read from a clock. */
  now: Instant | Date | string | number;
  tenant?: TenantSettings;
  /** This device's previous state; the snapshot's own fields win over it. */
  previous?: PreviousState;
  /**
   * Whether failed, errored and waived rules carry an `explanation` (default true). Turn it
   * off for bulk scoring where only statuses are needed: explanations re-walk the rule.
   */
  explain?: boolean;
  /**
   * Which rules `PolicyResult.rules` lists: `"all"` (default) or `"failures"`, only the rules
   * that did not pass (fail, error, unknown, waived), which is the failed-rule list bulk
   * triage needs without one result object per passing rule. States, grace periods, actions
   * and the next-state record are the same either way.
   */
  rules?: "all" | "failures";
  /**
   * Group memberships for policies that declare assignments (`buildMembershipIndex`).
   * Without it, a group assignment's answer is unknown; `all users`/`all devices` still resolve.
   */
  memberships?: MembershipIndex;
}

/** The smallest change that makes a failed rule pass. */
export interface Fix {
  path: string;
  /** Human sentence, e.g. "set `osVersion` to >= 10.0.19045". */
  text: string;
  from: unknown;
  to?: unknown;
}

export interface RuleResult {
  /** `policy.rule` */
  id: string;
  rule: string;
  title: string;
  status: RuleStatus;
  severity: RuleSeverity;
  enforcement: Enforcement;
  controls: ControlMapping[];
  /** For failed, errored or waived rules. */
  explanation?: RuleExplanation;
  /** Name of the waiver that applied. */
  waiver?: string;
}

export interface RuleExplanation {
  /** The facts read and their values (undefined = missing). */
  facts: { path: string; value: unknown }[];
  /** The comparisons that decided the outcome, e.g. "`device.osVersion` >= 10.0.19045". */
  failed: { path?: string; actual: unknown; expected: string; reason?: string }[];
  /** Missing or malformed facts, with why. */
  errors: { path: string; reason: string; code: `CP${number}` }[];
  remediation?: string;
  fixes: Fix[];
  /** Readings worth knowing, e.g. a datetime without a zone that was read as UTC. */
  notes?: string[];
}

export interface ActionDue {
  policy: string;
  action: ActionType;
  afterMillis: number;
  /** ISO instant at which the action is (or was) due. */
  dueAt: string;
}

export interface PolicyResult {
  policy: string;
  title: string;
  state: PolicyState;
  rules: RuleResult[];
  /** Present when noncompliant or inGracePeriod. */
  noncompliantSince?: string;
  graceEndsAt?: string;
  /** For a policy that declares assignments: whether and how it reaches this device. */
  assignment?: AssignmentResult;
}

export interface DefaultPolicyResult {
  state: "compliant" | "noncompliant";
  failed: ("hasCompliancePolicyAssigned" | "isActive" | "enrolledUserExists")[];
  /**
   * Present when `isActive` failed: the check-in it judged (`lastSyncDateTime` as reported when
   * it is text; `notDateTime` when that text or value is not a date-time) and the tenant's
   * validity period in days, so a message can say both.
   */
  inactive?: { lastSyncDateTime?: string; notDateTime?: true; thresholdDays: number };
}

/**
 * A device's verdict alone (`PreparedEvaluation.verdict`): its state and each policy's state
 * and listed rules, exactly as in the full `DeviceResult`, for bulk scoring that needs no more.
 * Policy results carry no `noncompliantSince`/`graceEndsAt`.
 */
export interface DeviceVerdict {
  deviceId?: string;
  deviceName?: string;
  platform?: string;
  state: DeviceState;
  policies: PolicyResult[];
}

export interface DeviceResult {
  deviceId?: string;
  deviceName?: string;
  platform?: string;
  state: DeviceState;
  policies: PolicyResult[];
  defaultPolicy: DefaultPolicyResult;
  actions: { due: ActionDue[]; pending: ActionDue[] };
  waiversApplied: string[];
  /**
   * The policies assigned to this device (those without assignments count as assigned to
   * every device), present only when some policy of the set declares assignments.
   */
  assigned?: string[];
  /** The state to feed back as `previous` next time. */
  next: PreviousState;
  /** Replay information. */
  policySetHash: string;
  now: string;
  engineVersion: string;
}
