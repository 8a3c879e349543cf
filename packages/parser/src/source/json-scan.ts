/**
 * Where JSON text first goes wrong. Node 20's `JSON.parse` names no position for several
 * errors ("Unexpected token '}', ... is not valid JSON", "Unexpected end of JSON input"), so
 * after a failure this linear scanner finds the offset itself. It keeps its own stack, so
 * hostile nesting cannot overflow the call stack. Used by the CLI's snapshot reader and the
 * Intune reader, which both report bad JSON by line and column.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Offset of the first character that makes `text` invalid JSON (`text.length` when it ends too early). */
export function jsonErrorOffset(text: string): number {
  return scanJson(text);
}

/**
 * Walks JSON text without building values, calling `onValue` with the offset of each value,
 * its depth (0 for the root) and the key of the root member it sits in; returns the offset of
 * the first error (`text.length` for valid text, or text that ends too early).
 */
export function scanJson(
  text: string,
  onValue?: (offset: number, depth: number, rootKey: string | undefined) => void,
): number {
  const stack: ("[" | "{")[] = [];
  let rootKey: string | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skip = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  /**
   * Reads a string; on failure `i` is left at the offending character. A loop, not a regex:
   * V8's backtracking regex engine overflows its stack on strings of a few million characters.
   */
  const string = (): boolean => {
    i++;
    for (;;) {
      const code = text.charCodeAt(i);
      if (Number.isNaN(code) || code < 0x20) return false;
      if (code === 0x22) {
        i++;
        return true;
      }
      if (code !== 0x5c) {
        i++;
        continue;
      }
      const escaped = text[i + 1];
      if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i += 2;
      else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else return false;
    }
  };
  let state: "value" | "key" | "after" = "value";
  for (;;) {
    skip();
    const c = text[i];
    if (state === "value") {
      onValue?.(i, stack.length, rootKey);
      if (c === "[" || c === "{") {
        stack.push(c);
        i++;
        skip();
        if (text[i] === (c === "[" ? "]" : "}")) {
          stack.pop();
          i++;
          state = "after";
        } else state = c === "[" ? "value" : "key";
      } else if (c === '"') {
        if (!string()) return i;
        state = "after";
      } else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
        if (!match(NUMBER)) return c === "-" ? i + 1 : i;
        state = "after";
      } else {
        const word = ["true", "false", "null"].find((w) => w[0] === c);
        if (word === undefined) return i;
        // `nope` goes wrong at `o`, as far as it still spells `null`.
        for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return i;
        state = "after";
      }
    } else if (state === "key") {
      const start = i;
      if (c !== '"' || !string()) return i;
      if (onValue !== undefined && stack.length === 1) rootKey = JSON.parse(text.slice(start, i)) as string;
      skip();
      if (text[i] !== ":") return i;
      i++;
      state = "value";
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i; // trailing text after a complete value (or the end: valid)
      if (c === ",") {
        i++;
        state = top === "[" ? "value" : "key";
      } else if (c === (top === "[" ? "]" : "}")) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}
