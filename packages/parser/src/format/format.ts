import type { StageResult } from "../diagnostics/diagnostic.js";
import { parse } from "../parser/parse.js";
import { print } from "./print.js";

/**
 * Formats policy text. A file with syntax errors is returned unchanged with its
 * diagnostics: the formatter never rewrites what it could not fully read.
 */
export function format(text: string, file: string): StageResult<string> {
  const parsed = parse(text, file);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { value: text, diagnostics: parsed.diagnostics };
  return { value: print(parsed.value), diagnostics: parsed.diagnostics };
}
