import type { Span } from "../source/span.js";
import type { Diagnostic, Severity } from "./diagnostic.js";
import { CATALOG, fillTemplate, type CatalogCode } from "./codes.js";

/**
 * Build a diagnostic from the catalog: message and help come from the code's templates,
 * filled with `args`. A help template whose placeholders stay unfilled is dropped.
 */
export function makeDiagnostic(
  code: CatalogCode,
  span: Span,
  args: Record<string, string | number> = {},
  extra: { severity?: Severity; related?: Diagnostic["related"]; help?: string } = {},
): Diagnostic {
  const entry = CATALOG[code];
  const diagnostic: Diagnostic = {
    code,
    severity: extra.severity ?? entry.severity,
    message: fillTemplate(entry.message, args),
    span,
  };
  if ("help" in entry && entry.help !== undefined) {
    const help = fillTemplate(entry.help, args);
    if (!/\{\w+\}/.test(help) && help.length > 0) diagnostic.help = help;
  }
  if (extra.help !== undefined) diagnostic.help = extra.help;
  if (extra.related !== undefined && extra.related.length > 0) diagnostic.related = extra.related;
  return diagnostic;
}
