/**
 * What every hand-written twin of a benchmark policy shares: Kleene truth over facts that can be
 * missing (U) or malformed (E), the fact readers a competent team would write (typeof checks,
 * strict dates, numeric versions), one policy's rule outcomes, and Intune's verdict over them
 * (state ladder, grace periods from `noncompliantSince`, the built-in default policy and the
 * seven-day error rule), so each twin writes only its rules.
 */

export type Truth = 0 | 1 | 2 | 3;
export const F = 0;
export const T = 1;
export const U = 2;
export const E = 3;
export const DAY = 86_400_000;

/** Per-rule status, as Tenet's `RuleResult.status`. */
export type HandStatus = "pass" | "fail" | "error" | "unknown" | "notApplicable" | "waived";
/** Per-policy and per-device states, as Tenet's `PolicyState` and `DeviceState`. */
export type HandPolicyState = "unknown" | "notApplicable" | "compliant" | "inGracePeriod" | "noncompliant" | "error";
export type HandDeviceState = "unknown" | "compliant" | "inGracePeriod" | "noncompliant" | "error";

/** One policy's outcome: its state and every rule that did not pass or did not apply (failed, errored, unknown, waived). */
export interface HandPolicyResult {
  policy: string;
  state: HandPolicyState;
  rules: { id: string; status: HandStatus }[];
}

/** The hand-written evaluator's result for one device. */
export interface HandResult {
  state: HandDeviceState;
  policies: HandPolicyResult[];
}

// Intune's ladder: index = severity rank (1 unknown ... 6 error); index 0 is unused.
const STATES: HandPolicyState[] = [
  "unknown",
  "unknown",
  "notApplicable",
  "compliant",
  "inGracePeriod",
  "noncompliant",
  "error",
];
const RANK: Record<HandPolicyState, number> = {
  unknown: 1,
  notApplicable: 2,
  compliant: 3,
  inGracePeriod: 4,
  noncompliant: 5,
  error: 6,
};
export const RANK_OF: Record<HandStatus, number> = {
  pass: 3,
  waived: 3,
  fail: 5,
  error: 6,
  unknown: 1,
  notApplicable: 2,
};
const THREAT = ["secured", "low", "medium", "high"];
const PREVIOUS_STATES = new Set(["unknown", "compliant", "inGracePeriod", "noncompliant", "error"]);

export type D = Record<string, unknown>;
export const nil = (v: unknown): v is null | undefined => v === null || v === undefined;
export const obj = (v: unknown): D | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as D) : undefined;

export function and(a: Truth, b: Truth): Truth {
  if (a === F || b === F) return F;
  if (a === E || b === E) return E;
  if (a === U || b === U) return U;
  return T;
}
export function or(a: Truth, b: Truth): Truth {
  if (a === T || b === T) return T;
  if (a === E || b === E) return E;
  if (a === U || b === U) return U;
  return F;
}
export const not = (a: Truth): Truth => (a === T ? F : a === F ? T : a);
export const eq = (v: unknown, want: string | boolean): Truth =>
  v === want ? T : nil(v) ? U : typeof v === typeof want ? F : E;
export const ne = (v: unknown, want: string): Truth => (nil(v) ? U : typeof v !== "string" ? E : v !== want ? T : F);
export const present = (v: unknown): Truth => (nil(v) ? F : T);
export const inSet = (v: unknown, set: ReadonlySet<string>): Truth =>
  nil(v) ? U : typeof v !== "string" ? E : set.has(v) ? T : F;
export const atLeast = (v: unknown, min: number): Truth =>
  nil(v) ? U : typeof v !== "number" || !Number.isFinite(v) ? E : v >= min ? T : F;
export function threatAtMostLow(v: unknown): Truth {
  if (nil(v)) return U;
  const rank = typeof v === "string" ? THREAT.indexOf(v) : -1;
  return rank < 0 ? E : rank <= 1 ? T : F;
}
/** `v >= min` for a dotted numeric version, read digit by digit (no regex, no split): missing components count as 0. */
export function versionAtLeast(v: unknown, min: readonly number[]): Truth {
  if (nil(v)) return U;
  if (typeof v !== "string" || v.length === 0) return E;
  let k = 0;
  let cmp = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0) return E;
      if (cmp === 0) {
        const m = min[k] ?? 0;
        if (value !== m) cmp = value > m ? 1 : -1;
      }
      k++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else return E;
  }
  for (; cmp === 0 && k < min.length; k++) if (min[k]! !== 0) cmp = -1;
  return cmp >= 0 ? T : F;
}

/** `count` decimal digits of `s` from `at`, or -1. */
function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** Epoch millis of `YYYY-MM-DD` (from `at`), NaN when malformed or not a calendar day (Date.parse accepts 31 November). */
function dayMillis(s: string): number {
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31)) return Number.NaN;
  return Date.UTC(y, mo - 1, d);
}

/** Epoch millis of `YYYY-MM-DDThh:mm:ss(.f to .fff)Z`, NaN when malformed, read by hand. */
export function parseUtc(s: string): number {
  const n = s.length;
  if (n < 20 || n > 24 || s.charCodeAt(10) !== 84 || s.charCodeAt(n - 1) !== 90) return Number.NaN;
  const day = dayMillis(s);
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  if (Number.isNaN(day) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return Number.NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN;
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 || n === 21) return Number.NaN;
    const frac = digitsAt(s, 20, n - 21);
    if (frac < 0) return Number.NaN;
    ms = frac * (n === 22 ? 100 : n === 23 ? 10 : 1);
  }
  return day + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}
