import type { DeviceResult, PolicyResult, PreviousState } from "@tenet/evaluator";
import { canonicalJson, jsonString } from "./canonical-json.js";
import { reasonsOf } from "./device-outcome.js";

/**
 * `canonicalJson(outcomeOf(result))` written straight from the result, the same text byte for
 * byte (its property test holds it to that, so stored outcome hashes stay comparable): no outcome
 * object is built and no key order is checked for the parts whose keys it writes itself. A daily
 * run hashes every device's outcome to compare it with its open span's, and builds the outcome
 * only for the few that changed. Keys are written in ascending order; a member whose value is
 * undefined is left out, as canonicalJson leaves it out. The parts most devices share (no action,
 * a policy with nothing failing, a previous state that is only a device state) are written once
 * and reused: what a device costs is then its name and a few concatenations.
 */
export function outcomeText(result: DeviceResult): string {
  const { due, pending } = result.actions;
  const failed = result.defaultPolicy.failed;
  let text =
    due.length === 0 && pending.length === 0 && failed.length === 0
      ? QUIET
      : `{"actions":{"due":${actionsText(due)},"pending":${actionsText(pending)}}${member("defaultFailed", failed)}`;
  text += later(AT.name, result.deviceName);
  text += nextMember(result.next);
  text += remembered(PLATFORMS, "platform", result.platform);
  text += `,"policies":[`;
  const policies = result.policies;
  for (let i = 0; i < policies.length; i++) {
    if (i > 0) text += ",";
    text += policyText(policies[i]!);
  }
  text += `]${remembered(STATES, "state", result.state)}`;
  return result.waiversApplied.length === 0
    ? `${text}${NO_WAIVERS}`
    : `${text}${member("waivers", [...result.waiversApplied].sort())}}`;
}

/** The start of an outcome without actions or failed default-policy checks. */
const QUIET = `{"actions":{"due":[],"pending":[]},"defaultFailed":[]`;
const NO_WAIVERS = `,"waivers":[]}`;

function policyText(p: PolicyResult): string {
  let failing = "";
  for (const r of p.rules) {
    if (r.status === "pass" || r.status === "notApplicable") continue;
    failing += (failing === "" ? `{"reasons":` : `,{"reasons":`) + json(reasonsOf(r.explanation));
    failing += `${later(AT.rule, r.rule)}${later(AT.status, r.status)}${later(AT.waiver, r.waiver)}}`;
  }
  const plain = failing === "" && p.graceEndsAt === undefined && p.noncompliantSince === undefined;
  if (plain && typeof p.policy === "string" && typeof p.state === "string") {
    // The common case, a policy passed or not applicable: one text per policy and state.
    let byState = PLAIN_POLICIES.get(p.policy);
    if (byState === undefined) {
      byState = new Map();
      if (PLAIN_POLICIES.size < LIMIT) PLAIN_POLICIES.set(p.policy, byState);
    }
    let text = byState.get(p.state);
    if (text === undefined) {
      text = `{"failing":[]${member("policy", p.policy)}${member("state", p.state)}}`;
      if (byState.size < LIMIT) byState.set(p.state, text);
    }
    return text;
  }
  return (
    `{"failing":[${failing}]${later(AT.graceEndsAt, p.graceEndsAt)}${later(AT.policy, p.policy)}` +
    `${later(AT.since, p.noncompliantSince)}${later(AT.state, p.state)}}`
  );
}

/**
 * `"next"`: a previous state that is only a device state (every compliant device's) is written
 * once per state; another (a device failing: when, per policy) as a record of known keys.
 */
function nextMember(next: PreviousState | undefined): string {
  if (next === null || typeof next !== "object") return member("next", next);
  // Own enumerable keys, as canonicalJson reads them: for-in also sees inherited ones, which only sends it the long way.
  let only = false;
  for (const k in next) {
    if (k !== "deviceState" || only) {
      only = false;
      break;
    }
    only = true;
  }
  const state = next.deviceState;
  if (!only || !Object.prototype.hasOwnProperty.call(next, "deviceState") || typeof state !== "string") {
    const record = knownRecord(next, PREVIOUS_KEYS);
    return record === undefined ? member("next", next) : `,"next":${record}`;
  }
  let text = NEXTS.get(state);
  if (text === undefined) {
    text = `,"next":{"deviceState":${JSON.stringify(state)}}`;
    if (NEXTS.size < LIMIT) NEXTS.set(state, text);
  }
  return text;
}

