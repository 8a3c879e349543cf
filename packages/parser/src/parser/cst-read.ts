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
export function tokensOf(node: CstNode, key: string): IToken[] {
  return (node.children[key] ?? []).filter(isToken).filter((t) => t.isInsertedInRecovery !== true);
}

export function tokenOf(node: CstNode, key: string): IToken | undefined {
  return tokensOf(node, key)[0];
}

export function nodesOf(node: CstNode, key: string): CstNode[] {
  return (node.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

export function nodeOf(node: CstNode, key: string): CstNode | undefined {
  return nodesOf(node, key)[0];
}

/** The only sub-rule of a node that is a choice between rules (`complianceClause` -> `rule`). */
export function onlyChild(node: CstNode): CstNode | undefined {
  for (const elements of Object.values(node.children)) {
    const first = elements[0];
    if (first !== undefined && !isToken(first)) return first;
  }
  return undefined;
}

/** Every child element in source order (tokens and nodes mixed). */
export function childrenInOrder(node: CstNode): CstElement[] {
  return Object.values(node.children)
    .flat()
    .sort((a, b) => offsetOf(a) - offsetOf(b));
}

function offsetOf(e: CstElement): number {
  return isToken(e) ? e.startOffset : (e.location?.startOffset ?? Number.MAX_SAFE_INTEGER);
}

/** The span of a CST node; a node that recovery left empty gets the span of `fallback`. */
export function nodeSpan(c: Convert, node: CstNode, fallback?: Span): Span {
  const loc = node.location;
  if (loc === undefined || Number.isNaN(loc.startOffset) || loc.endOffset === undefined || Number.isNaN(loc.endOffset)) {
    return fallback ?? { file: c.file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
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
