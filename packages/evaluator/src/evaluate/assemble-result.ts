// evaluate: rule outcomes -> policy states (waivers, grace periods, actions) -> device state.
import type { Platform } from "@tenet/parser";
import type { CompiledPolicy, CompiledPolicySet, CompiledRule } from "../compile/compiled-policy-set.js";
import type {
  ActionDue,
  DefaultPolicyResult,
  DeviceResult,
  DeviceState,
  DeviceVerdict,
  PolicyResult,
  PolicyState,
  PreviousState,
  RuleExplanation,
  RuleResult,
  RuleStatus,
} from "../model/device-result.js";
import { E, F, T, U } from "../values/kleene.js";
import { getOwn, MISSING } from "../values/fact-lookup.js";
import { devicePlatforms, type DevicePlatformMatch } from "../values/platform.js";
import { toDeviceState, worstState } from "../values/state-ladder.js";
import { DAY_MS, parseDateTimeMillis, toIso } from "../values/temporal.js";
import { explainRule, type ExplainInput } from "../explain/explain-rule.js";
import type { ExplanationCache } from "../explain/explanation-cache.js";
import { ENGINE_VERSION } from "./engine-version.js";
import type { PrepareOptions } from "../model/prepare-options.js";
import type { ConditionRunner } from "./rule-runner.js";
import { RULE_NOT_APPLICABLE } from "../compile/generate-policy.js";
import {
  deviceIdentity,
  resolvePlan,
  type AssignContext,
  type AssignmentResult,
  type DeviceIdentity,
  type FilterCache,
} from "../assign/resolve-assignments.js";

const SEVEN_DAYS = 7 * DAY_MS;
const NONE: readonly unknown[] = [];
/** The rule list of a policy record that lists none, shared (frozen) until a rule is pushed. */
const NO_RULES: RuleResult[] = Object.freeze([]) as unknown as RuleResult[];
const DEVICE_STATES: ReadonlySet<string> = new Set(["unknown", "compliant", "inGracePeriod", "noncompliant", "error"]);

/** Settings of one evaluation after defaults are applied. */
export interface EvaluationSettings {
  now: number;
  padding: "zero" | "less";
  secureByDefault: boolean;
  thresholdDays: number;
  explain: boolean;
  /** Whether passing and not-applicable rules are listed too (`rules: "all"`). */
  allRules: boolean;
  /** `now` as ISO-8601 text. */
  nowIso: string;
  /** Explanations remembered across the snapshots of one prepared evaluation (none: each is explained anew). */
  explanations: ExplanationCache | undefined;
  /**
   * For verdicts: per policy (by position) and state rank, the one frozen record of that policy
   * in that state with no rule listed, shared by every verdict (see `unlistedRecords`).
   */
  unlisted: readonly (readonly PolicyResult[])[] | undefined;
}

/** Applies the defaults to the options a prepared evaluation binds. */
export function resolveSettings(
  options: Pick<PrepareOptions, "now" | "tenant" | "explain" | "rules">,
): EvaluationSettings {
  const tenant = options.tenant ?? {};
  const days = tenant.deviceComplianceCheckinThresholdDays;
  return {
    now: options.now.millis,
    padding: tenant.versionPadding === "less" ? "less" : "zero",
    secureByDefault: tenant.secureByDefault === true,
    thresholdDays: typeof days === "number" && Number.isFinite(days) && days > 0 ? days : 30,
    explain: options.explain !== false,
    allRules: options.rules !== "failures",
    nowIso: options.now.iso,
    explanations: undefined,
    unlisted: undefined,
  };
}

/**
 * Each policy's records with no rule listed, one per state (indexed by ladder rank), frozen:
 * a verdict lists only unmet rules, so most of its policy records are these, and sharing them
 * saves two objects per policy and device.
 */
export function unlistedRecords(compiled: CompiledPolicySet): PolicyResult[][] {
  return compiled.policies.map((policy) =>
    STATE_OF_RANK.map((state) =>
      Object.freeze({ policy: policy.name, title: policy.title, state: state ?? "unknown", rules: NO_RULES }),
    ),
  );
}

