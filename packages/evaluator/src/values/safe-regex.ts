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
