import { printExpr, type Expr } from "@tenet/parser";

/** Renders an expression back to Tenet text for explanations: the formatter's own printing. */
export const renderExpr = printExpr;

/** Renders a literal or list without quotes for human sentences (`10.0.19045`, `medium`). */
export function renderPlain(e: Expr): string {
  if (e.kind === "String") return e.value;
  if (e.kind === "Paren") return renderPlain(e.inner);
  if (e.kind === "List") return e.elements.map(renderPlain).join(", ");
  return renderExpr(e);
}