export function withinDays(v: unknown, now: number, days: number): Truth {
  if (nil(v)) return U;
  const t = typeof v === "string" ? parseUtc(v) : Number.NaN;
  return Number.isNaN(t) ? E : now - t <= days * DAY ? T : F;
}
export function dateWithinDays(v: unknown, now: number, days: number): Truth {
  if (nil(v)) return U;
  const t = typeof v === "string" && v.length === 10 ? dayMillis(v) : Number.NaN;
  return Number.isNaN(t) ? E : now - t <= days * DAY ? T : F;
}

/** Collects the rules of one policy into its state (advisory rules are reported, never counted). */
export class PolicyRun {
  worst = 0;
  readonly rules: { id: string; status: HandStatus }[] = [];
  constructor(
    readonly name: string,
    readonly waived: boolean,
  ) {}
  rule(
    name: string,
    t: Truth,
    opts?: { onUnknown?: "fail" | "unknown"; advisory?: boolean; waivable?: boolean },
  ): void {
    let status: HandStatus = t === T ? "pass" : t === F ? "fail" : t === E ? "error" : (opts?.onUnknown ?? "error");
    if ((status === "fail" || status === "error") && opts?.waivable === true && this.waived) status = "waived";
    if (status !== "pass") this.rules.push({ id: `${this.name}.${name}`, status });
    if (opts?.advisory !== true && RANK_OF[status] > this.worst) this.worst = RANK_OF[status];
  }
  /** A rule with a `when`: not applicable when the condition is false, the condition's unknown or error otherwise. */
  ruleWhen(name: string, when: Truth, require: () => Truth, opts?: { advisory?: boolean; waivable?: boolean }): void {
    this.ruleIf(name, when, when === T ? require() : F, opts);
  }
  /** `ruleWhen` without a closure: `require` is read only when `when` is T (callers compute it only then). */
  ruleIf(name: string, when: Truth, require: Truth, opts?: { advisory?: boolean; waivable?: boolean }): void {
    if (when === F) {
      if (opts?.advisory !== true && RANK_OF.notApplicable > this.worst) this.worst = RANK_OF.notApplicable;
      return;
    }
    this.rule(name, when === T ? require : when, opts);
  }
}

/**
 * Starts a policy's run in `runs`: returns it when the policy applies (`T`), or records it as
 * not applicable (`F`) or with every rule in error (the platform or the policy's `when` is
 * missing or malformed) and returns undefined.
 */
export function openRun(
  runs: PolicyRun[],
  policy: string,
  applies: Truth,
  ruleNames: readonly string[],
  waived = false,
): PolicyRun | undefined {
  const run = new PolicyRun(policy, waived);
  runs.push(run);
  if (applies === T) return run;
  if (applies === F) run.worst = RANK_OF.notApplicable;
  else {
    for (const r of ruleNames) run.rules.push({ id: `${policy}.${r}`, status: "error" });
    run.worst = RANK_OF.error;
  }
  return undefined;
}

/**
 * The device verdict over the twins' policy runs, as Tenet decides it: each policy's state from
 * its worst rule (noncompliant within its grace period is inGracePeriod, from the snapshot's
 * `noncompliantSince`), the built-in default policy (check-in within 30 days, enrolled user), and
 * the seven-day error rule (`settingErrors`, `previousComplianceState`).
 */
export function handVerdict(
  d: D,
  now: number,
  runs: readonly PolicyRun[],
  grace: Readonly<Record<string, number>>,
  advisory: ReadonlySet<string>,
): HandResult {
  const since = obj(d["noncompliantSince"]);
  const policies: HandPolicyResult[] = [];
  let combined = 3;
  for (const run of runs) {
    let state = STATES[run.worst === 0 ? 3 : run.worst]!;
    if (state === "noncompliant") {
      const s = since?.[run.name];
      const t = typeof s === "string" ? parseUtc(s) : Number.NaN;
      if (now < (Number.isNaN(t) ? now : t) + (grace[run.name] ?? 0)) state = "inGracePeriod";
    }
    if (RANK[state] > combined) combined = RANK[state];
    policies.push({ policy: run.name, state, rules: run.rules });
  }
  const sync = d["lastSyncDateTime"];
  const syncMs = typeof sync === "string" ? parseUtc(sync) : Number.NaN;
  const inactive = !nil(sync) && (Number.isNaN(syncMs) || now - syncMs > 30 * DAY);
  const defaultRank = inactive || d["enrolledUserExists"] === false ? 5 : 3;
  if (defaultRank > combined) combined = defaultRank;
  let state: HandDeviceState;
  if (combined === 6) {
    const errors = obj(d["settingErrors"]);
    let oldest = now;
    for (const p of policies) {
      if (p.state !== "error") continue;
      for (const r of p.rules) {
        if (r.status !== "error" || advisory.has(r.id)) continue;
        const at = obj(errors?.[p.policy])?.[r.id.slice(p.policy.length + 1)];
        const t = typeof at === "string" ? parseUtc(at) : Number.NaN;
        if (!Number.isNaN(t) && t < oldest) oldest = t;
      }
    }
    if (now - oldest > 7 * DAY) {
      combined = defaultRank;
      for (const p of policies) combined = Math.max(combined, p.state === "error" ? 5 : RANK[p.state]);
      state = combined === 2 ? "compliant" : (STATES[combined] as HandDeviceState);
    } else {
      const prev = d["previousComplianceState"];
      state = typeof prev === "string" && PREVIOUS_STATES.has(prev) ? (prev as HandDeviceState) : "error";
    }
  } else {
    state = combined === 2 ? "compliant" : (STATES[combined] as HandDeviceState);
  }
  return { state, policies };
}
