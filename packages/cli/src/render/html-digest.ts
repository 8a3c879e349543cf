import type { CheckedPolicySet } from "@tenet/parser";
import type { DeviceResult, RuleResult } from "@tenet/evaluator";
import { ControlIndex } from "../report/control-coverage.js";
import type { OutputRecord } from "./output-record.js";
import { failsGate, type FailOn } from "../run/gate.js";

/** Device states in the order the page codes them (an input record that could not be read is the last). */
export const DEVICE_STATES = ["compliant", "inGracePeriod", "noncompliant", "error", "unknown", "inputError"] as const;
/** Per-policy states, one character each in a digest's `policyStates`. */
export const POLICY_STATES = [
  "compliant",
  "inGracePeriod",
  "noncompliant",
  "error",
  "unknown",
  "notApplicable",
] as const;
/** The letter coding each of POLICY_STATES in a digest, in the same order. */
export const POLICY_CODE = "CGNEU-";

/**
 * One failed, errored, waived or unknown rule of a device: rule index, status letter, then the
 * fact path, actual value, expected value, smallest fix and remediation (empty when absent).
 * A rule that passed is its index alone.
 */
export type RuleCell =
  | number
  | [rule: number, status: string, path: string, actual: string, expected: string, fix: string, remediation: string];

/** What the page keeps of one record, computed where it was evaluated (a worker thread with `--jobs`). */
export interface HtmlDigest {
  name: string;
  id: string;
  platform: string;
  /** Index into DEVICE_STATES. */
  state: number;
  gated: boolean;
  checkIn: string;
  /** `file:line` of the input record. */
  source: string;
  rules: RuleCell[];
  /** Built-in policy settings the device fails, and input errors as `CODE: message`. */
  notes: string[];
  waivers: string[];
  graceEnds: string;
  /** One POLICY_CODE letter per policy of the set, in set order. */
  policyStates: string;
  /** One control outcome digit per control of the index, in index order (empty for input errors). */
  controls: string;
}

/** The rule and policy numbering both threads share: the policy set's order. */
export class HtmlCatalog {
  readonly rules: { id: string; title: string; policy: number; severity: string }[] = [];
  readonly policies: { name: string; title: string }[] = [];
  readonly ruleIndex = new Map<string, number>();
  private readonly policyIndex = new Map<string, number>();

  constructor(
    readonly set: CheckedPolicySet,
    readonly controls: ControlIndex,
  ) {
    set.compliance.forEach((p, pi) => {
      this.policies.push({ name: p.name, title: p.title });
      this.policyIndex.set(p.name, pi);
      for (const r of p.rules) {
        this.ruleIndex.set(r.id, this.rules.length);
        this.rules.push({ id: r.id, title: r.title, policy: pi, severity: r.severity });
      }
    });
  }

  policyStates(result: DeviceResult): string {
    const codes = new Array<string>(this.policies.length).fill("-");
    for (const p of result.policies) {
      const i = this.policyIndex.get(p.policy);
      if (i !== undefined) codes[i] = POLICY_CODE[POLICY_STATES.indexOf(p.state as never)] ?? "-";
    }
    return codes.join("");
  }
}

/** Actual values are shown, not re-read: long ones are cut so one odd fact cannot swell the page. */
const shown = (value: unknown): string => {
  const text = value === undefined ? "missing" : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

function ruleCell(index: number, rule: RuleResult): RuleCell {
  if (rule.status === "pass") return index;
  const e = rule.explanation;
  const failed = e?.failed[0];
  const error = e?.errors[0];
  const fix = e?.fixes[0]?.text ?? "";
  const remediation = e?.remediation ?? "";
  if (rule.status === "waived") return [index, "w", "", "", "", "", `waived by ${rule.waiver ?? "a waiver"}`];
  if (error !== undefined && failed === undefined)
    return [index, rule.status[0]!, error.path, "", error.reason, fix, remediation];
  return [
    index,
    rule.status[0]!,
    failed?.path ?? "",
    failed === undefined ? "" : shown(failed.actual),
    failed?.expected ?? failed?.reason ?? "",
    fix,
    remediation,
  ];
}

/** The digest of one output record: everything the page's table, filters and drill-down show. */
export function htmlDigest(r: OutputRecord, catalog: HtmlCatalog, failOn: FailOn): HtmlDigest {
  const source = `${r.input.source}:${r.input.line ?? r.input.index + 1}`;
  const result = r.result;
  if (result === undefined)
    return {
      name: source,
      id: "",
      platform: "",
      state: DEVICE_STATES.indexOf("inputError"),
      gated: false,
      checkIn: "",
      source,
      rules: [],
      notes: r.error === undefined ? [] : [`${r.error.code}: ${r.error.message}`],
      waivers: [],
      graceEnds: "",
      policyStates: "",
      controls: "",
    };
  const rules: RuleCell[] = [];
  let graceEnds = "";
  for (const p of result.policies) {
    if (p.graceEndsAt !== undefined && (graceEnds === "" || p.graceEndsAt < graceEnds)) graceEnds = p.graceEndsAt;
    for (const rule of p.rules) {
      const index = catalog.ruleIndex.get(rule.id);
      if (index !== undefined && rule.status !== "notApplicable") rules.push(ruleCell(index, rule));
    }
  }
  return {
    name: result.deviceName ?? result.deviceId ?? `#${r.input.index + 1}`,
    id: result.deviceId ?? "",
    platform: result.platform ?? "unknown",
    state: DEVICE_STATES.indexOf(result.state),
    gated: failsGate(result.state, failOn),
    checkIn: r.lastCheckIn ?? "",
    source,
    rules,
    notes: result.defaultPolicy.failed.map((f) => `built-in setting ${f} fails`),
    waivers: result.waiversApplied,
    graceEnds,
    policyStates: catalog.policyStates(result),
    controls: catalog.controls.outcomes(result).join(""),
  };
}
