import { diagnosticsToJson, renderDiagnostics, type Diagnostic } from "@tenet/parser";
import { sarifLog } from "../render/render-sarif.js";

/** How diagnostics are written: the command's format (json and sarif are machine-readable), colour, and a cap. */
export interface DiagnosticsStyle {
  format?: string;
  color?: boolean;
  /** At most this many are shown, then one line says how many were left out (`--max-errors`). */
  max?: number;
}

/** File, line, column, then code: the order OPA and compilers print in, whatever stage found them. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.line - b.span.start.line ||
      a.span.start.column - b.span.start.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/**
 * The one way the CLI shows diagnostics (policy problems, unreadable records, usage errors):
 * sorted, capped, as code frames, or as the JSON objects or SARIF log of `--format json|sarif`.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  style: DiagnosticsStyle = {},
): string {
  if (diagnostics.length === 0) return "";
  const sorted = sortDiagnostics(diagnostics);
  const shown = style.max === undefined ? sorted : sorted.slice(0, style.max);
  if (style.format === "json" || style.format === "ndjson")
    return `${JSON.stringify({ diagnostics: diagnosticsToJson(shown) })}\n`;
  if (style.format === "sarif") return `${JSON.stringify(sarifLog(shown))}\n`;
  const text = renderDiagnostics(shown, (f) => sources.get(f), { color: style.color === true });
  const left = sorted.length - shown.length;
  return left > 0 ? `${text}... and ${left} more (raise --max-errors to see them)\n` : text;
}

/** Writes diagnostics to standard error (results keep standard output, or `-o`, to themselves). */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  style: DiagnosticsStyle = {},
): void {
  const text = formatDiagnostics(diagnostics, sources, style);
  if (text !== "") process.stderr.write(text);
}
