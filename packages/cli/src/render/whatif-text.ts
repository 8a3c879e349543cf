import type { AccessDecision } from "@tenet/evaluator";
import { terminalText } from "@tenet/parser";
import type { Paint } from "../terminal.js";

/** `whatif`'s text for one sign-in: the verdict, each access policy and whether it applies, and the session controls. */
export function whatifText(
  where: string,
  d: AccessDecision,
  paint: Paint,
  log?: { shape: string; tenantDir?: string; signIn: unknown },
): string {
  // An enforced policy whose remaining controls this client can never satisfy (legacy authentication) stops the sign-in.
  const stuck = d.policies.some(
    (p) =>
      p.applies &&
      p.state === "enabled" &&
      p.unsatisfiable !== undefined &&
      (p.operator === "OR" ? p.unsatisfiable.length === p.unmet.length : p.unsatisfiable.length > 0),
  );
  const verdict =
    d.decision === "block"
      ? paint("red", "blocked")
      : d.decision === "unknown"
        ? paint("yellow", "unknown: a policy that would apply cannot be evaluated (see below)")
        : d.accessGrantedNow
          ? paint("green", "granted")
          : stuck
            ? paint("red", "not granted: this client cannot satisfy the controls below")
            : paint("yellow", "granted after the user satisfies the controls below");
  const out = [`${paint("bold", where)}: ${verdict}`];
  if (log !== undefined) out.push(`  ${signInLogNote(log)}`);
  for (const p of d.policies) {
    const state = p.state === "enabled" ? "" : ` [${p.state}]`;
    if (p.state === "disabled") out.push(`  - ${p.policy}${state}: not evaluated`);
    else if (!p.applies) out.push(`  - ${p.policy}${state}: does not apply (${p.reason}: ${p.detail})`);
    else if (p.notEvaluable !== undefined)
      out.push(`  ? ${p.policy}${state}: would apply, but is not evaluable: ${p.notEvaluable.join("; ")}`);
    else {
      const needs =
        p.grant === "block"
          ? "block"
          : p.unmet.length === 0
            ? "satisfied"
            : `needs ${p.unmet.join(p.operator === "OR" ? " or " : " and ")}`;
      out.push(
        `  ✓ ${p.policy}${state}: applies, ${needs}` +
          (p.reportOnlyResult === undefined ? "" : ` (report-only result: ${p.reportOnlyResult})`) +
          (p.unsatisfiable === undefined ? "" : ` (${p.detail})`),
      );
    }
  }
  const session = Object.entries(d.session).map(
    ([k, v]) => `${k} ${k === "signInFrequency" && typeof v === "number" ? `${v / 3_600_000}h` : String(v)}`,
  );
  if (session.length > 0) out.push(`  session: ${session.join(", ")}`);
  // Names and values come from snapshots and sign-in logs: their control characters are escaped.
  return terminalText(`${out.join("\n")}\n`, paint("bold", "") !== "");
}

const SHAPES: Record<string, string> = { graph: "Graph signIn", logAnalytics: "Log Analytics SigninLogs" };

/** Says the input was a sign-in log record, where membership came from, and what stays unknown. */
function signInLogNote(log: { shape: string; tenantDir?: string; signIn: unknown }): string {
  const unknown = (log.signIn as { unknown?: { groups?: string[]; roles?: string[]; facts?: string[] } }).unknown ?? {};
  const parts = [
    ...(unknown.facts ?? []),
    ...(unknown.groups ?? []).map((g) => `group ${g}`),
    ...(unknown.roles ?? []).map((r) => `role ${r}`),
  ];
  const from = log.tenantDir === undefined ? "no tenant directory (--tenant-dir)" : `tenant directory ${log.tenantDir}`;
  const unknownText = parts.length === 0 ? "nothing" : parts.join(", ");
  return `sign-in log record (${SHAPES[log.shape] ?? log.shape}), ${from}; not known from the log: ${unknownText}`;
}
