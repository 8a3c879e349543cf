import { RE2JS } from "re2js";
import type { Expr, StringOpExpr } from "../ast/nodes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { closest } from "../text/closest.js";
import { literalBehind } from "./checked-expr.js";
import type { ExprContext } from "./expr-context.js";
import { describeType, type FactType } from "./fact-type.js";

const VERSION = /^\d+(\.\d+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isOrdered(t: FactType): boolean {
  return ["number", "version", "datetime", "date", "duration"].includes(t.kind) || (t.kind === "enum" && t.ordered);
}

/**
 * Checks that two operands can be compared and returns the type they compare at (the
 * fact's type: a string literal next to a version fact is a version, and must be a valid one).
 */
export function checkComparable(
  ctx: ExprContext,
  left: Expr,
  right: Expr,
  lt: FactType,
  rt: FactType,
  span: Span,
): FactType | undefined {
  if (lt.kind === "error" || rt.kind === "error") return undefined;
  const leftLiteral = literalBehind(ctx, left);
  const rightLiteral = literalBehind(ctx, right);
  if (rightLiteral?.kind === "String" && lt.kind !== "string")
    return literalAs(ctx, rightLiteral.value, rightLiteral.span, lt, left, span, rt);
  if (leftLiteral?.kind === "String" && rt.kind !== "string")
    return literalAs(ctx, leftLiteral.value, leftLiteral.span, rt, right, span, lt);
  if (sameType(lt, rt) || (isTime(lt) && isTime(rt))) return rightLiteral !== undefined ? lt : rt;
  mismatch(ctx, span, lt, rt);
  return undefined;
}

function isTime(t: FactType): boolean {
  return t.kind === "date" || t.kind === "datetime";
}

function sameType(a: FactType, b: FactType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "enum" && b.kind === "enum") return a.values.join("\u0000") === b.values.join("\u0000");
  if (a.kind === "list" && b.kind === "list") return sameType(a.element, b.element);
  return true;
}

function mismatch(ctx: ExprContext, span: Span, lt: FactType, rt: FactType): void {
  const help =
    lt.kind === "version" || rt.kind === "version"
      ? 'write versions as strings, e.g. `"10.0.19045"`'
      : lt.kind === "boolean" || rt.kind === "boolean"
        ? "compare booleans with `true` or `false`"
        : "both sides must have the same type";
  ctx.report(makeDiagnostic("CP2003", span, { left: describeType(lt), right: describeType(rt), help }));
}

/** A string literal compared with a typed fact must be a valid value of that type. */
function literalAs(
  ctx: ExprContext,
  text: string,
  at: Span,
  type: FactType,
  fact: Expr,
  span: Span,
  literalType: FactType,
): FactType | undefined {
  switch (type.kind) {
    case "version":
      if (!VERSION.test(text)) ctx.report(makeDiagnostic("CP2004", at, { text }));
      return type;
    case "date":
    case "datetime":
      if (!DATE.test(text.slice(0, 10)) || Number.isNaN(Date.parse(text)))
        ctx.report(makeDiagnostic("CP2005", at, { text, kind: type.kind === "date" ? "date" : "timestamp" }));
      return type;
    case "enum":
      if (!type.values.includes(text)) {
        const guess = closest(text, type.values);
        const help =
          guess !== undefined
            ? `did you mean \`${guess}\`?`
            : `expected one of ${type.values.map((v) => `\`${v}\``).join(", ")}`;
        ctx.report(makeDiagnostic("CP2008", at, { value: text, path: pathText(fact), help }));
      }
      return type;
    default:
      mismatch(ctx, span, type, literalType);
      return undefined;
  }
}

function pathText(e: Expr): string {
  return e.kind === "Path" ? e.segments.map((s) => s.name).join(".") : "the value";
}

/**
 * `startsWith`/`endsWith`/`matches` need strings; `contains` takes a string or a list; `matches`
 * an RE2 pattern. `lt` and `rt` are the operands' types, checked by the caller (left first).
 */
export function checkStringOperand(ctx: ExprContext, e: StringOpExpr, lt: FactType, rt: FactType): void {
  if (lt.kind === "error" || rt.kind === "error") return;
  if (e.operator === "contains" && lt.kind === "list") {
    checkComparable(ctx, e.left, e.right, lt.element, rt, e.span);
    return;
  }
  const stringy = (t: FactType) => t.kind === "string" || t.kind === "enum" || t.kind === "version";
  if (!stringy(lt)) {
    const help =
      e.operator === "contains" ? "`contains` applies to strings and lists" : `\`${e.operator}\` applies to strings`;
    ctx.report(makeDiagnostic("CP2006", e.left.span, { operator: e.operator, type: describeType(lt), help }));
    return;
  }
  if (rt.kind !== "string") {
    ctx.report(
      makeDiagnostic("CP2003", e.span, {
        left: describeType(lt),
        right: describeType(rt),
        help: `\`${e.operator}\` takes a string`,
      }),
    );
    return;
  }
  if (e.operator !== "matches") return;
  const literal = literalBehind(ctx, e.right);
  if (literal?.kind !== "String") return;
  try {
    RE2JS.compile(literal.value);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, "");
    ctx.report(makeDiagnostic("CP2017", literal.span, { pattern: literal.value, reason }));
  }
}
