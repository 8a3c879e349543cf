import { literalType, type CheckedPolicySet, type Expr, type FactType } from "@tenet/parser";

/** Strips parentheses, which carry no meaning after parsing. */
export function unparen(e: Expr): Expr {
  let cur = e;
  while (cur.kind === "Paren") cur = cur.inner;
  return cur;
}

/** Whether an expression is a literal (after parentheses). */
export function isLiteral(e: Expr): boolean {
  const k = unparen(e).kind;
  return k === "String" || k === "Number" || k === "Boolean" || k === "Duration" || k === "Date" || k === "Timestamp";
}

/** The checker's type of an expression, looking through parentheses and `let` names. */
export function typeOf(set: Pick<CheckedPolicySet, "types" | "letTargets">, e: Expr): FactType | undefined {
  let cur: Expr = e;
  for (let guard = 0; guard < 64; guard++) {
    const t = set.types.get(cur);
    if (t !== undefined && t.kind !== "error") return t;
    if (cur.kind === "Paren") {
      cur = cur.inner;
      continue;
    }
    if (cur.kind === "Path") {
      const target = set.letTargets.get(cur);
      if (target !== undefined && cur.segments.length === 1) {
        cur = target.value;
        continue;
      }
    }
    break;
  }
  const u = unparen(cur);
  if (u.kind === "String" || u.kind === "Number" || u.kind === "Boolean" || u.kind === "Duration" || u.kind === "Date" || u.kind === "Timestamp") {
    return literalType(u);
  }
  return undefined;
}

/**
 * The type two operands are compared at: the non-literal side's type wins, so a string
 * literal compared with a version fact is read as a version.
 */
export function comparisonType(
  set: Pick<CheckedPolicySet, "types" | "letTargets">,
  left: Expr,
  right: Expr,
): FactType {
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
