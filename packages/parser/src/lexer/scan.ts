import {
  clauseWords,
  DateToken,
  Duration,
  expressionWords,
  MalformedNumber,
  NumberToken,
  Timestamp,
} from "./tokens.js";
import type { ClauseWord, ExpressionWord } from "./tokens.js";
import { Nest, NestingCount } from "./nesting.js";

/*
 * A scanner for well-formed policy text, for the direct parser (parse-direct.ts). It yields the
 * tokens chevrotain's lexer (tokens.ts) yields, as numbers in typed arrays instead of one object
 * per token, and gives up (undefined) at anything the lexer would report or that it does not
 * read itself (a bad character, an unterminated string, a number glued to letters, a non-ASCII
 * word), so the caller falls back to tokenize.ts and its diagnostics.
 */

/** Token kinds: small numbers; clause keywords are `Name`s, every keyword is a `Word`. */
export const K = {
  EOF: 0,
  Identifier: 1,
  String: 2,
  Number: 3,
  Duration: 4,
  Date: 5,
  Timestamp: 6,
  LBrace: 7,
  RBrace: 8,
  LParen: 9,
  RParen: 10,
  LBracket: 11,
  RBracket: 12,
  Comma: 13,
  Dot: 14,
  Star: 15,
  EqEq: 16,
  NotEq: 17,
  LtEq: 18,
  GtEq: 19,
  Lt: 20,
  Gt: 21,
  Assign: 22,
} as const;

const CLAUSE_BASE = 32;
const EXPRESSION_BASE = CLAUSE_BASE + clauseWords.length;
const KEYWORDS = new Map<string, number>([
  ...clauseWords.map((w, i): [string, number] => [w, CLAUSE_BASE + i]),
  ...expressionWords.map((w, i): [string, number] => [w, EXPRESSION_BASE + i]),
]);

/** The kind of a keyword. */
export function kw(word: ClauseWord | ExpressionWord): number {
  return KEYWORDS.get(word)!;
}

/** An identifier or a clause keyword (chevrotain's `Name` category). */
export function isName(kind: number): boolean {
  return kind === K.Identifier || (kind >= CLAUSE_BASE && kind < EXPRESSION_BASE);
}

/** Any word, keywords included (chevrotain's `Word` category). */
export function isWord(kind: number): boolean {
  return kind === K.Identifier || kind >= CLAUSE_BASE;
}

/** The token type names literalLit reads, by kind. */
export const LITERAL_TYPE: Record<number, string> = {
  [K.String]: "String",
  [K.Number]: "Number",
  [K.Duration]: "Duration",
  [K.Date]: "Date",
  [K.Timestamp]: "Timestamp",
  [kw("true")]: "Kw_true",
  [kw("false")]: "Kw_false",
};

/** The scanned tokens, index by index; two EOF entries end the arrays so LA(2) needs no bound check. */
export interface ScannedTokens {
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** The offset at which each line starts (line 1 at 0), for the spans' line and column. */
  lineStarts: Int32Array;
  /** Comments: [start, end] per comment. */
  comments: number[];
}

/** Limits the full parser enforces with diagnostics; past them the scanner gives up. */
export interface ScanLimits {
  /** Nesting as lexer/nesting.ts counts it (parse.ts nestingViolation uses the same counter). */
  nesting: number;
  /** `and`/`or` operators in one condition (parse.ts longestChain). */
  chain: number;
}

// Sticky copies of the lexer's own patterns, tried in the lexer's order for a token that starts
// with a digit or `-` (the first pattern that matches wins, as in chevrotain).
const sticky = (pattern: unknown) => new RegExp((pattern as RegExp).source, "y");
const NUMERIC: [RegExp, number][] = [
  [sticky(Timestamp.PATTERN), K.Timestamp],
  [sticky(DateToken.PATTERN), K.Date],
  [sticky(Duration.PATTERN), K.Duration],
  [sticky(MalformedNumber.PATTERN), -1],
  [sticky(NumberToken.PATTERN), K.Number],
];

const NOT = kw("not");
const ANY = kw("any");
const ALL = kw("all");
const WHERE = kw("where");
const AND = kw("and");
const OR = kw("or");

