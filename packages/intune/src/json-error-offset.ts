/**
 * Where JSON text first goes wrong. Node 20's `JSON.parse` names no position for several
 * errors ("Unexpected token '}', ... is not valid JSON", "Unexpected end of JSON input"),
 * so after a failure this linear scanner finds the offset itself. It keeps its own stack,
 * so deeply nested input cannot overflow the call stack. (The CLI's snapshot reader has the
 * same scanner; this package cannot depend on the CLI.)
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
const STRING_PREFIX = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*/y;

/** Offset of the first character that makes `text` invalid JSON (`text.length` when it ends too early). */
export function jsonErrorOffset(text: string): number {
  const stack: ("[" | "{")[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  // On failure `i` is left at the offending character inside the string.
  const string = (): boolean => {
    if (match(STRING)) return true;
    match(STRING_PREFIX);
    return false;
  };
  let state: "value" | "key" | "after" = "value";
  for (;;) {
    skip();
    const c = text[i];
    if (state === "value") {
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
        for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return i;
        state = "after";
      }
    } else if (state === "key") {
      if (c !== '"' || !string()) return i;
      skip();
      if (text[i] !== ":") return i;
      i++;
      state = "value";
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i; // trailing text after a complete value, or the end (valid)
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
