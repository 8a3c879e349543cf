import type { Expr, Literal, StringLit } from "../ast/nodes.js";

/** Binding strength: higher binds tighter. Operands (paths, literals, lists, parentheses) bind tightest. */
function precedence(e: Expr): number {
  switch (e.kind) {
    case "Binary":
      return e.operator === "or" ? 1 : 2;
    case "Not":
    case "Quantifier":
      return 3;
    case "Compare":
    case "In":
    case "StringOp":
    case "Time":
    case "Presence":
      return 4;
    default:
      return 5;
  }
}

/**
 * Prints an expression exactly as its tree says: explicit parentheses are kept, and
 * parentheses are added only where the tree could not be read back otherwise.
 */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "Binary":
      // Left-associative: a right operand of the same operator needs parentheses to keep its shape.
      return `${wrapLeft(e.left, precedence(e) - 1)} ${e.operator} ${wrap(e.right, precedence(e))}`;
    case "Not":
      return `not ${wrap(e.operand, 2)}`;
    case "Compare":
      return `${wrap(e.left, 4)} ${e.operator} ${wrap(e.right, 4)}`;
    case "In":
      return `${wrap(e.element, 4)} ${e.negated ? "not in" : "in"} ${wrap(e.collection, 4)}`;
    case "StringOp":
      return `${wrap(e.left, 4)} ${e.operator} ${wrap(e.right, 4)}`;
    case "Time":
      return `${wrap(e.subject, 4)} ${e.operator === "within" ? "within" : "older than"} ${e.duration.text}`;
    case "Presence":
      return `${wrap(e.subject, 4)} is ${e.present ? "present" : "missing"}`;
    case "Quantifier":
      return `${e.quantifier} ${e.variable.name} in ${wrap(e.collection, 4)} where ${printExpr(e.body)}`;
    case "Path":
      return e.segments.map((s) => s.name).join(".");
    case "List":
      return `[${e.elements.map(printExpr).join(", ")}]`;
    case "Paren":
      return `(${printExpr(e.inner)})`;
    default:
      return printLiteral(e);
  }
}

/** A quantifier's body runs to the end, so anything ending in one needs parentheses when more follows. */
function endsInQuantifier(e: Expr): boolean {
  if (e.kind === "Quantifier") return true;
  if (e.kind === "Not") return endsInQuantifier(e.operand);
  if (e.kind === "Binary") return endsInQuantifier(e.right);
  return false;
}

function wrapLeft(e: Expr, than: number): string {
  return endsInQuantifier(e) ? `(${printExpr(e)})` : wrap(e, than);
}

/** Parenthesises `e` when it binds no tighter than `than`. */
function wrap(e: Expr, than: number): string {
  return precedence(e) > than ? printExpr(e) : `(${printExpr(e)})`;
}

export function printLiteral(e: Literal): string {
  switch (e.kind) {
    case "String":
      return printString(e);
    case "Number":
      return e.text;
    case "Boolean":
      return e.value ? "true" : "false";
    case "Duration":
      return e.text;
    case "Date":
      return e.value;
    case "Timestamp":
      return e.text;
  }
}

export function printString(s: StringLit): string {
  let out = '"';
  let at = 0;
  for (const ch of s.value) {
    const code = ch.codePointAt(0)!;
    const literalBrace = (ch === "{" || ch === "}") && s.literalBraces?.includes(at) === true;
    at += ch.length;
    if (literalBrace) out += `\\${ch}`;
    else if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Splits a long top-level `and`/`or` chain into its operands, each printed on its own line. */
export function chainParts(e: Expr): { operator: "and" | "or"; parts: string[] } | undefined {
  if (e.kind !== "Binary") return undefined;
  const parts: Expr[] = [];
  let cur: Expr = e;
  while (cur.kind === "Binary" && cur.operator === e.operator) {
    parts.unshift(cur.right);
    cur = cur.left;
  }
  parts.unshift(cur);
  const level = e.operator === "or" ? 1 : 2;
  return {
    operator: e.operator,
    parts: parts.map((p, i) => (i < parts.length - 1 ? wrapLeft(p, i === 0 ? level - 1 : level) : wrap(p, level))),
  };
}
