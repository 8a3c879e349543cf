import type { Diagnostic } from "./diagnostic.js";
import { LineIndex } from "../source/line-index.js";
import { CONTROL_CHARACTERS, terminalText } from "../text/terminal-text.js";

export interface RenderOptions {
  /** ANSI colours (off by default; the CLI turns them on for terminals without NO_COLOR). */
  color?: boolean;
}

const ANSI = {
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  blue: "\u001b[34m",
  cyan: "\u001b[36m",
  bold: "\u001b[1m",
  reset: "\u001b[0m",
};

/**
 * Renders diagnostics as compilers do: `file:line:col: error[CP2003]: message`, then the
 * source line with a caret under the span, then `help:` and related notes.
 * `sourceOf` gives a file's text for the code frame (undefined: no frame).
 */
export function renderDiagnostics(
  diagnostics: Diagnostic[],
  sourceOf: (file: string) => string | undefined,
  options: RenderOptions = {},
): string {
  const paint = (code: keyof typeof ANSI, text: string) =>
    options.color === true ? `${ANSI[code]}${text}${ANSI.reset}` : text;
  // One line index per file: splitting the source for every diagnostic made output quadratic.
  const indexes = new Map<string, LineIndex | undefined>();
  const indexOf = (file: string) => {
    if (!indexes.has(file)) {
      const source = sourceOf(file);
      indexes.set(
        file,
        source === undefined ? undefined : new LineIndex(source.startsWith("\uFEFF") ? source.slice(1) : source),
      );
    }
    return indexes.get(file);
  };
  const blocks = diagnostics.map((d) => {
    const { file, start } = d.span;
    const colour = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "blue";
    // A diagnostic about the invocation itself (file "") has no place to name.
    const where = file === "" ? "" : `${file}:${start.line}:${start.column}: `;
    const lines = [`${where}${paint(colour, `${d.severity}[${d.code}]`)}: ${paint("bold", d.message)}`];
    for (const line of codeFrame(d, indexOf(file), (text) => paint(colour, text))) lines.push(line);
    if (d.help !== undefined) lines.push(`  ${paint("cyan", "help")}: ${d.help}`);
    for (const r of d.related ?? [])
      lines.push(`  note: ${r.span.file}:${r.span.start.line}:${r.span.start.column}: ${r.message}`);
    return lines.join("\n");
  });
  return blocks.length === 0 ? "" : terminalText(`${blocks.join("\n\n")}\n`, options.color === true);
}

/**
 * A source line longer than LONG_LINE is shown as FRAME_WIDTH columns around the span: a
 * megabyte-long line is not echoed whole for each of its diagnostics.
 */
const LONG_LINE = 400;
const FRAME_WIDTH = 200;

function codeFrame(d: Diagnostic, lines: LineIndex | undefined, paint: (s: string) => string): string[] {
  const { start, end } = d.span;
  const line = lines?.line(start.line);
  if (line === undefined) return [];
  const gutter = String(start.line).length;
  let width =
    end.line === start.line ? Math.max(1, end.column - start.column) : Math.max(1, line.length - start.column + 1);
  // Shown from `from` (0-based) with `…` marking what is cut on either side.
  const from = line.length <= LONG_LINE ? 0 : Math.max(0, Math.min(start.column - 1 - 60, line.length - FRAME_WIDTH));
  const to = line.length <= LONG_LINE ? line.length : Math.min(line.length, from + FRAME_WIDTH);
  const before = from > 0 ? "…" : "";
  // One character for one: a control character in the source becomes `�`, so the caret stays under its column.
  const excerpt = line.slice(from, to).replace(/\t/g, " ").replace(CONTROL_CHARACTERS, "\uFFFD");
  const shown = `${before}${excerpt}${to < line.length ? "…" : ""}`;
  if (to < line.length) width = Math.max(1, Math.min(width, to - (start.column - 1)));
  return [
    `${" ".repeat(gutter)} |`,
    `${start.line} | ${shown}`,
    `${" ".repeat(gutter)} | ${" ".repeat(Math.max(0, start.column - 1 - from + before.length))}${paint("^".repeat(width))}`,
  ];
}

/** Diagnostics as plain JSON objects (stable field order) for `--format json` and tools. */
export function diagnosticsToJson(diagnostics: Diagnostic[]): Record<string, unknown>[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    offset: d.span.start.offset,
    length: Math.max(0, d.span.end.offset - d.span.start.offset),
    ...(d.help === undefined ? {} : { help: d.help }),
    ...(d.related === undefined
      ? {}
      : {
          related: d.related.map((r) => ({
            message: r.message,
            file: r.span.file,
            line: r.span.start.line,
            column: r.span.start.column,
          })),
        }),
  }));
}
