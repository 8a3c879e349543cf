import { Lexer, type IToken } from "chevrotain";
import type { Diagnostic, StageResult } from "../diagnostics/diagnostic.js";
import { makeDiagnostic } from "../diagnostics/make-diagnostic.js";
import type { Span } from "../source/span.js";
import { LineIndex } from "../source/line-index.js";
import { allTokens, Duration, MalformedNumber, StringToken, UnterminatedString } from "./tokens.js";

/** Built on first use: well-formed files never need it (parse-direct.ts), and building it costs start-up time. */
let lexer: Lexer | undefined;

/** The tokens of one file; comments are kept apart for the formatter. */
export interface TokenStream {
  tokens: IToken[];
  comments: IToken[];
  /** The text the offsets refer to (a leading byte-order mark removed). */
  text: string;
}

/** The span of one token (chevrotain's ends are inclusive; ours are exclusive). */
export function tokenSpan(file: string, token: IToken): Span {
  const startLine = token.startLine ?? 1;
  const startColumn = token.startColumn ?? 1;
  return {
    file,
    start: { line: startLine, column: startColumn, offset: token.startOffset },
    end: {
      line: token.endLine ?? startLine,
      column: (token.endColumn ?? startColumn) + 1,
      offset: (token.endOffset ?? token.startOffset) + 1,
    },
  };
}

/**
 * Splits policy text into tokens. Lexing never stops at a bad character: it is reported
 * (CP1001) and skipped, and an unterminated string is reported (CP1002) and read as a
 * string up to the line end, so the parser still sees the rest of the file.
 */
export function tokenize(source: string, file: string): StageResult<TokenStream> {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const diagnostics: Diagnostic[] = [];
  if (text.includes("\u0000")) {
    diagnostics.push(makeDiagnostic("CP1015", spanAt(file, text, text.indexOf("\u0000"), 1)));
    return { value: { tokens: [], comments: [], text }, diagnostics };
  }
  lexer ??= new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });
  const result = lexer.tokenize(text);
  const lines = new LineIndex(text);
  for (const error of result.errors) {
    const char = text.slice(error.offset, error.offset + Math.max(1, error.length));
    diagnostics.push(
      makeDiagnostic("CP1001", lines.span(file, error.offset, error.length), {
        char: char.length > 20 ? `${char.slice(0, 20)}…` : char,
      }),
    );
  }
  const tokens = result.tokens.map((token) => {
    if (token.tokenType === MalformedNumber) {
      diagnostics.push(
        makeDiagnostic("CP1004", tokenSpan(file, token), {
          kind: "duration",
          text: token.image,
          help: "write a duration as a whole number followed by `s`, `m`, `h`, `d` or `w`, e.g. `30d`",
        }),
      );
      return { ...token, tokenType: Duration };
    }
    if (token.tokenType !== UnterminatedString) return token;
    diagnostics.push(makeDiagnostic("CP1002", tokenSpan(file, token)));
    return { ...token, tokenType: StringToken, image: `${token.image}"` };
  });
  return { value: { tokens, comments: result.groups["comments"] ?? [], text }, diagnostics };
}

/** A span from an offset and length (one scan of the text; use a LineIndex for many spans in one text). */
export function spanAt(file: string, text: string, offset: number, length: number): Span {
  return new LineIndex(text).span(file, offset, length);
}
