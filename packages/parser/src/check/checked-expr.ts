// What the checker knows about an expression, asked by every later stage (compile, explain,
// reference interpreter, test generators) instead of each re-deriving it.
import type { CompareOperator, Expr, Literal } from "../ast/nodes.js";
import type { CheckedPolicySet } from "./checked.js";
import { literalType, type FactType } from "./fact-type.js";

/** How many `let` names (and parentheses) are followed before giving up; the checker refuses cycles, so this only bounds a bug. */
const MAX_STEPS = 64;

/** The expression kinds that are literals. */
export const LITERAL_KINDS: ReadonlySet<Expr["kind"]> = new Set<Expr["kind"]>([
  "String",
  "Number",
  "Boolean",
  "Duration",
  "Date",
  "Timestamp",
]);

/** Strips parentheses, which carry no meaning after parsing. */
export function unparen(e: Expr): Expr {
  let cur = e;
  while (cur.kind === "Paren") cur = cur.inner;
  return cur;
}

/** Whether an expression is a literal, after parentheses (a `let` name is not: see `literalBehind`). */
export function isLiteral(e: Expr): boolean {
  return LITERAL_KINDS.has(unparen(e).kind);
}

/**
 * What an expression stands for after parentheses and `let` names: a bare name the checker
 * resolved to a `let` is replaced by the let's value, repeatedly. A dotted path is a fact or
 * a quantifier variable, never a `let`.
 */
export function resolveLet(set: Pick<CheckedPolicySet, "letTargets">, e: Expr): Expr {
  let cur = e;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (cur.kind === "Paren") cur = cur.inner;
    else if (cur.kind === "Path" && cur.segments.length === 1 && set.letTargets.has(cur))
      cur = set.letTargets.get(cur)!.value;
    else break;
  }
  return cur;
}

/** The literal an expression stands for, through parentheses and `let` names, or undefined. */
export function literalBehind(set: Pick<CheckedPolicySet, "letTargets">, e: Expr): Literal | undefined {
  const cur = resolveLet(set, e);
  return LITERAL_KINDS.has(cur.kind) ? (cur as Literal) : undefined;
}

/** The checker's type of an expression, looking through parentheses and `let` names; a literal's own type otherwise. */
export function typeOf(set: Pick<CheckedPolicySet, "types" | "letTargets">, e: Expr): FactType | undefined {
  let cur: Expr = e;
  for (let step = 0; step < MAX_STEPS; step++) {
    const t = set.types.get(cur);
    if (t !== undefined && t.kind !== "error") return t;
    if (cur.kind === "Paren") cur = cur.inner;
    else if (cur.kind === "Path" && cur.segments.length === 1 && set.letTargets.has(cur))
      cur = set.letTargets.get(cur)!.value;
    else break;
  }
  const u = unparen(cur);
  return LITERAL_KINDS.has(u.kind) ? literalType(u as Literal) : undefined;
}

/**
 * The type two operands are compared at: the non-literal side's type wins, so a string
 * literal compared with a version fact is read as a version.
 */
export function comparisonType(set: Pick<CheckedPolicySet, "types" | "letTargets">, left: Expr, right: Expr): FactType {
  const lt = typeOf(set, left);
  const rt = typeOf(set, right);
  if (!isLiteral(left) && lt !== undefined) return lt;
  if (!isLiteral(right) && rt !== undefined) return rt;
  return lt ?? rt ?? { kind: "string" };
}

/** Element type of a list type (or the type itself when not a list). */
export function elementType(t: FactType | undefined): FactType | undefined {
  return t?.kind === "list" ? t.element : t;
}

/** The operator that keeps a comparison true when its operands swap sides (`5 < x` is `x > 5`). */
export const FLIP: Readonly<Record<CompareOperator, CompareOperator>> = {
  "==": "==",
  "!=": "!=",
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
};
