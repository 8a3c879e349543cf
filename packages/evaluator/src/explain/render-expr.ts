import type { Expr } from "@tenet/parser";

/** Renders an expression back to Tenet text for explanations (spacing normalised, parentheses kept). */
export function renderExpr(e: Expr): string {
  switch (e.kind) {
    case "Binary":
      return `${renderExpr(e.left)} ${e.operator} ${renderExpr(e.right)}`;
    case "Not":
      return `not ${renderExpr(e.operand)}`;
    case "Compare":
      return `${renderExpr(e.left)} ${e.operator} ${renderExpr(e.right)}`;
    case "In":
      return `${renderExpr(e.element)} ${e.negated ? "not in" : "in"} ${renderExpr(e.collection)}`;
    case "StringOp":
      return `${renderExpr(e.left)} ${e.operator} ${renderExpr(e.right)}`;
    case "Time":
      return `${renderExpr(e.subject)} ${e.operator === "within" ? "within" : "older than"} ${e.duration.text}`;
    case "Presence":
      return `${renderExpr(e.subject)} is ${e.present ? "present" : "missing"}`;
    case "Quantifier":
      return `${e.quantifier} ${e.variable.name} in ${renderExpr(e.collection)} where ${renderExpr(e.body)}`;
    case "Path":
      return e.segments.map((s) => s.name).join(".");
    case "List":
      return `[${e.elements.map(renderExpr).join(", ")}]`;
    case "Paren":
      return `(${renderExpr(e.inner)})`;
    case "String":
      return JSON.stringify(e.value);
    case "Number":
      return e.text;
    case "Boolean":
      return String(e.value);
    case "Duration":
      return e.text;
    case "Date":
      return e.value;
    case "Timestamp":
      return e.text;
  }
}

/** Renders a literal or list without quotes for human sentences (`10.0.19045`, `medium`). */
export function renderPlain(e: Expr): string {
  if (e.kind === "String") return e.value;
  if (e.kind === "Paren") return renderPlain(e.inner);
  if (e.kind === "List") return e.elements.map(renderPlain).join(", ");
  return renderExpr(e);
}
