import type { CompiledPolicySet, DeviceResult } from "@tenet/evaluator";
import type { DeviceOutcome } from "./device-outcome.js";

/** `framework:control` names per policy and per `policy.rule`. */
export interface ControlIndex {
  byPolicy: ReadonlyMap<string, readonly string[]>;
  byRule: ReadonlyMap<string, readonly string[]>;
}

export function controlIndex(compiled: CompiledPolicySet): ControlIndex {
  const byPolicy = new Map<string, string[]>();
  const byRule = new Map<string, string[]>();
  for (const p of compiled.policies) {
    const all = new Set<string>();
    for (const r of p.rules) {
      const names = r.controls.map((c) => `${c.framework}:${c.id}`);
      byRule.set(`${p.name}.${r.name}`, names);
      for (const n of names) all.add(n);
    }
    byPolicy.set(p.name, [...all].sort());
  }
  return { byPolicy, byRule };
}

export interface Tally {
  dimension: "platform" | "policy" | "control";
  key: string;
  state: string;
  devices: number;
}

/**
 * A run's counts by platform (device state), by policy (policy state) and by control, per
 * device as `tenet report` counts it: `fail` when a covering rule failed, erred or was unknown,
 * else `waived` when one was waived, else `pass`. A device counts for a control when a policy
 * mapping it applied to the device (the stored outcome keeps failing rules only, so a passing
 * rule cannot be told from one its `when` left out: the one case where the report's scope is
 * narrower). Kept per run so trends read these few rows instead of every device.
 */
export function runTallies(outcomes: DeviceOutcome[], controls: ControlIndex): Tally[] {
  const shares = new Map<string, number>();
  for (const o of outcomes) {
    const share = tallyShare(o, controls);
    shares.set(share, (shares.get(share) ?? 0) + 1);
  }
  return talliesOf(shares);
}

const FIELD = "\u0000";
const ENTRY = "\u0001";

/**
 * What one device adds to its run's tallies, as one short text: a device is reduced to it where
 * it is evaluated (on a worker thread), so no outcome is kept until the run is recorded. Most
 * devices of a fleet share a handful of these. Read from the outcome, or from the result it is
 * made of (a policy's rules that did not pass are its outcome's failing rules).
 */
export function tallyShare(o: DeviceOutcome | DeviceResult, controls: ControlIndex): string {
  let share = `platform${FIELD}${o.platform ?? ""}${FIELD}${o.state}`;
  let applicable: Set<string> | undefined;
  let failed: Set<string> | undefined;
  let waived: Set<string> | undefined;
  for (const p of o.policies) {
    share += `${ENTRY}policy${FIELD}${p.policy}${FIELD}${p.state}`;
    if (p.state === "notApplicable") continue;
    for (const c of controls.byPolicy.get(p.policy) ?? []) (applicable ??= new Set()).add(c);
    for (const r of "failing" in p ? p.failing : p.rules) {
      if (r.status === "pass" || r.status === "notApplicable") continue;
      const names = controls.byRule.get(`${p.policy}.${r.rule}`);
      if (names !== undefined)
        for (const c of names) (r.status === "waived" ? (waived ??= new Set()) : (failed ??= new Set())).add(c);
    }
  }
  if (applicable !== undefined)
    for (const c of applicable)
      share += `${ENTRY}control${FIELD}${c}${FIELD}${failed?.has(c) === true ? "fail" : waived?.has(c) === true ? "waived" : "pass"}`;
  return interned(share, controls);
}

/** The shares made so far per control index, each kept once: a run holds a share per device until it is recorded. */
const made = new WeakMap<ControlIndex, Map<string, string>>();

function interned(share: string, controls: ControlIndex): string {
  let shares = made.get(controls);
  if (shares === undefined) made.set(controls, (shares = new Map()));
  const known = shares.get(share);
  if (known !== undefined) return known;
  // A fleet has a handful; past this many, a share is simply kept as made.
  if (shares.size < 4096) shares.set(share, share);
  return share;
}

/** A run's tallies from its devices' shares (`tallyShare`) and how many devices had each. */
export function talliesOf(shares: ReadonlyMap<string, number>): Tally[] {
  const counts = new Map<string, number>();
  for (const [share, devices] of shares)
    for (const k of share.split(ENTRY)) counts.set(k, (counts.get(k) ?? 0) + devices);
  return [...counts].map(([k, devices]) => {
    const [dimension, key, state] = k.split(FIELD) as [Tally["dimension"], string, string];
    return { dimension, key, state, devices };
  });
}
