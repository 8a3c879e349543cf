import type { DeviceResult } from "@tenet/evaluator";
import { canonicalJson } from "./canonical-json.js";
import { reasonsOf } from "./device-outcome.js";

/**
 * `canonicalJson(outcomeOf(result))` written straight from the result, the same text byte for
 * byte (its property test holds it to that, so stored outcome hashes stay comparable): no outcome
 * object is built and no key order is checked for the parts whose keys it writes itself. A daily
 * run hashes every device's outcome to compare it with its open span's, and builds the outcome
 * only for the few that changed. Keys are written in ascending order; a member whose value is
 * undefined is left out, as canonicalJson leaves it out.
 */
export function outcomeText(result: DeviceResult): string {
  let text = `{"actions":{${first("due", result.actions.due)}${member("pending", result.actions.pending)}}`;
  text += member("defaultFailed", result.defaultPolicy.failed);
  text += member("name", result.deviceName);
  text += member("next", result.next);
  text += member("platform", result.platform);
  text += `,"policies":[`;
  const policies = result.policies;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i]!;
    text += `${i === 0 ? "" : ","}{"failing":[`;
    let failing = 0;
    for (const r of p.rules) {
      if (r.status === "pass" || r.status === "notApplicable") continue;
      text += `${failing++ === 0 ? "" : ","}{${first("reasons", reasonsOf(r.explanation))}`;
      text += `${member("rule", r.rule)}${member("status", r.status)}${member("waiver", r.waiver)}}`;
    }
    text += `]${member("graceEndsAt", p.graceEndsAt)}${member("policy", p.policy)}`;
    text += `${member("since", p.noncompliantSince)}${member("state", p.state)}}`;
  }
  text += `]${member("state", result.state)}`;
  return `${text}${member("waivers", result.waiversApplied.length === 0 ? EMPTY : [...result.waiversApplied].sort())}}`;
}

const EMPTY: readonly never[] = [];

/** The first member of an object (whose value is always defined here). */
function first(key: string, value: unknown): string {
  return `"${key}":${json(value)}`;
}

/** A later member of an object, or nothing for an undefined value. Keys are plain names: no escaping needed. */
function member(key: string, value: unknown): string {
  return value === undefined ? "" : `,"${key}":${json(value)}`;
}

function json(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value) && value.length === 0) return "[]";
  return canonicalJson(value);
}
