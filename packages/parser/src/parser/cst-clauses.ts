// CST -> AST for the clauses several declarations share (descriptions, conditions, controls,
// schedules) and for names and strings that recovery may have left out.
import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import type { Span } from "../source/span.js";
import { nodeOf, nodesOf, nodeSpan, tokenOf, tokensOf, type Convert } from "./cst-read.js";
import { exprOf } from "./cst-expr.js";
import { durationOf, identOf, missingIdent, stringOf } from "./literals.js";

/** The name at `token`, or a recovered placeholder when recovery left it out. */
export function identOr(c: Convert, token: IToken | undefined, span: Span): A.Ident {
  return token === undefined ? missingIdent(span) : identOf(c, token);
}

/** The string at `token`, or a recovered empty string when recovery left it out. */
export function stringOr(c: Convert, token: IToken | undefined, span: Span): A.StringLit {
  return token === undefined ? { kind: "String", value: "", span, recovered: true } : stringOf(c, token);
}

/** Clauses that compliance policies, rules, access policies and waivers share. */
export function sharedClauseOf(c: Convert, node: CstNode): A.ComplianceClause | A.RuleClause | undefined {
  const span = nodeSpan(c, node);
  switch (node.name) {
    case "description":
      return { kind: "Description", text: stringOr(c, tokenOf(node, "text"), span), span };
    case "remediation":
      return { kind: "Remediation", text: stringOr(c, tokenOf(node, "text"), span), span };
    case "enforcement":
      return { kind: "Enforcement", level: identOr(c, tokenOf(node, "value"), span), span };
    case "severity":
      return { kind: "Severity", level: identOr(c, tokenOf(node, "value"), span), span };
    case "require":
      return { kind: "Require", condition: exprOf(c, nodeOf(node, "condition"), span), span };
    case "when":
      return { kind: "When", condition: exprOf(c, nodeOf(node, "condition"), span), span };
    case "platform":
      return { kind: "Platform", platforms: tokensOf(node, "value").map((t) => identOf(c, t)), span };
    case "controls":
      return { kind: "Controls", controls: controlRefs(c, node), span };
    case "onClause":
      return onClauseOf(c, node, span);
    default:
      return undefined;
  }
}

/** The `framework "id"` references of a `controls` clause. */
export function controlRefs(c: Convert, node: CstNode): A.ControlRef[] {
  return nodesOf(node, "controlRef").map((ref) => {
    const span = nodeSpan(c, ref);
    return {
      kind: "ControlRef",
      framework: identOr(c, tokenOf(ref, "framework"), span),
      id: stringOr(c, tokenOf(ref, "id"), span),
      span,
    };
  });
}

function onClauseOf(c: Convert, node: CstNode, span: Span): A.OnUnknownClause | A.ScheduleClause {
  const outcome = tokenOf(node, "outcome");
  const event = tokenOf(node, "event");
  if (outcome !== undefined || event?.image === "unknown") {
    return { kind: "OnUnknown", outcome: identOr(c, outcome, span), span };
  }
  return { kind: "Schedule", steps: nodesOf(node, "scheduleStep").map((s) => stepOf(c, s)), span };
}

function stepOf(c: Convert, node: CstNode): A.ScheduleStep {
  const span = nodeSpan(c, node);
  const after = tokenOf(node, "after");
  const args = nodeOf(node, "stringArgs");
  return {
    kind: "ScheduleStep",
    after:
      after === undefined ? { kind: "Duration", millis: 0, text: "0h", span, recovered: true } : durationOf(c, after),
    action: tokensOf(node, "action").map((t) => identOf(c, t)),
    args: args === undefined ? [] : tokensOf(args, "value").map((t) => stringOf(c, t)),
    span,
  };
}
