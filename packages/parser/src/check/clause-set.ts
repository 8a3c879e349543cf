import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";

/**
 * Picks single-valued clauses out of a block, reporting a repeated one (CP2022) at its
 * second occurrence. Returns the first occurrence of each kind.
 */
export function singleClauses<T extends { kind: string; span: Span }>(
  clauses: readonly T[],
  repeatable: ReadonlySet<string>,
  block: string,
  report: (d: Diagnostic) => void,
  clauseName: (c: T) => string = (c) => c.kind.toLowerCase(),
): Map<string, T> {
  const first = new Map<string, T>();
  for (const clause of clauses) {
    const key = clauseName(clause);
    if (repeatable.has(clause.kind)) continue;
    if (first.has(key)) report(makeDiagnostic("CP2022", clause.span, { clause: key, block }));
    else first.set(key, clause);
  }
  return first;
}

/** Validates a word against the allowed values, reporting CP2023 with a guess. */
export function oneOf<T extends string>(
  word: { name: string; span: Span; recovered?: boolean },
  allowed: readonly T[],
  what: string,
  report: (d: Diagnostic) => void,
  didYouMean: (w: string, c: readonly string[]) => string | undefined,
): T | undefined {
  if ((allowed as readonly string[]).includes(word.name)) return word.name as T;
  if (word.recovered === true) return undefined;
  const guess = didYouMean(word.name, allowed);
  const help = guess ?? `expected one of ${allowed.map((a) => `\`${a}\``).join(", ")}`;
  report(makeDiagnostic("CP2023", word.span, { value: word.name, what, help }));
  return undefined;
}
