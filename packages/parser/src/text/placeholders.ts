/**
 * `value` with every literal brace (written `\{` or `\}` in the source) replaced by a NUL, so
 * that finding `{device.path}` placeholders skips them. The length is unchanged, so offsets
 * found in the result index the original text.
 */
export function placeholderText(value: string, literalBraces: readonly number[] | undefined): string {
  if (literalBraces === undefined || literalBraces.length === 0) return value;
  const chars = value.split("");
  for (const at of literalBraces) if (chars[at] === "{" || chars[at] === "}") chars[at] = "\u0000";
  return chars.join("");
}
