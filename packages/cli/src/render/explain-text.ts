import type { DeviceResult, RuleResult } from "@tenet/evaluator";
import { terminalText } from "@tenet/parser";
import type { Paint } from "../terminal.js";
import { builtinFailureText, failedText } from "./failure-text.js";

const MARK: Record<string, string> = {
  pass: "✓",
  fail: "✗",
  error: "!",
  waived: "~",
  notApplicable: "-",
  unknown: "?",
};

/** `explain`'s text: the device's state, then every policy and rule with what was read, expected and how to fix it. */
export function explainText(r: DeviceResult, paint: Paint): string {
  const out = [
    `${paint("bold", r.deviceName ?? r.deviceId ?? "device")} (${r.platform ?? "unknown platform"}): ` +
      `${paint(r.state === "compliant" ? "green" : "red", r.state)} at ${r.now}`,
  ];
  for (const p of r.policies) {
    out.push(
      "",
      `${paint("bold", p.policy)} ${paint("dim", p.title)}: ${p.state}` +
        (p.graceEndsAt === undefined ? "" : ` (grace period ends ${p.graceEndsAt})`),
    );
    if (p.assignment !== undefined) {
      const a = p.assignment;
      if (a.status === "assigned") out.push(`  assigned through ${a.via.join("; ")}`);
      else
        out.push(
          `  ${a.status === "unknown" ? "assignment unknown" : "not assigned"}:`,
          ...a.reasons.map((reason) => `    ${reason}`),
        );
    }
    if (p.state !== "notApplicable") for (const rule of p.rules) out.push(...ruleLines(rule, paint));
  }
  out.push(
    "",
    `built-in default policy: ${r.defaultPolicy.state}` +
      (r.defaultPolicy.failed.length > 0 ? ` (failed: ${r.defaultPolicy.failed.join(", ")})` : ""),
    ...r.defaultPolicy.failed.map((f) => `  ✗ ${builtinFailureText(f, r.defaultPolicy)}`),
  );
  if (r.waiversApplied.length > 0) out.push(`waivers applied: ${r.waiversApplied.join(", ")}`);
  for (const a of r.actions.due) out.push(`action due: ${a.action} for ${a.policy} since ${a.dueAt}`);
  for (const a of r.actions.pending) out.push(`action pending: ${a.action} for ${a.policy} at ${a.dueAt}`);
  // Names and values come from snapshots and sign-in logs: their control characters are escaped.
  return terminalText(`${out.join("\n")}\n`, paint("bold", "") !== "");
}

function ruleLines(rule: RuleResult, paint: Paint): string[] {
  const lines = [
    `  ${MARK[rule.status] ?? "?"} ${rule.rule} ${paint("dim", rule.title)}: ${rule.status}` +
      (rule.waiver === undefined ? "" : ` by waiver ${rule.waiver}`),
  ];
  const e = rule.explanation;
  if (e === undefined) return lines;
  for (const f of e.failed) lines.push(`      ${failedText(f)}${f.reason === undefined ? "" : ` (${f.reason})`}`);
  for (const err of e.errors) lines.push(`      ${err.path}: ${err.reason} [${err.code}]`);
  for (const fix of e.fixes) lines.push(`      fix: ${fix.text}`);
  if (e.remediation !== undefined) lines.push(`      remediation: ${e.remediation}`);
  for (const note of e.notes ?? []) lines.push(`      note: ${note}`);
  return lines;
}
