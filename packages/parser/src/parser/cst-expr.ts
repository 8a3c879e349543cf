import type { CstNode } from "chevrotain";
import type { CompareOperator, Expr, PathExpr } from "../ast/nodes.js";
import { joinSpans, type Span } from "../source/span.js";
import { nodeOf, nodesOf, nodeSpan, onlyChild, tokenOf, tokensOf, type Convert } from "./cst-read.js";
import { durationOf, identOf, literalOf, missingIdent } from "./literals.js";

/** A placeholder for an expression that error recovery dropped; later stages skip it. */
export function missingExpr(span: Span): Expr {
  return { kind: "Boolean", value: false, span, recovered: true };
}

export function exprOf(c: Convert, node: CstNode | undefined, fallback: Span): Expr {
  if (node === undefined) return missingExpr(fallback);
  return chain(c, node, "or", (n) => chain(c, n, "and", (u) => unaryOf(c, u, fallback), fallback), fallback);
}

/** `a or b or c` is left-associative: ((a or b) or c). */
function chain(c: Convert, node: CstNode, operator: "and" | "or", inner: (n: CstNode) => Expr, fallback: Span): Expr {
  const operands = nodesOf(node, "operand").map(inner);
  if (operands.length === 0) return missingExpr(nodeSpan(c, node, fallback));
  let result = operands[0]!;
  for (const right of operands.slice(1)) {
    result = { kind: "Binary", operator, left: result, right, span: joinSpans(result.span, right.span) };
  }
  return result;
}

function unaryOf(c: Convert, node: CstNode, fallback: Span): Expr {
  const span = nodeSpan(c, node, fallback);
  const negated = nodeOf(node, "negated");
  if (tokenOf(node, "Kw_not") !== undefined) {
    return { kind: "Not", operand: negated === undefined ? missingExpr(span) : unaryOf(c, negated, span), span };
  }
  const quantifier = nodeOf(node, "quantifier");
  if (quantifier !== undefined) {
    const variable = tokenOf(quantifier, "variable");
    return {
      kind: "Quantifier",
      quantifier: tokenOf(quantifier, "kind")?.image === "all" ? "all" : "any",
      variable: variable === undefined ? missingIdent(span) : identOf(c, variable),
      collection: operandOf(c, nodeOf(quantifier, "collection"), span),
      body: exprOf(c, nodeOf(quantifier, "body"), span),
      span,
    };
  }
  const predicate = nodeOf(node, "predicate");
  return predicate === undefined ? missingExpr(span) : predicateOf(c, predicate, span);
}

function predicateOf(c: Convert, node: CstNode, fallback: Span): Expr {
  const span = nodeSpan(c, node, fallback);
  const subject = operandOf(c, nodeOf(node, "subject"), span);
  const operator = tokenOf(node, "operator");
  if (operator === undefined) return subject;
  const object = () => operandOf(c, nodeOf(node, "object"), span);
  switch (operator.image) {
    case "in":
      return {
        kind: "In",
        negated: tokenOf(node, "negated") !== undefined,
        element: subject,
        collection: object(),
        span,
      };
    case "startsWith":
    case "endsWith":
    case "contains":
    case "matches":
      return { kind: "StringOp", operator: operator.image, left: subject, right: object(), span };
    case "within":
    case "older": {
      const duration = tokenOf(node, "duration");
      const lit =
        duration === undefined
          ? { kind: "Duration" as const, millis: 0, text: "", span, recovered: true }
          : durationOf(c, duration);
      return {
        kind: "Time",
        operator: operator.image === "within" ? "within" : "olderThan",
        subject,
        duration: lit,
        span,
      };
    }
    case "is":
      return { kind: "Presence", present: tokenOf(node, "presence")?.image !== "missing", subject, span };
    default:
      return { kind: "Compare", operator: operator.image as CompareOperator, left: subject, right: object(), span };
  }
}

export function operandOf(c: Convert, node: CstNode | undefined, fallback: Span): Expr {
  if (node === undefined) return missingExpr(fallback);
  const span = nodeSpan(c, node, fallback);
  const inner = nodeOf(node, "inner");
  if (tokenOf(node, "LParen") !== undefined) return { kind: "Paren", inner: exprOf(c, inner, span), span };
  const child = onlyChild(node);
  if (child === undefined) return missingExpr(span);
  if (child.name === "literal") {
    const token = tokenOf(child, "token");
    return token === undefined ? missingExpr(span) : literalOf(c, token);
  }
  if (child.name === "list") {
    return {
      kind: "List",
      elements: nodesOf(child, "element").map((e) => exprOf(c, e, span)),
      span: nodeSpan(c, child, span),
    };
  }
  return pathOf(c, child, span);
}

function pathOf(c: Convert, node: CstNode, fallback: Span): PathExpr {
  const segments = tokensOf(node, "segment").map((t) => identOf(c, t));
  const first = segments[0];
  const last = segments[segments.length - 1];
  const span =
    first !== undefined && last !== undefined ? joinSpans(first.span, last.span) : nodeSpan(c, node, fallback);
  const path: PathExpr = { kind: "Path", segments, span };
  if (segments.length === 0 || tokensOf(node, "Dot").length >= segments.length) path.recovered = true;
  return path;
}
