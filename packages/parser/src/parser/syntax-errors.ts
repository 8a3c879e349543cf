import type { IRecognitionException, IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { ACCESS_CONDITIONS } from "../lexer/access-conditions.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import { tokenSpan } from "../lexer/tokenize.js";
import type { Span } from "../source/span.js";
import { describeToken } from "./error-messages.js";
import { clauseHelp } from "./clause-help.js";

/** Beyond this many syntax errors in one file, the rest are noise from the first ones. */
export const MAX_SYNTAX_ERRORS = 50;

/**
 * Turns chevrotain's recognition errors into catalog diagnostics: an unknown word where a
 * clause should start is CP1017 with a "did you mean" hint, a missing `}` at the end is
 * left to the brace check (CP1012), anything else is CP1010/CP1011.
 */
export function syntaxDiagnostics(
  file: string,
  errors: IRecognitionException[],
  lastToken: IToken | undefined,
  unclosedBraces: boolean,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const error of errors) {
    const token = error.token;
    const atEnd = token.tokenType.name === "EOF";
    if (atEnd && unclosedBraces) continue;
    const offset = atEnd ? -1 : token.startOffset;
    if (seen.has(offset)) continue;
    seen.add(offset);
    const span: Span = atEnd ? endSpan(file, lastToken) : tokenSpan(file, token);
    const expected = error.message;
    if (atEnd) {
      out.push(makeDiagnostic("CP1011", span, { expected }));
      continue;
    }
    const block = blockOf(error.context.ruleStack);
    if (token.tokenType.name === "Identifier" && block !== undefined && /`}`/.test(expected)) {
      out.push(
        makeDiagnostic("CP1017", span, {
          name: token.image,
          block: block.label,
          help: clauseHelp(token.image, block.clauses),
        }),
      );
      continue;
    }
    const chained = /^(==|!=|<=|>=|<|>)$/.test(token.image) && expected !== "an expression";
    const help = chained ? "comparisons do not chain: write `a < b and b < c`" : undefined;
    out.push(
      makeDiagnostic("CP1010", span, { found: describeToken(token), expected }, help === undefined ? {} : { help }),
    );
  }
  if (out.length > MAX_SYNTAX_ERRORS) {
    const kept = out.slice(0, MAX_SYNTAX_ERRORS);
    kept.push(makeDiagnostic("CP1016", out[MAX_SYNTAX_ERRORS]!.span, { count: MAX_SYNTAX_ERRORS }));
    return kept;
  }
  return out;
}

const BLOCKS: Record<string, { label: string; clauses: string[] }> = {
  compliance: {
    label: "a compliance policy",
    clauses: ["description", "platform", "enforcement", "on", "when", "controls", "rule"],
  },
  rule: {
    label: "a rule",
    clauses: ["require", "severity", "remediation", "controls", "enforcement", "when", "on", "description"],
  },
  access: {
    label: "an access policy",
    clauses: ["description", "state", ...ACCESS_CONDITIONS, "devices", "grant", "session", "controls", "unsupported"],
  },
  waiver: {
    label: "a waiver",
    clauses: ["rules", "properties", "scope", "devices", "reason", "approver", "ticket", "expires"],
  },
  property: { label: "a property", clauses: ["assume", "expect", "runs"] },
};

function blockOf(ruleStack: string[]): { label: string; clauses: string[] } | undefined {
  for (let i = ruleStack.length - 1; i >= 0; i--) {
    const block = BLOCKS[ruleStack[i]!];
    if (block !== undefined) return block;
  }
  return undefined;
}

function endSpan(file: string, last: IToken | undefined): Span {
  if (last === undefined)
    return { file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  const s = tokenSpan(file, last);
  return { file, start: s.end, end: s.end };
}
