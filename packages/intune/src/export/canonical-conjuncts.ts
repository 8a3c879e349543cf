import {
  FLIP,
  isLiteral,
  printExpr,
  resolveLet,
  typeOf,
  unparen,
  type CheckedPolicySet,
  type CompareOperator,
  type Expr,
} from "@tenet/parser";

type Types = Pick<CheckedPolicySet, "types" | "letTargets">;

// `not (a OP b)` is `a NEGATED b`: true, false and unknown map to false, true and unknown.
const NEGATE: Record<CompareOperator, CompareOperator> = {
  "==": "!=",
  "!=": "==",
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};

/**
 * A rule's `require` as the conjuncts Intune would check, each in the canonical text the
 * importer writes (`device.isEncrypted == true`): `let` names replaced by their values,
 * literals on the right, `not` pushed into comparisons, a boolean fact alone or compared with
 * `!=` written as `== true`/`== false`, and `== lowest` on an ordered enum as `<= lowest`.
 * Intune ANDs every setting of a policy, so a rule that is a conjunction exports as one
 * setting per conjunct; each rewrite keeps the three-valued meaning.
 */
export function canonicalConjuncts(set: Types, e: Expr): string[] {
  const x = resolveLet(set, e);
  if (x.kind === "Binary" && x.operator === "and")
    return [...canonicalConjuncts(set, x.left), ...canonicalConjuncts(set, x.right)];
  return [canonical(set, x)];
}

function canonical(set: Types, e: Expr): string {
  const x = resolveLet(set, e);
  switch (x.kind) {
    case "Binary": {
      const side = (s: Expr) => {
        const r = resolveLet(set, s);
        const text = canonical(set, r);
        return r.kind === "Binary" && r.operator !== x.operator ? `(${text})` : text;
      };
      return `${side(x.left)} ${x.operator} ${side(x.right)}`;
    }
    case "Not":
      return negated(set, resolveLet(set, x.operand));
    case "Compare":
      return compare(set, x.operator, x.left, x.right);
    case "Path":
      return `${printExpr(x)} == true`;
    case "Presence":
      return `${printExpr(resolveLet(set, x.subject))} is ${x.present ? "present" : "missing"}`;
    default:
      return printExpr(x);
  }
}

function negated(set: Types, x: Expr): string {
  switch (x.kind) {
    case "Not":
      return canonical(set, x.operand);
    case "Compare":
      return compare(set, NEGATE[x.operator], x.left, x.right);
    case "Path":
      return `${printExpr(x)} == false`;
    case "Presence":
      return `${printExpr(resolveLet(set, x.subject))} is ${x.present ? "missing" : "present"}`;
    default:
      return `not (${canonical(set, x)})`;
  }
}

function compare(set: Types, operator: CompareOperator, leftIn: Expr, rightIn: Expr): string {
  let [left, right, op] = [resolveLet(set, leftIn), resolveLet(set, rightIn), operator];
  if (isLiteral(left) && !isLiteral(right)) [left, right, op] = [right, left, FLIP[op]];
  const lit = unparen(right);
  if (lit.kind === "Boolean" && (op === "==" || op === "!=")) {
    // On a boolean, `!= false` is `== true`: both are unknown exactly when the fact is missing.
    const value = op === "==" ? lit.value : !lit.value;
    return `${printExpr(left)} == ${value}`;
  }
  const type = typeOf(set, left);
  if (op === "==" && lit.kind === "String" && type?.kind === "enum" && type.ordered && type.values[0] === lit.value)
    op = "<=";
  return `${printExpr(left)} ${op} ${printExpr(lit)}`;
}
