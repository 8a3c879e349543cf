import type { CstNode, IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import type { Span } from "../source/span.js";
import { nodeOf, nodesOf, nodeSpan, onlyChild, spanOf, tokenOf, tokensOf, type Convert } from "./cst-read.js";
import { exprOf } from "./cst-expr.js";
import { durationOf, identOf, literalOf, missingIdent, stringOf } from "./literals.js";
import { accessClauseOf } from "./cst-access.js";

export function declarationOf(c: Convert, node: CstNode): A.Declaration | undefined {
  const child = onlyChild(node);
  if (child === undefined) return undefined;
  const span = nodeSpan(c, child);
  switch (child.name) {
    case "importDecl":
      return { kind: "Import", path: stringOr(c, tokenOf(child, "path"), span), span };
    case "letDecl":
      return { kind: "Let", name: identOr(c, tokenOf(child, "name"), span), value: exprOf(c, nodeOf(child, "value"), span), span };
    case "compliance":
      return { kind: "Compliance", ...header(c, child, span), clauses: clauses(c, child, "complianceClause", complianceClauseOf), span };
    case "access":
      return { kind: "Access", ...header(c, child, span), clauses: clauses(c, child, "accessClause", accessClauseOf), span };
    case "waiver":
      return { kind: "Waiver", ...header(c, child, span), clauses: clauses(c, child, "waiverClause", waiverClauseOf), span };
    case "property":
      return { kind: "Property", ...header(c, child, span), clauses: clauses(c, child, "propertyClause", propertyClauseOf), span };
    default:
      return undefined;
  }
}

function header(c: Convert, node: CstNode, span: Span): { name: A.Ident; title?: A.StringLit } {
  const title = tokenOf(node, "title");
  return { name: identOr(c, tokenOf(node, "name"), span), ...(title === undefined ? {} : { title: stringOf(c, title) }) };
}

/** Converts each clause sub-rule, dropping clauses recovery left without content. */
export function clauses<T>(c: Convert, node: CstNode, key: string, one: (c: Convert, n: CstNode) => T | undefined): T[] {
  return nodesOf(node, key)
    .map((clause) => onlyChild(clause))
    .filter((n): n is CstNode => n !== undefined)
    .map((n) => one(c, n))
    .filter((x): x is T => x !== undefined);
}

export function identOr(c: Convert, token: IToken | undefined, span: Span): A.Ident {
  return token === undefined ? missingIdent(span) : identOf(c, token);
}

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

export function controlRefs(c: Convert, node: CstNode): A.ControlRef[] {
  return nodesOf(node, "controlRef").map((ref) => {
    const span = nodeSpan(c, ref);
    return { kind: "ControlRef", framework: identOr(c, tokenOf(ref, "framework"), span), id: stringOr(c, tokenOf(ref, "id"), span), span };
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
    after: after === undefined ? { kind: "Duration", millis: 0, text: "0h", span, recovered: true } : durationOf(c, after),
    action: tokensOf(node, "action").map((t) => identOf(c, t)),
    args: args === undefined ? [] : tokensOf(args, "value").map((t) => stringOf(c, t)),
    span,
  };
}

function complianceClauseOf(c: Convert, node: CstNode): A.ComplianceClause | undefined {
  if (node.name !== "rule") return sharedClauseOf(c, node) as A.ComplianceClause | undefined;
  const span = nodeSpan(c, node);
  return { kind: "Rule", ...header(c, node, span), clauses: clauses(c, node, "ruleClause", (cc, n) => sharedClauseOf(cc, n) as A.RuleClause), span };
}

function waiverClauseOf(c: Convert, node: CstNode): A.WaiverClause | undefined {
  const span = nodeSpan(c, node);
  switch (node.name) {
    case "waiverRules":
      return {
        kind: "WaiverRules",
        rules: nodesOf(node, "ruleRef").map((ref) => {
          const refSpan = nodeSpan(c, ref);
          const rule = tokenOf(ref, "rule");
          return { kind: "RuleRef", policy: identOr(c, tokenOf(ref, "policy"), refSpan), ...(rule === undefined ? {} : { rule: identOf(c, rule) }), span: refSpan };
        }),
        span,
      };
    case "scope":
      return { kind: "WaiverScope", condition: exprOf(c, nodeOf(node, "condition"), span), span };
    case "waiverDevices":
      return { kind: "WaiverDevices", ids: tokensOf(node, "id").map((t) => stringOf(c, t)), span };
    case "waiverText": {
      const field = tokenOf(node, "field")?.image;
      return { kind: "WaiverText", field: field === "approver" || field === "ticket" ? field : "reason", text: stringOr(c, tokenOf(node, "text"), span), span };
    }
    case "expires": {
      const at = tokenOf(node, "at");
      if (at === undefined) return undefined;
      return { kind: "WaiverExpires", at: literalOf(c, at) as A.DateLit | A.TimestampLit, span };
    }
    default:
      return undefined;
  }
}

function propertyClauseOf(c: Convert, node: CstNode): A.PropertyClause | undefined {
  const span = nodeSpan(c, node);
  switch (node.name) {
    case "assume":
      return { kind: "Assume", condition: exprOf(c, nodeOf(node, "condition"), span), span };
    case "expect":
      return { kind: "Expect", words: tokensOf(node, "word").map((t) => identOf(c, t)), span };
    case "runs": {
      const count = tokenOf(node, "count");
      if (count === undefined) return undefined;
      return { kind: "Runs", count: literalOf(c, count) as A.NumberLit, span };
    }
    default:
      return undefined;
  }
}

export { spanOf };
