import type { CstNode, IToken } from "chevrotain";
import type { Declaration } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { declarationOf } from "./cst-declarations.js";
import type { Convert } from "./cst-read.js";
import { grammar } from "./grammar.js";

export interface Parsed {
  declarations: Declaration[];
  /** From converting the tree (e.g. malformed literals). */
  diagnostics: Diagnostic[];
  syntax: Diagnostic[];
}

/** The declarations of a `file` tree as AST nodes. */
export function convertFile(cst: CstNode, file: string): Omit<Parsed, "syntax"> {
  const convert: Convert = { file, diagnostics: [] };
  const declarations = (cst.children["declaration"] ?? [])
    .map((node) => ("children" in node ? declarationOf(convert, node) : undefined))
    .filter((d): d is Declaration => d !== undefined);
  return { declarations, diagnostics: convert.diagnostics };
}

/** Tokens per parser run when a file is parsed a group of declarations at a time. */
const GROUP_TOKENS = 1024;
const DECLARATION_STARTS = new Set(["Kw_import", "Kw_let", "Kw_compliance", "Kw_access", "Kw_waiver", "Kw_property"]);

/**
 * Parses a large file a few declarations at a time, so each concrete syntax tree is converted
 * and dropped while it is young: one tree for a whole megabyte file made parsing several times
 * slower (old-generation garbage collection). Declarations are independent, so the result is
 * the same; a group with any syntax error returns undefined and the caller parses the whole
 * file at once, so error recovery and messages do not depend on where groups were cut.
 */
export function parseInGroups(tokens: IToken[], file: string): Parsed | undefined {
  if (tokens.length <= GROUP_TOKENS) return undefined;
  const out: Parsed = { declarations: [], diagnostics: [], syntax: [] };
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    const name = token?.tokenType.name;
    const cut =
      token === undefined ||
      (depth === 0 &&
        i - start >= GROUP_TOKENS &&
        DECLARATION_STARTS.has(name!) &&
        tokens[i - 1]?.tokenType.name !== "Dot");
    if (cut) {
      const parser = grammar();
      parser.input = tokens.slice(start, i);
      const cst = parser.file();
      if (parser.errors.length > 0) return undefined;
      const converted = convertFile(cst, file);
      // Loops, not spreads: a spread of 100,000 items overflows the call stack.
      for (const d of converted.declarations) out.declarations.push(d);
      for (const d of converted.diagnostics) out.diagnostics.push(d);
      start = i;
    }
    if (name === "LBrace" || name === "LParen" || name === "LBracket") depth++;
    else if (name === "RBrace" || name === "RParen" || name === "RBracket") depth = Math.max(0, depth - 1);
  }
  return out;
}
