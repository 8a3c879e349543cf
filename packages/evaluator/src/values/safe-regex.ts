import { RE2JS } from "re2js";

/**
 * RE2 patterns (linear-time matching, no backtracking) compiled once and cached by
 * pattern text. `matches` is a search: anchor with `^...$` for a whole-string match.
 */
const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 1024;

/** Compiles (or fetches) a pattern; throws a `SyntaxError`-like error for an invalid pattern. */
export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = RE2JS.compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** Whether `text` contains a match of `pattern` (RE2 semantics). */
export function regexTest(pattern: string, text: string): boolean {
  return compileRegex(pattern).test(text);
}

/** Returns the reason a pattern is not valid RE2, or undefined when it is. */
export function regexError(pattern: string): string | undefined {
  try {
    compileRegex(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A pattern read from a snapshot (`x matches device.pattern`) is at most this long... */
export const MAX_FACT_PATTERN_LENGTH = 256;
/** ...and its repetition bounds (`{n}`, `{n,m}`) add up to at most this: RE2 compiles `[a-z]{1000}` to a thousand states. */
export const MAX_FACT_PATTERN_REPEATS = 256;

/**
 * Why a pattern taken from a snapshot is refused, or undefined: RE2 matches in linear time, but
 * compiling a short pattern such as `[a-z]{1000}` twenty times over takes seconds, and each
 * device may bring its own.
 */
export function factPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_FACT_PATTERN_LENGTH)
    return `the pattern is ${pattern.length} characters, more than ${MAX_FACT_PATTERN_LENGTH}`;
  let repeats = 0;
  for (const m of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g))
    repeats += Number(m[2] === undefined || m[2] === "" ? m[1] : m[2]);
  if (repeats > MAX_FACT_PATTERN_REPEATS)
    return `its repetition counts add up to ${repeats}, more than ${MAX_FACT_PATTERN_REPEATS}`;
  return regexError(pattern);
}
