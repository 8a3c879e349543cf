// explain: trace events of a re-walked rule -> RuleExplanation (facts, failed checks, errors, fixes).
import type { CheckedPolicySet, CheckedRule, Expr } from "@tenet/parser";
import type { Fix, RuleExplanation } from "../model/device-result.js";
import { refCondition, type RefContext } from "../reference/reference-expr.js";
import type { VersionPadding } from "../values/version.js";
import { E, T, U, type Truth } from "../values/kleene.js";
import { getOwn } from "../values/fact-lookup.js";
import { blame, subjectOf, truncate } from "./blame.js";
import { renderExpr, renderPlain } from "./render-expr.js";
import { fillRemediation, remediationParts, type RemediationParts } from "./remediation.js";
import { smallestFix } from "./smallest-fix.js";
import type { TraceEvent } from "./trace.js";
import { FLIP, isLiteral, resolveLet, unparen } from "@tenet/parser";

/** What explaining a rule needs: the checked set, the snapshot and the evaluation settings. */
export interface ExplainInput {
  set: Pick<CheckedPolicySet, "types" | "letTargets">;
  rootName: string;
  root: unknown;
  now: number;
  padding: VersionPadding;
}

/**
 * Collects the trace of one rule: facts read and the blamed leaves of `when` or `require`.
 * `remember` (the default) decides each sub-condition once per trace; the explanation is the
 * same without it (a property test holds the two to each other).
 */
export function traceRule(
  input: ExplainInput,
  rule: Pick<CheckedRule, "require" | "when">,
  remember = true,
): TraceEvent[] {
  const events: TraceEvent[] = [];
  // One literal with every field (no spread: a slow object copy for every explained rule).
  const ctx: RefContext = {
    set: input.set,
    root: input.root,
    rootName: input.rootName,
    now: input.now,
    padding: input.padding,
    vars: new Map(),
    onRead: (r) => events.push({ kind: "read", path: r.path, value: truncate(r.value) }),
    decided: remember ? new Map<Expr, Truth>() : undefined,
  };
  const emit = (ev: TraceEvent) => events.push(ev);
  if (rule.when !== undefined && refCondition(ctx, rule.when) !== T) {
    blame(ctx, rule.when, true, emit);
  } else {
    blame(ctx, rule.require, true, emit);
  }
  return events;
}

/** Turns trace events into the explanation of a failed, errored or waived rule. */
export function explainFromTrace(
  input: ExplainInput,
  rule: Pick<CheckedRule, "remediation" | "remediationLiteralBraces">,
  events: readonly TraceEvent[],
): RuleExplanation {
  const facts: { path: string; value: unknown }[] = [];
  const seen = new Set<string>();
  const failed: RuleExplanation["failed"] = [];
  const errors: RuleExplanation["errors"] = [];
  const fixes: Fix[] = [];
  const fixSeen = new Set<string>();
  const notes: string[] = [];
  for (const ev of events) {
    if (ev.kind === "read") {
      if (!seen.has(ev.path)) {
        seen.add(ev.path);
        facts.push({ path: ev.path, value: ev.value });
      }
      continue;
    }
    if (ev.note !== undefined && !notes.includes(ev.note)) notes.push(ev.note);
    if (ev.truth === U || ev.truth === E) {
      errors.push({
        path: ev.path ?? renderExpr(ev.expr),
        reason: ev.reason ?? (ev.truth === U ? "fact is missing" : "fact is malformed"),
        code: ev.truth === U ? "CP4001" : "CP4002",
      });
    } else {
      // Two literals, not a spread (a slow object copy per failed leaf); the key order is the output's.
      const expected = expectedText(ev.expr, ev.wanted, input.set);
      failed.push(
        ev.path === undefined ? { actual: ev.actual, expected } : { path: ev.path, actual: ev.actual, expected },
      );
    }
    const fix = smallestFix(input.set, input.rootName, ev);
    if (fix !== undefined && !fixSeen.has(fix.text)) {
      fixSeen.add(fix.text);
      fixes.push(fix);
    }
  }
  const reportedAt = reportedNote(input, facts);
  if (reportedAt !== undefined) notes.push(reportedAt);
  const explanation: RuleExplanation = { facts, failed, errors, fixes };
  if (notes.length > 0) explanation.notes = notes;
  if (rule.remediation !== undefined) {
    explanation.remediation = fillRemediation(templateOf(rule, rule.remediation, input.rootName), input.root);
  }
  return explanation;
}

/**
 * Each rule's remediation template, split once (it was split again for every failed device).
 * Keyed by the checked rule, which never changes; the root name is kept to check the key.
 */
const templates = new WeakMap<object, { rootName: string; parts: RemediationParts }>();

function templateOf(
  rule: Pick<CheckedRule, "remediationLiteralBraces">,
  template: string,
  rootName: string,
): RemediationParts {
  const known = templates.get(rule);
  if (known !== undefined && known.rootName === rootName) return known.parts;
  const parts = remediationParts(template, rootName, rule.remediationLiteralBraces);
  templates.set(rule, { rootName, parts });
  return parts;
}

/**
 * A rule that reads `device.reported.…` judges Intune's own verdict on a setting, not a fact
 * Tenet recomputes: say so, with the device's last check-in (when Intune took the report).
 */
function reportedNote(input: ExplainInput, facts: readonly { path: string }[]): string | undefined {
  const prefix = `${input.rootName}.reported.`;
  if (!facts.some((f) => f.path.startsWith(prefix))) return undefined;
  const at = getOwn(input.root, "lastSyncDateTime");
  return `as reported by the device on ${typeof at === "string" ? at : "an unknown date (no lastSyncDateTime)"}`;
}

/** Explains one rule (trace + assembly). */
export function explainRule(
  input: ExplainInput,
  rule: Pick<CheckedRule, "require" | "when" | "remediation" | "remediationLiteralBraces">,
): RuleExplanation {
  return explainFromTrace(input, rule, traceRule(input, rule));
}

/** The constraint a leaf needed, as text: ">= 10.0.19045", "== true", "within 30d". */
export function expectedText(e: Expr, wanted: boolean, set?: Pick<CheckedPolicySet, "letTargets">): string {
  const body = constraintText(e, set);
  return wanted ? body : `not (${body})`;
}

function constraintText(e: Expr, set: Pick<CheckedPolicySet, "letTargets"> | undefined): string {
  const plain = (x: Expr) => (set === undefined ? x : resolveLet(set, x));
  const subject = subjectOf(e);
  switch (e.kind) {
    case "Compare": {
      if (subject === e.right && isLiteral(e.left)) {
        return `${FLIP[e.operator]} ${renderPlain(unparen(e.left))}`;
      }
      const right = plain(e.right);
      return `${e.operator} ${isLiteral(right) ? renderPlain(unparen(right)) : renderExpr(right)}`;
    }
    case "In":
      return `${e.negated ? "not in" : "in"} [${renderPlain(unparen(e.collection))}]`;
    case "StringOp":
      return `${e.operator} ${renderExpr(e.right)}`;
    case "Time":
      return `${e.operator === "within" ? "within" : "older than"} ${e.duration.text}`;
    case "Presence":
      return e.present ? "is present" : "is missing";
    case "Path":
      return "== true";
    default:
      return renderExpr(e);
  }
}
