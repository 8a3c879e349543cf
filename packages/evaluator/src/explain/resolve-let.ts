import type { CheckedPolicySet, Expr } from "@tenet/parser";

/** Follows parentheses and `let` names to what an expression stands for, so explanations show `10.0.26100`, not `min-windows`. */
export function resolveLet(set: Pick<CheckedPolicySet, "letTargets">, e: Expr): Expr {
  let cur = e;
  for (let guard = 0; guard < 32; guard++) {
    if (cur.kind === "Paren") cur = cur.inner;
    else if (cur.kind === "Path" && cur.segments.length === 1 && set.letTargets.has(cur)) cur = set.letTargets.get(cur)!.value;
    else break;
  }
  return cur;
}
