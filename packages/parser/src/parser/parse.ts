import type { IToken } from "chevrotain";
import type { Comment, PolicyFile } from "../ast/nodes.js";
import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { tokenize, tokenSpan } from "../lexer/tokenize.js";
import type { Span } from "../source/span.js";
import { grammar } from "./grammar.js";
import { convertFile, parseInGroups } from "./parse-groups.js";
import { syntaxDiagnostics } from "./syntax-errors.js";
import { treeDepth } from "../ast/depth.js";
import { capDiagnostics } from "../diagnostics/cap-diagnostics.js";
import { parseDirect } from "./parse-direct.js";
import { Nest, NestingCount } from "../lexer/nesting.js";

/** Deepest AST accepted (long `and` chains nest one level per operator); later stages recurse over it. */
export const MAX_TREE_DEPTH = 400;

/**
 * Largest policy file read, in characters (UTF-16 code units, about bytes for policy text): the
 * biggest policy in the shipped library is a few KB, and a larger file is almost surely not
 * policy; parsing stays linear, but a cap keeps one file's memory bounded (docs/limits.md).
 */
export const MAX_POLICY_CHARS = 4 * 1024 * 1024;

/** Deeper nesting than this is refused before parsing, so hostile input cannot exhaust the stack. */
export const MAX_NESTING = 64;

/**
 * Parses one policy file. Never throws on bad input: every syntax error is reported with
 * its line and column, and the declarations that could be read are returned (a partial
 * AST) so the checker can still report on them. A well-formed file is read by the direct
 * parser (parse-direct.ts); any other goes through chevrotain, with its error recovery.
 */
export function parse(text: string, file: string): StageResult<PolicyFile> {
  if (text.length > MAX_POLICY_CHARS) {
    const span: Span = { file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
    return {
      value: { kind: "File", path: file, declarations: [], comments: [], span },
      diagnostics: [makeDiagnostic("CP1018", span, { size: text.length, limit: MAX_POLICY_CHARS })],
    };
  }
  const direct = parseDirect(text.startsWith("\uFEFF") ? text.slice(1) : text, file, {
    nesting: MAX_NESTING,
    chain: MAX_TREE_DEPTH / 2,
  });
  if (direct === undefined) return parseWithRecovery(text, file);
  const { declarations, comments, span, diagnostics } = direct;
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return {
    value: { kind: "File", path: file, declarations, comments, span },
    diagnostics: capDiagnostics(diagnostics),
  };
}

/**
 * The chevrotain path: lexer, CST parser with error recovery, CST conversion. Every file with
 * an error goes this way; it is exported for the tests that compare it with the direct parser.
 */
export function parseWithRecovery(text: string, file: string): StageResult<PolicyFile> {
  const lexed = tokenize(text, file);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const { tokens } = lexed.value;
  const comments: Comment[] = lexed.value.comments.map((t) => ({
    kind: "Comment",
    text: t.image.slice(1),
    span: tokenSpan(file, t),
  }));
  const last = tokens[tokens.length - 1];
  const fileSpan: Span = {
    file,
    start: { line: 1, column: 1, offset: 0 },
    end: last === undefined ? { line: 1, column: 1, offset: 0 } : tokenSpan(file, last).end,
  };
  const empty: PolicyFile = { kind: "File", path: file, declarations: [], comments, span: fileSpan };

  const tooDeep = nestingViolation(tokens);
  const longChains = longestChain(tokens) > MAX_TREE_DEPTH / 2;
  if (tooDeep !== undefined) {
    diagnostics.push(makeDiagnostic("CP1014", tokenSpan(file, tooDeep), { limit: MAX_NESTING }));
    return { value: empty, diagnostics };
  }
  const unclosed = unclosedBraces(tokens);
  for (const brace of unclosed)
    diagnostics.push(makeDiagnostic("CP1012", tokenSpan(file, brace), { open: "{", close: "}" }));

  let parsed = unclosed.length === 0 ? parseInGroups(tokens, file) : undefined;
  if (parsed === undefined) {
    const parser = grammar();
    parser.input = tokens;
    const cst = parser.file();
    const syntax = syntaxDiagnostics(file, parser.errors, last, unclosed.length > 0);
    parsed = { ...convertFile(cst, file), syntax };
  }
  for (const d of parsed.syntax) diagnostics.push(d);
  for (const d of parsed.diagnostics) diagnostics.push(d);

  const declarations = parsed.declarations.filter((d) => {
    if (!longChains || treeDepth(d, MAX_TREE_DEPTH) <= MAX_TREE_DEPTH) return true;
    diagnostics.push(
      makeDiagnostic(
        "CP1014",
        d.span,
        { limit: MAX_TREE_DEPTH },
        { help: "split long `and`/`or` chains into `let` definitions" },
      ),
    );
    return false;
  });
  if (tokens.length === 0 && !diagnostics.some((d) => d.severity === "error"))
    diagnostics.push(makeDiagnostic("CP1013", fileSpan));
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { value: { ...empty, declarations }, diagnostics: capDiagnostics(diagnostics) };
}

const NEST_OF_TOKEN: Record<string, Nest> = {
  LParen: Nest.Paren,
  LBracket: Nest.Bracket,
  RParen: Nest.Close,
  RBracket: Nest.Close,
  LBrace: Nest.Brace,
  RBrace: Nest.Brace,
  Kw_where: Nest.Where,
  Kw_not: Nest.Prefix,
  Kw_any: Nest.Prefix,
  Kw_all: Nest.Prefix,
};

/** The first token that opens a group nested deeper than MAX_NESTING (lexer/nesting.ts says what counts). */
function nestingViolation(tokens: IToken[]): IToken | undefined {
  const nesting = new NestingCount();
  for (const token of tokens)
    if (nesting.take(NEST_OF_TOKEN[token.tokenType.name] ?? Nest.Other) > MAX_NESTING) return token;
  return undefined;
}

/** The most `and`/`or` operators in one condition (a clause keyword ends a condition): only long chains need a depth check. */
function longestChain(tokens: IToken[]): number {
  let longest = 0;
  let run = 0;
  for (const token of tokens) {
    const name = token.tokenType.name;
    if (name === "Kw_and" || name === "Kw_or") longest = Math.max(longest, ++run);
    else if (
      name === "LBrace" ||
      name === "RBrace" ||
      (name.startsWith("Kw_") && token.tokenType.CATEGORIES?.some((c) => c.name === "Name"))
    )
      run = 0;
  }
  return longest;
}

/** `{` tokens with no matching `}` (reported once each instead of a cascade at the end of file). */
function unclosedBraces(tokens: IToken[]): IToken[] {
  const open: IToken[] = [];
  for (const token of tokens) {
    if (token.tokenType.name === "LBrace") open.push(token);
    else if (token.tokenType.name === "RBrace") open.pop();
  }
  return open;
}
