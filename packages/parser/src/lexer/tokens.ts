import { Lexer, createToken, type TokenType } from "chevrotain";

/*
 * Token classes. Every word is a `Word` (so any word can follow a `.` in a path or name a
 * selector such as `all`). Clause keywords are also `Name`s, so they stay usable as policy
 * and rule names; expression keywords (`and`, `not`, `in`, ...) are not, which keeps
 * `not x` and a path named `not` from ever being confused.
 */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });
export const Name = createToken({ name: "Name", pattern: Lexer.NA, categories: [Word] });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF-]*/,
  categories: [Name],
});

function keyword(word: string, categories: TokenType[]): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_\\u00C0-\\uFFFF-])`),
    longer_alt: Identifier,
    categories,
    label: `\`${word}\``,
  });
}

/** Words that start clauses or declarations: reserved only where a clause may start. */
export const clauseWords = [
  "compliance",
  "access",
  "waiver",
  "property",
  "import",
  "let",
  "rule",
  "require",
  "severity",
  "enforcement",
  "on",
  "when",
  "controls",
  "platform",
  "description",
  "remediation",
  "after",
  "state",
  "users",
  "apps",
  "clients",
  "platforms",
  "locations",
  "signInRisk",
  "userRisk",
  "authenticationFlows",
  "devices",
  "deviceStates",
  "include",
  "exclude",
  "grant",
  "session",
  "rules",
  "properties",
  "scope",
  "reason",
  "approver",
  "ticket",
  "expires",
  "assume",
  "expect",
  "runs",
  "assign",
  "filter",
  "unsupported",
] as const;

/** Expression words: never names. */
export const expressionWords = [
  "and",
  "or",
  "not",
  "in",
  "any",
  "all",
  "where",
  "is",
  "present",
  "missing",
  "within",
  "older",
  "than",
  "true",
  "false",
  "startsWith",
  "endsWith",
  "contains",
  "matches",
] as const;

export type ClauseWord = (typeof clauseWords)[number];
export type ExpressionWord = (typeof expressionWords)[number];

export const Kw = Object.fromEntries([
  ...clauseWords.map((w) => [w, keyword(w, [Name])]),
  ...expressionWords.map((w) => [w, keyword(w, [Word])]),
]) as Record<ClauseWord | ExpressionWord, TokenType>;

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

const timestamp = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/;
export const Timestamp = createToken({ name: "Timestamp", pattern: timestamp, label: "timestamp" });
export const DateToken = createToken({ name: "Date", pattern: /\d{4}-\d{2}-\d{2}(?![\dT])/, label: "date" });
export const Duration = createToken({
  name: "Duration",
  pattern: /\d+[smhdw](?![A-Za-z0-9_\u00C0-\uFFFF-])/,
  label: "duration",
});
/** A number glued to letters (`30days`, `4hours`): lexed whole so one clear error names it (CP1004). */
export const MalformedNumber = createToken({
  name: "MalformedNumber",
  pattern: /-?\d+(?:\.\d+)?[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF-]*/,
  label: "duration",
});
export const NumberToken = createToken({
  name: "Number",
  pattern: /-?\d+(?:\.\d+)?(?![A-Za-z_\u00C0-\uFFFF])/,
  label: "number",
});
export const StringToken = createToken({ name: "String", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, label: "string" });
/** A string that reaches the end of the line: lexed so the error says what happened (CP1002). */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*/,
  label: "string",
});

export const LBrace = createToken({ name: "LBrace", pattern: "{", label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: "}", label: "`}`" });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`" });
export const LBracket = createToken({ name: "LBracket", pattern: "[", label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: "]", label: "`]`" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`" });
export const Dot = createToken({ name: "Dot", pattern: ".", label: "`.`" });
export const Star = createToken({ name: "Star", pattern: "*", label: "`*`" });
export const EqEq = createToken({ name: "EqEq", pattern: "==", label: "`==`" });
export const NotEq = createToken({ name: "NotEq", pattern: "!=", label: "`!=`" });
export const LtEq = createToken({ name: "LtEq", pattern: "<=", label: "`<=`" });
export const GtEq = createToken({ name: "GtEq", pattern: ">=", label: "`>=`" });
export const Lt = createToken({ name: "Lt", pattern: "<", label: "`<`" });
export const Gt = createToken({ name: "Gt", pattern: ">", label: "`>`" });
export const Assign = createToken({ name: "Assign", pattern: "=", label: "`=`" });

/** Lexer order matters: longer and more specific patterns first. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Timestamp,
  DateToken,
  Duration,
  MalformedNumber,
  NumberToken,
  StringToken,
  UnterminatedString,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Star,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Assign,
  ...Object.values(Kw),
  Identifier,
  Word,
  Name,
];
