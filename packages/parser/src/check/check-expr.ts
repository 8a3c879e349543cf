import type { Expr } from "../ast/nodes.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { BOOLEAN, ERROR, type ExprContext } from "./expr-context.js";
import { checkPath } from "./check-path.js";
import { describeType, literalType, type FactType } from "./fact-type.js";
import { unparen } from "./checked-expr.js";
import { checkComparable, checkStringOperand, isOrdered } from "./comparable.js";

/** Type-checks an expression, records the type of every sub-expression in `ctx.types`, returns its type. */
export function checkExpr(ctx: ExprContext, e: Expr): FactType {
  const type = e.recovered === true ? ERROR : typeOf(ctx, e);
  ctx.types.set(e, type);
  return type;
}

/** Checks that a condition (`require`, `when`, `scope`, operands of `and`/`or`/`not`) is boolean. */
export function checkCondition(ctx: ExprContext, e: Expr, what: string): void {
  const type = checkExpr(ctx, e);
  if (type.kind !== "boolean" && type.kind !== "error") {
    ctx.report(makeDiagnostic("CP2007", e.span, { what, type: describeType(type) }));
    return;
  }
  const constant = constantValue(e);
  if (constant !== undefined) ctx.report(makeDiagnostic("CP2032", e.span, { value: String(constant) }));
}

/** The value of a condition that reads no fact (`true`, `"a" == "a"`), which is almost always a mistake. */
function constantValue(e: Expr): boolean | undefined {
  let cur = e;
  while (cur.kind === "Paren") cur = cur.inner;
  if (cur.recovered === true) return undefined;
  if (cur.kind === "Boolean") return cur.value;
  if (cur.kind === "Compare" && (cur.operator === "==" || cur.operator === "!=")) {
    const [l, r] = [cur.left, cur.right];
    if ((l.kind === "String" || l.kind === "Number" || l.kind === "Boolean") && l.kind === r.kind)
      return (l.value === r.value) === (cur.operator === "==");
  }
  return undefined;
}

function typeOf(ctx: ExprContext, e: Expr): FactType {
  switch (e.kind) {
    case "String":
    case "Number":
    case "Boolean":
    case "Duration":
    case "Date":
    case "Timestamp":
      return literalType(e);
    case "Paren":
      return checkExpr(ctx, e.inner);
    case "Path":
      return checkPath(ctx, e);
    case "List": {
      const elements = e.elements.map((x) => checkExpr(ctx, x));
      const first = elements.find((t) => t.kind !== "error");
      return { kind: "list", element: first ?? { kind: "string" } };
    }
    case "Binary":
      checkCondition(ctx, e.left, `the left side of \`${e.operator}\``);
      checkCondition(ctx, e.right, `the right side of \`${e.operator}\``);
      return BOOLEAN;
    case "Not":
      checkCondition(ctx, e.operand, "the operand of `not`");
      return BOOLEAN;
    case "Compare": {
      const lt = checkExpr(ctx, e.left);
      const rt = checkExpr(ctx, e.right);
      const at = checkComparable(ctx, e.left, e.right, lt, rt, e.span);
      if (at !== undefined && e.operator !== "==" && e.operator !== "!=" && !isOrdered(at)) {
        const help =
          at.kind === "string"
            ? "strings compare exactly; use `startsWith`, `endsWith`, `contains` or `matches`, " +
              "or type the fact as a version or ordered enum in the schema"
            : "only numbers, versions, dates, durations and ordered enums have an order";
        ctx.report(makeDiagnostic("CP2030", e.span, { operator: e.operator, type: describeType(at), help }));
      }
      return BOOLEAN;
    }
    case "In": {
      const et = checkExpr(ctx, e.element);
      const ct = checkExpr(ctx, e.collection);
      if (ct.kind === "error" || et.kind === "error") return BOOLEAN;
      if (ct.kind !== "list") {
        ctx.report(
          makeDiagnostic("CP2027", e.collection.span, { what: e.negated ? "not in" : "in", type: describeType(ct) }),
        );
        return BOOLEAN;
      }
      const items = unparenList(e.collection);
      if (items !== undefined)
        for (const item of items) checkComparable(ctx, e.element, item, et, ctx.types.get(item) ?? ERROR, item.span);
      else checkComparable(ctx, e.element, e.collection, et, ct.element, e.span);
      return BOOLEAN;
    }
    case "StringOp":
      checkStringOperand(ctx, e, checkExpr(ctx, e.left), checkExpr(ctx, e.right));
      return BOOLEAN;
    case "Time": {
      const st = checkExpr(ctx, e.subject);
      ctx.types.set(e.duration, { kind: "duration" });
      if (st.kind !== "error" && st.kind !== "datetime" && st.kind !== "date") {
        const operator = e.operator === "within" ? "within" : "older than";
        ctx.report(
          makeDiagnostic("CP2006", e.subject.span, {
            operator,
            type: describeType(st),
            help: "`within` and `older than` apply to dates and timestamps",
          }),
        );
      }
      return BOOLEAN;
    }
    case "Presence":
      checkExpr(ctx, e.subject);
      return BOOLEAN;
    case "Quantifier": {
      const ct = checkExpr(ctx, e.collection);
      let element: FactType = ERROR;
      if (ct.kind === "list") element = ct.element;
      else if (ct.kind !== "error")
        ctx.report(makeDiagnostic("CP2027", e.collection.span, { what: e.quantifier, type: describeType(ct) }));
      const outer = ctx.vars.get(e.variable.name);
      ctx.vars.set(e.variable.name, element);
      checkCondition(ctx, e.body, `the body of \`${e.quantifier}\``);
      if (outer === undefined) ctx.vars.delete(e.variable.name);
      else ctx.vars.set(e.variable.name, outer);
      return BOOLEAN;
    }
  }
}

function unparenList(e: Expr): Expr[] | undefined {
  const cur = unparen(e);
  return cur.kind === "List" ? cur.elements : undefined;
}