/** A list of due or pending actions: each the evaluator's record of four fields (else the list goes the long way). */
function actionsText(actions: readonly unknown[]): string {
  if (!Array.isArray(actions) || actions.length === 0) return json(actions);
  let text = "[";
  for (let i = 0; i < actions.length; i++) {
    const record = knownRecord(actions[i], ACTION_KEYS);
    if (record === undefined) return canonicalJson(actions);
    text += i === 0 ? record : `,${record}`;
  }
  return `${text}]`;
}

// The keys of the evaluator's records (ActionDue, PreviousState), in ascending order; plain names.
const ACTION_KEYS = recordKeys(["action", "afterMillis", "dueAt", "policy"]);
const PREVIOUS_KEYS = recordKeys(["deviceState", "noncompliantSince", "pendingPolicies", "settingErrors"]);

/** A record's keys, and each as it starts its member first (`{"key":`) or later (`,"key":`), written once. */
interface RecordKeys {
  names: readonly string[];
  first: readonly string[];
  later: readonly string[];
}

function recordKeys(names: readonly string[]): RecordKeys {
  return { names, first: names.map((k) => `{"${k}":`), later: names.map((k) => `,"${k}":`) };
}

/**
 * canonicalJson of a plain object whose own keys are all among `keys` (ascending), written in
 * that order instead of being sorted; `undefined` for any other value (then canonicalJson it is).
 */
function knownRecord(value: unknown, keys: RecordKeys): string | undefined {
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const o = value as Record<string, unknown>;
  const names = keys.names;
  for (const k in o) if (!names.includes(k) || !Object.prototype.hasOwnProperty.call(o, k)) return undefined;
  let text: string | undefined;
  for (let i = 0; i < names.length; i++) {
    const k = names[i]!;
    const v = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    if (v !== undefined) text = text === undefined ? keys.first[i]! + json(v) : text + keys.later[i]! + json(v);
  }
  return text === undefined ? "{}" : `${text}}`;
}

// Texts made once per value (a fleet has a few platforms, states and policies), up to LIMIT each.
const LIMIT = 1024;
const PLATFORMS = new Map<string, string>();
const STATES = new Map<string, string>();
const NEXTS = new Map<string, string>();
const PLAIN_POLICIES = new Map<string, Map<string, string>>();

/** `member(key, value)` for a value many devices share, made once. */
function remembered(made: Map<string, string>, key: string, value: string | undefined): string {
  if (typeof value !== "string") return member(key, value);
  let text = made.get(value);
  if (text === undefined) {
    text = member(key, value);
    if (made.size < LIMIT) made.set(value, text);
  }
  return text;
}

/** The openings of the members written per device, `,"key":`, made once rather than per member. */
const AT = {
  graceEndsAt: ',"graceEndsAt":',
  name: ',"name":',
  policy: ',"policy":',
  rule: ',"rule":',
  since: ',"since":',
  state: ',"state":',
  status: ',"status":',
  waiver: ',"waiver":',
};

/** A later member from its opening (`AT`), or nothing for an undefined value. */
function later(opening: string, value: unknown): string {
  return value === undefined ? "" : opening + json(value);
}

/** A later member of an object, or nothing for an undefined value. Keys are plain names: no escaping needed. */
function member(key: string, value: unknown): string {
  return value === undefined ? "" : `,"${key}":${json(value)}`;
}

/**
 * canonicalJson of a value, a list of strings (reasons, failed checks, waivers) written without a
 * JSON.stringify call: its fixed cost, some twenty calls, was most of a failing device's outcome text.
 */
function json(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : (strings(value) ?? canonicalJson(value));
  return canonicalJson(value);
}

/** A list of strings as JSON, or `undefined` when one of its items is not a string. */
function strings(values: readonly unknown[]): string | undefined {
  let text = "[";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "string") return undefined;
    text += i === 0 ? jsonString(v) : `,${jsonString(v)}`;
  }
  return `${text}]`;
}
