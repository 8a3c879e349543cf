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
 * devices of a fleet share a handful of these: each is made once and found again by what it is
 * made of (platform, state, each policy's state and failing rules' statuses), without making a
 * text per device. Read from the outcome, or from the result it is made of (a policy's rules
 * that did not pass are its outcome's failing rules).
 */
export function tallyShare(o: DeviceOutcome | DeviceResult, controls: ControlIndex): string {
  let shares = made.get(controls);
  if (shares === undefined) made.set(controls, (shares = { root: {}, nodes: 0 }));
  let node = step(shares, shares.root, o.platform ?? "");
  node = step(shares, node, o.state);
  for (const p of o.policies) {
    node = step(shares, step(shares, node, p.policy), p.state);
    for (const r of "failing" in p ? p.failing : p.rules)
      if (r.status !== "pass" && r.status !== "notApplicable")
        node = step(shares, step(shares, node, r.rule), r.status);
    node = step(shares, node, END_OF_POLICY);
  }
  if (node?.share !== undefined) return node.share;
  const share = shareOf(o, controls);
  if (node !== undefined) node.share = share;
  return share;
}

/** The shares made so far for one control index: a tree with a level per part a share is made of. */
interface Shares {
  root: ShareNode;
  nodes: number;
}
interface ShareNode {
  share?: string;
  next?: Map<unknown, ShareNode>;
}
const made = new WeakMap<ControlIndex, Shares>();
const END_OF_POLICY = Symbol("end of policy");
// A fleet needs a few dozen nodes; past this many, shares are made per device.
const MAX_NODES = 10_000;

function step(shares: Shares, node: ShareNode | undefined, part: unknown): ShareNode | undefined {
  if (node === undefined) return undefined;
  const next = (node.next ??= new Map());
  let child = next.get(part);
  if (child === undefined) {
    if (shares.nodes >= MAX_NODES) return undefined;
    next.set(part, (child = {}));
    shares.nodes++;
  }
  return child;
}

function shareOf(o: DeviceOutcome | DeviceResult, controls: ControlIndex): string {
  let share = `platform${FIELD}${o.platform ?? ""}${FIELD}${o.state}`;
  const applicable = new Set<string>();
  const failed = new Set<string>();
  const waived = new Set<string>();
  for (const p of o.policies) {
    share += `${ENTRY}policy${FIELD}${p.policy}${FIELD}${p.state}`;
    if (p.state === "notApplicable") continue;
    for (const c of controls.byPolicy.get(p.policy) ?? []) applicable.add(c);
    for (const r of "failing" in p ? p.failing : p.rules) {
      if (r.status === "pass" || r.status === "notApplicable") continue;
      for (const c of controls.byRule.get(`${p.policy}.${r.rule}`) ?? [])
        (r.status === "waived" ? waived : failed).add(c);
    }
  }
  for (const c of applicable)
    share += `${ENTRY}control${FIELD}${c}${FIELD}${failed.has(c) ? "fail" : waived.has(c) ? "waived" : "pass"}`;
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
