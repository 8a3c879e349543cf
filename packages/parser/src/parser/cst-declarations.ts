import type { CstNode } from "chevrotain";
import type * as A from "../ast/nodes.js";
import type { Span } from "../source/span.js";
import { nodeOf, nodesOf, nodeSpan, onlyChild, tokenOf, tokensOf, type Convert } from "./cst-read.js";
import { exprOf } from "./cst-expr.js";
import { identOf, literalOf, stringOf } from "./literals.js";
import { accessClauseOf } from "./cst-access.js";
import { identOr, sharedClauseOf, stringOr } from "./cst-clauses.js";

export function declarationOf(c: Convert, node: CstNode): A.Declaration | undefined {
  const child = onlyChild(node);
  if (child === undefined) return undefined;
  const span = nodeSpan(c, child);
  switch (child.name) {
    case "importDecl":
      return { kind: "Import", path: stringOr(c, tokenOf(child, "path"), span), span };
    case "letDecl":
      return {
        kind: "Let",
        name: identOr(c, tokenOf(child, "name"), span),
        value: exprOf(c, nodeOf(child, "value"), span),
        span,
      };
    case "compliance":
      return {
        kind: "Compliance",
        ...header(c, child, span),
        clauses: clauses(c, child, "complianceClause", complianceClauseOf),
        span,
      };
    case "access":
      return {
        kind: "Access",
        ...header(c, child, span),
        clauses: clauses(c, child, "accessClause", accessClauseOf),
        span,
      };
    case "waiver":
      return {
        kind: "Waiver",
        ...header(c, child, span),
        clauses: clauses(c, child, "waiverClause", waiverClauseOf),
        span,
      };
    case "property":
      return {
        kind: "Property",
        ...header(c, child, span),
        clauses: clauses(c, child, "propertyClause", propertyClauseOf),
        span,
      };
    case "filterDecl":
      return {
        kind: "Filter",
        ...header(c, child, span),
        clauses: clauses(c, child, "filterClause", filterClauseOf),
        span,
      };
    default:
      return undefined;
  }
}

function header(c: Convert, node: CstNode, span: Span): { name: A.Ident; title?: A.StringLit } {
  const title = tokenOf(node, "title");
  return {
    name: identOr(c, tokenOf(node, "name"), span),
    ...(title === undefined ? {} : { title: stringOf(c, title) }),
  };
}

/** Converts each clause sub-rule, dropping clauses recovery left without content. */
export function clauses<T>(
  c: Convert,
  node: CstNode,
  key: string,
  one: (c: Convert, n: CstNode) => T | undefined,
): T[] {
  return nodesOf(node, key)
    .map((clause) => onlyChild(clause))
    .filter((n): n is CstNode => n !== undefined)
    .map((n) => one(c, n))
    .filter((x): x is T => x !== undefined);
}

function complianceClauseOf(c: Convert, node: CstNode): A.ComplianceClause | undefined {
  if (node.name === "assign") return assignOf(c, node);
  if (node.name !== "rule") return sharedClauseOf(c, node) as A.ComplianceClause | undefined;
  const span = nodeSpan(c, node);
  return {
    kind: "Rule",
    ...header(c, node, span),
    clauses: clauses(c, node, "ruleClause", (cc, n) => sharedClauseOf(cc, n) as A.RuleClause),
    span,
  };
}

function assignOf(c: Convert, node: CstNode): A.AssignClause | undefined {
  const span = nodeSpan(c, node);
  const mode = tokenOf(node, "mode");
  if (mode === undefined) return undefined;
  const everyone = tokenOf(node, "everyone");
  const selector = tokenOf(node, "selector");
  let target: A.AssignTarget;
  if (everyone !== undefined) target = { kind: "Everyone", everyone: identOf(c, everyone) };
  else if (selector !== undefined) {
    const name = tokenOf(node, "groupName");
    target = {
      kind: "Group",
      selector: identOf(c, selector),
      id: stringOr(c, tokenOf(node, "id"), span),
      ...(name === undefined ? {} : { name: stringOf(c, name) }),
    };
  } else return undefined;
  const filterMode = tokenOf(node, "filterMode");
  const filterName = tokenOf(node, "filterName");
  return {
    kind: "Assign",
    mode: mode.image === "exclude" ? "exclude" : "include",
    target,
    ...(filterMode === undefined
      ? {}
      : {
          filter: { mode: filterMode.image === "exclude" ? "exclude" : "include", name: identOr(c, filterName, span) },
        }),
    span,
  };
}

function filterClauseOf(c: Convert, node: CstNode): A.FilterClause | undefined {
  if (node.name === "filterRule") {
    const span = nodeSpan(c, node);
    return { kind: "FilterRule", rule: stringOr(c, tokenOf(node, "rule"), span), span };
  }
  return sharedClauseOf(c, node) as A.FilterClause | undefined;
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
          return {
            kind: "RuleRef",
            policy: identOr(c, tokenOf(ref, "policy"), refSpan),
            ...(rule === undefined ? {} : { rule: identOf(c, rule) }),
            span: refSpan,
          };
        }),
        span,
      };
    case "waiverProperties":
      return { kind: "WaiverProperties", properties: tokensOf(node, "property").map((t) => identOf(c, t)), span };
    case "scope":
      return { kind: "WaiverScope", condition: exprOf(c, nodeOf(node, "condition"), span), span };
    case "waiverDevices":
      return { kind: "WaiverDevices", ids: tokensOf(node, "id").map((t) => stringOf(c, t)), span };
    case "waiverText": {
      const field = tokenOf(node, "field")?.image;
      return {
        kind: "WaiverText",
        field: field === "approver" || field === "ticket" ? field : "reason",
        text: stringOr(c, tokenOf(node, "text"), span),
        span,
      };
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
