import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { tokenSpan } from "../lexer/tokenize.js";
import type { Span } from "../source/span.js";

/** What the CST-to-AST conversion carries: the file and the diagnostics it adds. */
export interface Convert {
  file: string;
  diagnostics: Diagnostic[];
}

function isToken(e: CstElement): e is IToken {
  return "image" in e;
}

/** The tokens under `key`, without tokens that error recovery invented. */
// These helpers run for every CST node: plain loops keep the conversion allocation-light.
export function tokensOf(node: CstNode, key: string): IToken[] {
  const elements = node.children[key];
  const out: IToken[] = [];
  if (elements === undefined) return out;
  for (const e of elements) if (isToken(e) && e.isInsertedInRecovery !== true) out.push(e);
  return out;
}

export function tokenOf(node: CstNode, key: string): IToken | undefined {
  const elements = node.children[key];
  if (elements === undefined) return undefined;
  for (const e of elements) if (isToken(e) && e.isInsertedInRecovery !== true) return e;
  return undefined;
}

export function nodesOf(node: CstNode, key: string): CstNode[] {
  const elements = node.children[key];
  const out: CstNode[] = [];
  if (elements === undefined) return out;
  for (const e of elements) if (!isToken(e)) out.push(e);
  return out;
}

export function nodeOf(node: CstNode, key: string): CstNode | undefined {
  const elements = node.children[key];
  if (elements === undefined) return undefined;
  for (const e of elements) if (!isToken(e)) return e;
  return undefined;
}

/** The only sub-rule of a node that is a choice between rules (`complianceClause` -> `rule`). */
export function onlyChild(node: CstNode): CstNode | undefined {
  for (const key in node.children) {
    const first = node.children[key]![0];
    if (first !== undefined && !isToken(first)) return first;
  }
  return undefined;
}

/** The span of a CST node; a node that recovery left empty gets the span of `fallback`. */
export function nodeSpan(c: Convert, node: CstNode, fallback?: Span): Span {
  const loc = node.location;
  if (
    loc === undefined ||
    Number.isNaN(loc.startOffset) ||
    loc.endOffset === undefined ||
    Number.isNaN(loc.endOffset)
  ) {
    return (
      fallback ?? { file: c.file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } }
    );
  }
  return {
    file: c.file,
    start: { line: loc.startLine ?? 1, column: loc.startColumn ?? 1, offset: loc.startOffset },
    end: { line: loc.endLine ?? 1, column: (loc.endColumn ?? 0) + 1, offset: loc.endOffset + 1 },
  };
}

export function spanOf(c: Convert, token: IToken): Span {
  return tokenSpan(c.file, token);
}
