import { jsonErrorOffset } from "@tenet/parser";

/**
 * `unexpected `}` at line 3, column 11` (the line is left out for one-line text), for error
 * records: V8's own messages often give no position and quote the text back.
 */
export function jsonSyntaxError(text: string, lineOffset = 0): string {
  const offset = jsonErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const where = text.includes("\n") ? `line ${line + lineOffset}, column ${column}` : `column ${column}`;
  const at = text[offset];
  if (at === undefined) return `unexpected end of input at ${where}`;
  const shown = /[\u0000-\u001f]/.test(at) ? `\\u${at.charCodeAt(0).toString(16).padStart(4, "0")}` : at;
  return `unexpected \`${shown}\` at ${where}`;
}