function nestOf(k: number): Nest {
  if (k === K.LParen) return Nest.Paren;
  if (k === K.LBracket) return Nest.Bracket;
  if (k === K.RParen || k === K.RBracket) return Nest.Close;
  if (k === K.LBrace || k === K.RBrace) return Nest.Brace;
  if (k === WHERE) return Nest.Where;
  return k === NOT || k === ANY || k === ALL ? Nest.Prefix : Nest.Other;
}

const PUNCTUATION: Record<number, number> = {
  0x7b: K.LBrace,
  0x7d: K.RBrace,
  0x28: K.LParen,
  0x29: K.RParen,
  0x5b: K.LBracket,
  0x5d: K.RBracket,
  0x2c: K.Comma,
  0x2e: K.Dot,
  0x2a: K.Star,
};

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** The tokens of `text` (a leading byte-order mark already removed), or undefined as described above. */
export function scan(text: string, limits: ScanLimits): ScannedTokens | undefined {
  if (text.includes("\u0000")) return undefined;
  let capacity = 64 + (text.length >> 3);
  let kind = new Uint8Array(capacity);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  const comments: number[] = [];
  const lineStarts = [0];
  let count = 0;
  const nesting = new NestingCount();
  let chain = 0;
  const length = text.length;
  let i = 0;

  const push = (k: number, from: number, to: number): boolean => {
    if (count + 2 >= capacity) {
      capacity *= 2;
      const grow = <T extends Uint8Array | Int32Array>(a: T, b: T): T => (b.set(a), b);
      kind = grow(kind, new Uint8Array(capacity));
      start = grow(start, new Int32Array(capacity));
      end = grow(end, new Int32Array(capacity));
    }
    kind[count] = k;
    start[count] = from;
    end[count] = to;
    count++;
    const depth = nesting.take(nestOf(k));
    if (k === AND || k === OR) chain++;
    else if (k === K.LBrace || k === K.RBrace || (k >= CLAUSE_BASE && k < EXPRESSION_BASE)) chain = 0;
    return depth <= limits.nesting && chain <= limits.chain;
  };

  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      i++;
    } else if (c === 0x0a || c === 0x0d) {
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      lineStarts.push(i);
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < length && isWordPart(text.charCodeAt(j))) j++;
      if (j < length && text.charCodeAt(j) >= 0x80) return undefined;
      if (!push(KEYWORDS.get(text.slice(i, j)) ?? K.Identifier, i, j)) return undefined;
      i = j;
    } else if (c === 0x22) {
      let j = i + 1;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === 0x22) break;
        if (j >= length || d === 0x0a || d === 0x0d) return undefined;
        if (d === 0x5c) {
          const e = text.charCodeAt(j + 1);
          if (j + 1 >= length || e === 0x0a || e === 0x0d) return undefined;
          j += 2;
        } else j++;
      }
      if (!push(K.String, i, j + 1)) return undefined;
      i = j + 1;
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      let matched = false;
      for (const [pattern, k] of NUMERIC) {
        pattern.lastIndex = i;
        if (!pattern.test(text)) continue;
        if (k < 0 || !push(k, i, pattern.lastIndex)) return undefined;
        i = pattern.lastIndex;
        matched = true;
        break;
      }
      if (!matched) return undefined;
    } else if (c === 0x23) {
      let j = i + 1;
      while (j < length && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) j++;
      comments.push(i, j);
      i = j;
    } else if (PUNCTUATION[c] !== undefined) {
      if (!push(PUNCTUATION[c]!, i, i + 1)) return undefined;
      i++;
    } else {
      const eq = text.charCodeAt(i + 1) === 0x3d;
      let k: number;
      if (c === 0x3d) k = eq ? K.EqEq : K.Assign;
      else if (c === 0x21 && eq) k = K.NotEq;
      else if (c === 0x3c) k = eq ? K.LtEq : K.Lt;
      else if (c === 0x3e) k = eq ? K.GtEq : K.Gt;
      else return undefined;
      const width = eq && k !== K.Assign ? 2 : 1;
      if (!push(k, i, i + width)) return undefined;
      i += width;
    }
  }
  // Two EOF entries (the arrays always have room: push keeps two spare).
  for (let n = 0; n < 2; n++) {
    kind[count + n] = K.EOF;
    start[count + n] = length;
    end[count + n] = length;
  }
  return { count, kind, start, end, lineStarts: Int32Array.from(lineStarts), comments };
}
