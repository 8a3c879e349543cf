import type { Expr, LetDecl, PathExpr } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { FactType } from "./fact-type.js";

/** What type-checking an expression needs: where names come from and where results go. */
export interface ExprContext {
  report(d: Diagnostic): void;
  types: Map<Expr, FactType>;
  letTargets: Map<PathExpr, LetDecl>;
  /** Fact roots visible here: `device` in compliance rules, `signIn` in properties. */
  roots: ReadonlyMap<string, FactType>;
  /** `let` names visible in this file (its own and imported ones). */
  lets: ReadonlyMap<string, LetDecl>;
  /** The type of a let's value (memoised; cycles are reported once and typed as error). */
  letType(decl: LetDecl): FactType;
  /** Quantifier variables in scope, innermost last. */
  vars: Map<string, FactType>;
}

export const ERROR: FactType = { kind: "error" };
export const BOOLEAN: FactType = { kind: "boolean" };
