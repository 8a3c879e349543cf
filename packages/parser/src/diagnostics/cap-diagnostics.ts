import type { Diagnostic } from "./diagnostic.js";
import { makeDiagnostic } from "./make-diagnostic.js";

/**
 * Diagnostics kept per file. Past this, a hostile or broken file (100 KB of `$a`) would cost
 * memory and output in proportion to its problems; the rest are counted in one CP1019.
 */
export const MAX_FILE_DIAGNOSTICS = 200;

/**
 * Keeps the first `max` diagnostics of each file (in the given order) and replaces the rest of
 * that file by one CP1019 saying how many were left out, as severe as the worst of them.
 */
export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_FILE_DIAGNOSTICS): Diagnostic[] {
  const counts = new Map<string, number>();
  const left = new Map<string, { first: Diagnostic; count: number; error: boolean }>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const file = d.span.file;
    const seen = counts.get(file) ?? 0;
    counts.set(file, seen + 1);
    if (seen < max && d.code !== "CP1019") {
      kept.push(d);
      continue;
    }
    // An earlier cap's count carries over into this one.
    const more = d.code === "CP1019" ? Number(/^(\d+)/.exec(d.message)?.[1] ?? 1) : 1;
    const entry = left.get(file);
    if (entry === undefined) left.set(file, { first: d, count: more, error: d.severity === "error" });
    else {
      entry.count += more;
      entry.error ||= d.severity === "error";
    }
  }
  for (const [, { first, count, error }] of left)
    kept.push(makeDiagnostic("CP1019", first.span, { count }, { severity: error ? "error" : "warning" }));
  return kept;
}
