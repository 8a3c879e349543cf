/**
 * Four truth values as small integers so compiled closures stay monomorphic:
 * F (false), T (true), U (unknown: a fact is missing) and E (error: a fact is malformed).
 * U and E follow Kleene logic; E dominates U so a malformed fact is never hidden by a
 * missing one: `and` is F if any side is F, else E, else U, else T; `or` mirrors it.
 */
export const F = 0;
export const T = 1;
export const U = 2;
export const E = 3;
export type Truth = 0 | 1 | 2 | 3;

/** Kleene conjunction with E over U. */
export function and3(a: Truth, b: Truth): Truth {
  if (a === F || b === F) return F;
  if (a === E || b === E) return E;
  if (a === U || b === U) return U;
  return T;
}

/** Kleene disjunction with E over U. */
export function or3(a: Truth, b: Truth): Truth {
  if (a === T || b === T) return T;
  if (a === E || b === E) return E;
  if (a === U || b === U) return U;
  return F;
}

/** Kleene negation (U and E stay). */
export function not3(a: Truth): Truth {
  return a === T ? F : a === F ? T : a;
}