/** Reads an ISO instant from a `{key: ISO}` record of untrusted data; undefined when absent or invalid. */
function instantAt(record: unknown, key: string): number | undefined {
  const v = getOwn(record, key);
  if (typeof v !== "string") return undefined;
  const ms = parseDateTimeMillis(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The ladder rank of the policy state a rule status maps to (pass/waived -> compliant, fail -> noncompliant, ...). */
function statusRank(status: RuleStatus): number {
  switch (status) {
    case "pass":
    case "waived":
      return 3;
    case "fail":
      return 5;
    case "error":
      return 6;
    case "unknown":
      return 1;
    case "notApplicable":
      return 2;
  }
}

/** Policy state by ladder rank (index 0 unused). */
const STATE_OF_RANK: readonly (PolicyState | undefined)[] = [
  undefined,
  "unknown",
  "notApplicable",
  "compliant",
  "inGracePeriod",
  "noncompliant",
  "error",
];

/** Marks a lazily read snapshot field that has not been read yet. */
const NOT_READ: unique symbol = Symbol("not read");

/**
 * Builds the device result from a condition runner. A snapshot's own previous-state fields
 * win over `previous` (see `PreviousLookup`). Shared by `evaluate` (compiled
 * closures) and `referenceEvaluate` (AST walker). With `verdict`, only the device's verdict
 * is built (`DeviceVerdict`): states and listed rules exactly as in the full result, without
 * the default policy, grace and action records, the next-state record or replay fields.
 */
export function assembleResult(
  compiled: CompiledPolicySet,
  facts: unknown,
  settings: EvaluationSettings,
  previous: PreviousState | undefined,
  assign: AssignContext | undefined,
  runner: ConditionRunner,
): DeviceResult;
export function assembleResult(
  compiled: CompiledPolicySet,
  facts: unknown,
  settings: EvaluationSettings,
  previous: PreviousState | undefined,
  assign: AssignContext | undefined,
  runner: ConditionRunner,
  verdict: true,
): DeviceVerdict;
export function assembleResult(
  compiled: CompiledPolicySet,
  facts: unknown,
  settings: EvaluationSettings,
  previous: PreviousState | undefined,
  assign: AssignContext | undefined,
  runner: ConditionRunner,
  verdict = false,
): DeviceResult | DeviceVerdict {
  const { now } = settings;
  // Made only when a rule is explained or a policy's applicability is in error (most devices: never).
  // A plain variable, not a closure: a closure would move this function's locals into a heap
  // context read on every rule (measured on the peer workload).
  let explainInput: ExplainInput | undefined;
  const deviceIdRaw = getOwn(facts, "id");
  const deviceId = typeof deviceIdRaw === "string" ? deviceIdRaw : undefined;
  const os = getOwn(facts, "operatingSystem");
  const platform = platformOf(orUndefined(os), orUndefined(getOwn(facts, "androidManagementMode")));
  const allRules = settings.allRules;
  const pendingSource = orUndefined(getOwn(facts, "pendingPolicies")) ?? previous?.pendingPolicies;
  const pending: readonly unknown[] = Array.isArray(pendingSource) ? pendingSource : NONE;
  // Grace and error history are read only when a policy is noncompliant or in error (most devices are neither).
  let prevSince: unknown = NOT_READ;
  let prevErrors: unknown = NOT_READ;

  // One slot per policy, made at its size (pushing grew it past twice that).
  const policies: PolicyResult[] = new Array<PolicyResult>(compiled.policies.length);
  // A verdict records no actions or waivers: it makes no lists for them.
  const due: ActionDue[] = verdict ? (NONE as ActionDue[]) : [];
  const pendingActions: ActionDue[] = verdict ? (NONE as ActionDue[]) : [];
  const waiversApplied: string[] = verdict ? (NONE as string[]) : [];
  let nextSince: Record<string, string> | undefined;
  let nextErrors: Record<string, Record<string, string>> | undefined;
  let oldestError = Number.POSITIVE_INFINITY;
  // The most severe rank of the policies' states (values/state-ladder.ts), 0 before the first.
  let deviceRank = 0;
  // Assignments are resolved only for sets that declare them: other sets keep today's results exactly.
  const assigned: string[] | undefined = compiled.hasAssignments ? [] : undefined;
  let identity: DeviceIdentity | undefined;
  let filterCache: FilterCache | undefined;

  const unlisted = verdict ? settings.unlisted : undefined;
  for (let p = 0; p < compiled.policies.length; p++) {
    const policy = compiled.policies[p] as CompiledPolicy;
    let assignment: AssignmentResult | undefined;
    if (assigned !== undefined) {
      // A policy for another platform never reaches the device, whatever its assignments say.
      const forPlatform = onPlatform(policy, platform);
      const declared = policy.checked.assignments;
      const plan = declared === undefined ? undefined : assign?.plans.get(policy.name);
      if (plan !== undefined && forPlatform) {
        identity ??= deviceIdentity(facts);
        filterCache ??= new Map();
        assignment = resolvePlan(plan, assign!.index, identity, facts, filterCache);
      }
      if (forPlatform && (declared === undefined || assignment?.status === "assigned")) assigned.push(policy.name);
    }
    const applicability =
      assignment?.status === "notAssigned"
        ? NOT_APPLICABLE
        : policyApplicability(policy, platform, runner, compiled, facts, settings);
    let rules = NO_RULES;
    // Severity ranks as numbers (Intune's ladder, see values/state-ladder.ts), folded in as rules
    // are decided, so a failures-only result still ranks the rules it leaves out.
    let worst = 0;
    const outcomes = applicability.kind === "applicable" ? runner.ruleOutcomes(policy) : undefined;
    // A policy that does not apply lists no rule unless every rule is listed: only its rank is needed.
    const ruleCount = applicability.kind === "notApplicable" && !allRules ? 0 : policy.rules.length;
    if (ruleCount === 0 && applicability.kind === "notApplicable" && policy.counted) worst = 2;
    for (let i = 0; i < ruleCount; i++) {
      const rule = policy.rules[i] as CompiledRule;
      let status: RuleStatus;
      let explanation: RuleExplanation | undefined;
      if (outcomes !== undefined) {
        // Numbers first: most rules pass or do not apply, and are only ranked (no status text).
        const outcome = outcomes[i] as number;
        if (outcome === T || outcome === RULE_NOT_APPLICABLE) {
          if (!rule.advisory) {
            const rank = outcome === T ? 3 : 2;
            if (rank > worst) worst = rank;
          }
          if (!allRules) continue;
          status = outcome === T ? "pass" : "notApplicable";
        } else {
          status = outcome === F ? "fail" : outcome === E ? "error" : rule.unknownStatus;
        }
      } else if (applicability.kind === "notApplicable") {
        status = "notApplicable";
        if (!rule.advisory && worst < 2) worst = 2;
      } else {
        status = "error";
        explanation = (applicability as Extract<Applicability, { kind: "error" }>).explanation;
      }
      const result: RuleResult = {
        id: rule.id,
        rule: rule.name,
        title: rule.title,
        status,
        severity: rule.severity,
        enforcement: rule.enforcement,
        controls: rule.controls,
      };
      if (status === "fail" || status === "error" || status === "unknown") {
        // Only failures and errors are waived: an `unknown` rule already sits below compliant on
        // the ladder, so waiving it would raise the policy's state.
        const waiver =
          applicability.kind === "applicable" && status !== "unknown"
            ? applicableWaiver(rule, deviceId, now, runner)
            : undefined;
        if (settings.explain) {
          explainInput ??= explainInputOf(compiled, facts, settings);
          result.explanation =
            explanation ??
            (settings.explanations === undefined
              ? explainRule(explainInput, rule.checked)
              : settings.explanations.explain(explainInput, rule.checked));
        }
        if (waiver !== undefined) {
          result.status = "waived";
          result.waiver = waiver;
          if (!verdict && !waiversApplied.includes(waiver)) waiversApplied.push(waiver);
        }
        if (!rule.advisory) {
          const rank = statusRank(result.status);
          if (rank > worst) worst = rank;
        }
      }
      if (rules === NO_RULES) rules = [];
      rules.push(result);
    }

    // The policy's rank on the ladder (its state's), folded into the device's as policies are decided.
    let rank = applicability.kind === "notApplicable" ? 2 : worst === 0 ? 3 : worst;
    if (pending.length > 0 && pending.includes(policy.name)) rank = 1;
    // Whether Intune would assign it is unknown: its rules are shown, its state is unknown.
    if (assignment?.status === "unknown" && rank !== 2) rank = 1;
    const state = STATE_OF_RANK[rank] as PolicyState;
    let since = now;
    if (state === "noncompliant") {
      if (prevSince === NOT_READ)
        prevSince = orUndefined(getOwn(facts, "noncompliantSince")) ?? previous?.noncompliantSince;
      since = instantAt(prevSince, policy.name) ?? now;
      if (now < since + policy.graceMillis) rank = 4;
    }
    if (rank > deviceRank) deviceRank = rank;

    const result: PolicyResult =
      unlisted !== undefined && rules === NO_RULES && assignment === undefined
        ? ((unlisted[p] as readonly PolicyResult[])[rank] as PolicyResult)
        : {
            policy: policy.name,
            title: policy.title,
            state: STATE_OF_RANK[rank] as PolicyState,
            rules: rules === NO_RULES ? [] : rules,
          };
    if (assignment !== undefined) result.assignment = assignment;
    policies[p] = result;
    if (state === "noncompliant" && !verdict) {
      const graceEnd = since + policy.graceMillis;
      result.noncompliantSince = toIso(since);
      if (policy.graceMillis > 0) result.graceEndsAt = toIso(graceEnd);
      (nextSince ??= {})[policy.name] = toIso(since);
      for (const step of policy.schedule) {
        const dueAt = since + step.afterMillis;
        const action: ActionDue = {
          policy: policy.name,
          action: step.action,
          afterMillis: step.afterMillis,
          dueAt: toIso(dueAt),
        };
        (dueAt <= now ? due : pendingActions).push(action);
      }
    }
    if (state === "error") {
      if (prevErrors === NOT_READ) prevErrors = orUndefined(getOwn(facts, "settingErrors")) ?? previous?.settingErrors;
      const errs: Record<string, string> | undefined = verdict ? undefined : {};
      for (const r of rules) {
        if (r.status !== "error" || r.enforcement === "advisory") continue;
        const since = instantAt(getOwn(prevErrors, policy.name), r.rule) ?? now;
        if (errs !== undefined) errs[r.rule] = toIso(since);
        if (since < oldestError) oldestError = since;
      }
      if (errs !== undefined) (nextErrors ??= {})[policy.name] = errs;
    }
  }

  const defaultPolicy = verdict ? undefined : defaultPolicyOf(policies, facts, settings);
  const defaultState = defaultPolicy?.state ?? defaultPolicyState(policies, facts, settings);
  const defaultRank = defaultState === "noncompliant" ? 5 : 3;
  if (defaultRank > deviceRank) deviceRank = defaultRank;
  let combined = STATE_OF_RANK[deviceRank] as PolicyState;
  let deviceState: DeviceState;
  if (combined === "error") {
    const age = now - (Number.isFinite(oldestError) ? oldestError : now);
    if (age > SEVEN_DAYS) {
      combined = worstState([...policies.map((p) => (p.state === "error" ? "noncompliant" : p.state)), defaultState]);
      deviceState = toDeviceState(combined);
    } else {
      const prevState = orUndefined(getOwn(facts, "previousComplianceState")) ?? previous?.deviceState;
      deviceState =
        typeof prevState === "string" && DEVICE_STATES.has(prevState) ? (prevState as DeviceState) : "error";
    }
  } else {
    deviceState = toDeviceState(combined);
  }

  if (verdict) {
    const name = getOwn(facts, "deviceName");
    // The usual device has all three: one literal, not three added keys (same key order).
    if (deviceId !== undefined && typeof name === "string" && typeof os === "string")
      return { state: deviceState, policies, deviceId, deviceName: name, platform: os };
    const lean: DeviceVerdict = { state: deviceState, policies };
    return withIdentity(lean, deviceId, facts, os);
  }
  const next: PreviousState = {};
  if (nextSince !== undefined) next.noncompliantSince = nextSince;
  if (nextErrors !== undefined) next.settingErrors = nextErrors;
  next.deviceState = deviceState;

  const actions = {
    due: due.length > 1 ? due.sort(byDue) : due,
    pending: pendingActions.length > 1 ? pendingActions.sort(byDue) : pendingActions,
  };
  if (waiversApplied.length > 1) waiversApplied.sort();
  // Two literals rather than a spread, which cost a slow object copy per device; the key order is the output's.
  const out: DeviceResult =
    assigned === undefined
      ? {
          state: deviceState,
          policies,
          defaultPolicy: defaultPolicy!,
          actions,
          waiversApplied,
          next,
          policySetHash: compiled.hash,
          now: settings.nowIso,
          engineVersion: ENGINE_VERSION,
        }
      : {
          state: deviceState,
          policies,
          defaultPolicy: defaultPolicy!,
          actions,
          waiversApplied,
          assigned,
          next,
          policySetHash: compiled.hash,
          now: settings.nowIso,
          engineVersion: ENGINE_VERSION,
        };
  return withIdentity(out, deviceId, facts, os);
}

function byDue(a: ActionDue, b: ActionDue): number {
  return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0;
}

/** Adds the snapshot's id, name and operating system (last, as the output has always listed them). */
function withIdentity<R extends DeviceVerdict>(out: R, deviceId: string | undefined, facts: unknown, os: unknown): R {
  if (deviceId !== undefined) out.deviceId = deviceId;
  const name = getOwn(facts, "deviceName");
  if (typeof name === "string") out.deviceName = name;
  if (typeof os === "string") out.platform = os;
  return out;
}

// Fleets repeat a handful of (operatingSystem, androidManagementMode) pairs: share their platform
// matches (read only). Bounded, because the strings come from untrusted snapshots.
const platformCache = new Map<string, Map<string | undefined, DevicePlatformMatch>>();
let platformCacheSize = 0;

function platformOf(os: unknown, mode: unknown): DevicePlatformMatch {
  if (typeof os !== "string" || (mode !== undefined && typeof mode !== "string")) return devicePlatforms(os, mode);
  let byMode = platformCache.get(os);
  let match = byMode?.get(mode as string | undefined);
  if (match === undefined) {
    match = devicePlatforms(os, mode);
    if (platformCacheSize >= 256) {
      platformCache.clear();
      platformCacheSize = 0;
      byMode = undefined;
    }
    if (byMode === undefined) platformCache.set(os, (byMode = new Map()));
    byMode.set(mode as string | undefined, match);
    platformCacheSize++;
  }
  return match;
}

function explainInputOf(compiled: CompiledPolicySet, facts: unknown, settings: EvaluationSettings): ExplainInput {
  return { set: compiled.set, rootName: compiled.rootName, root: facts, now: settings.now, padding: settings.padding };
}

function orUndefined(v: unknown): unknown {
  return v === MISSING ? undefined : v;
}

type Applicability =
  { kind: "applicable" } | { kind: "notApplicable" } | { kind: "error"; explanation: RuleExplanation };

function policyApplicability(
  policy: CompiledPolicy,
  platform: DevicePlatformMatch,
  runner: ConditionRunner,
  compiled: CompiledPolicySet,
  facts: unknown,
  settings: EvaluationSettings,
): Applicability {
  const rootName = compiled.rootName;
  if (policy.platforms.size > 0) {
    if (platform.kind === "missing") {
      const path = `${rootName}.operatingSystem`;
      return {
        kind: "error",
        explanation: {
          facts: [{ path, value: undefined }],
          failed: [],
          errors: [{ path, reason: "the platform is unknown: fact `operatingSystem` is missing", code: "CP4001" }],
          fixes: [{ path, text: "report `operatingSystem`", from: undefined }],
        },
      };
    }
    if (platform.kind === "unrecognized") {
      const path = `${rootName}.operatingSystem`;
      return {
        kind: "error",
        explanation: {
          facts: [{ path, value: platform.value }],
          failed: [],
          errors: [{ path, reason: `\`${platform.value}\` is not a known operating system`, code: "CP4002" }],
          fixes: [],
        },
      };
    }
    let matches = false;
    for (let i = 0; i < platform.platforms.length && !matches; i++)
      matches = policy.platforms.has(platform.platforms[i] as Platform);
    if (!matches) return NOT_APPLICABLE;
  }
  if (policy.when !== undefined) {
    const w = runner.policyWhen(policy);
    if (w === F) return NOT_APPLICABLE;
    if (w === U || w === E) {
      return {
        kind: "error",
        explanation: explainRule(explainInputOf(compiled, facts, settings), { require: policy.checked.when! }),
      };
    }
  }
  return APPLICABLE;
}

/** Whether a policy is for the device's platform; a missing or unrecognised platform counts (it is reported as an error). */
function onPlatform(policy: CompiledPolicy, platform: DevicePlatformMatch): boolean {
  if (policy.platforms.size === 0 || platform.kind !== "ok") return true;
  return platform.platforms.some((p) => policy.platforms.has(p as Platform));
}

const APPLICABLE: Applicability = { kind: "applicable" };
const NOT_APPLICABLE: Applicability = { kind: "notApplicable" };

function applicableWaiver(
  rule: CompiledRule,
  deviceId: string | undefined,
  now: number,
  runner: ConditionRunner,
): string | undefined {
  for (const w of rule.waivers) {
    if (now >= w.expiresMillis) continue;
    if (w.deviceIds !== undefined && (deviceId === undefined || !w.deviceIds.has(deviceId))) continue;
    if (w.scope !== undefined && runner.waiverScope(w) !== T) continue;
    return w.name;
  }
  return undefined;
}

/** The built-in default policy's state without its record (the verdict needs no more). */
function defaultPolicyState(
  policies: PolicyResult[],
  facts: unknown,
  settings: EvaluationSettings,
): DefaultPolicyResult["state"] {
  if (settings.secureByDefault && !policies.some((p) => p.state !== "notApplicable")) return "noncompliant";
  const sync = getOwn(facts, "lastSyncDateTime");
  if (sync !== MISSING) {
    const t = typeof sync === "string" ? parseDateTimeMillis(sync) : Number.NaN;
    if (Number.isNaN(t) || settings.now - t > settings.thresholdDays * DAY_MS) return "noncompliant";
  }
  return getOwn(facts, "enrolledUserExists") === false ? "noncompliant" : "compliant";
}

function defaultPolicyOf(policies: PolicyResult[], facts: unknown, settings: EvaluationSettings): DefaultPolicyResult {
  const failed: DefaultPolicyResult["failed"] = [];
  if (settings.secureByDefault && !policies.some((p) => p.state !== "notApplicable")) {
    failed.push("hasCompliancePolicyAssigned");
  }
  const sync = getOwn(facts, "lastSyncDateTime");
  let inactive: DefaultPolicyResult["inactive"];
  if (sync !== MISSING) {
    const t = typeof sync === "string" ? parseDateTimeMillis(sync) : Number.NaN;
    if (Number.isNaN(t) || settings.now - t > settings.thresholdDays * DAY_MS) {
      failed.push("isActive");
      inactive = inactiveRecord(sync, Number.isNaN(t), settings.thresholdDays);
    }
  }
  if (getOwn(facts, "enrolledUserExists") === false) failed.push("enrolledUserExists");
  // No spread: copying through `...` cost a slow object copy per device (the peer workload).
  const out: DefaultPolicyResult = { state: failed.length > 0 ? "noncompliant" : "compliant", failed };
  if (inactive !== undefined) out.inactive = inactive;
  return out;
}

/** Why the built-in isActive setting failed, with keys in the output's order. */
function inactiveRecord(sync: unknown, notDateTime: boolean, thresholdDays: number): DefaultPolicyResult["inactive"] {
  const out: Partial<NonNullable<DefaultPolicyResult["inactive"]>> = {};
  if (typeof sync === "string") out.lastSyncDateTime = sync;
  if (notDateTime) out.notDateTime = true;
  out.thresholdDays = thresholdDays;
  return out as DefaultPolicyResult["inactive"];
}
