import { scanJson } from "@tenet/parser";

/**
 * The 1-based line on which each snapshot of a JSON document starts: the elements of a root
 * array, or of a Graph list's `value` array. Error records then point at the device in a
 * 10,000-device export instead of only naming the file. `undefined` for a single object.
 */
export function elementLines(text: string): number[] | undefined {
  const offsets: number[] = [];
  let list: "root" | "value" | undefined;
  scanJson(text, (offset, depth, rootKey) => {
    if (depth === 0) list = text[offset] === "[" ? "root" : undefined;
    else if (depth === 1 && list === "root") offsets.push(offset);
    else if (depth === 1 && rootKey === "value" && text[offset] === "[") list = "value";
    else if (depth === 2 && list === "value" && rootKey === "value") offsets.push(offset);
  });
  if (list === undefined) return undefined;
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const offset of offsets) {
    for (let nl = text.indexOf("\n", at); nl !== -1 && nl < offset; nl = text.indexOf("\n", nl + 1)) line++;
    at = offset;
    lines.push(line);
  }
  return lines;
}
